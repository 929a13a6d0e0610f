package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.KIM;
import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.TUESDAY_9AM;
import static dev.clinicsync.sync.Fixtures.appt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.AccessDeniedException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.memory.InMemoryAppointmentStore;
import dev.clinicsync.core.memory.InMemorySyncStateStore;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SyncProgressTest {
  private static final Principal ADMIN = Principal.admin("u-admin");

  /** A vendor that takes 200 ms per page (by the test's clock) and lists {@code count} sessions, three per page. */
  private static final class SlowFeed extends FakeConnector {
    private final MutableClock clock;

    SlowFeed(String id, MutableClock clock, int count, int offsetHours) {
      super(id, SourceSystem.ZOCDOC);
      this.clock = clock;
      pageSize(3);
      for (int i = 0; i < count; i++) {
        put(appt(SourceSystem.ZOCDOC, id + "-" + i, "v1", i % 2 == 0 ? LEE : KIM,
            TUESDAY_9AM.plus(Duration.ofHours(offsetHours + i)), 50),
            PhiRecord.builder().put(PhiField.PATIENT_NAME, "Jane Roe " + i).build());
      }
    }

    @Override
    public synchronized FetchPage fetch(FetchRequest request) {
      clock.advance(Duration.ofMillis(200));
      return super.fetch(request);
    }
  }

  /** A fresh coordinator over fresh stores, reading the given feeds. */
  private static final class World {
    final MutableClock clock = new MutableClock(NOW);
    final InMemoryAppointmentStore store = new InMemoryAppointmentStore();
    final InMemorySyncStateStore state = new InMemorySyncStateStore(clock);
    final SlowFeed zocdoc = new SlowFeed("zocdoc-main", clock, 7, 0);
    final SlowFeed second = new SlowFeed("zocdoc-east", clock, 4, 1);
    final SyncCoordinator coordinator = SyncCoordinator.builder().connectors(zocdoc, second).appointmentStore(store)
        .syncStateStore(state).clinicianDirectory(Fixtures.clinicians()).clock(clock).build();
  }

  /** Records every callback. */
  private static final class Recorder implements SyncProgress {
    final List<PageProgress> pages = new ArrayList<>();
    final List<SyncReport> finished = new ArrayList<>();

    @Override
    public void page(PageProgress page) {
      pages.add(page);
    }

    @Override
    public void finished(SyncReport report) {
      finished.add(report);
    }
  }

  @Test
  @DisplayName("a three-page sync calls back once per page with growing counts, and the last count is the report's total")
  void onePerPage() {
    World w = new World();
    Recorder r = new Recorder();

    SyncReport report = w.coordinator.syncNow(ADMIN, w.zocdoc.id(), r);

    assertThat(report.succeeded()).isTrue();
    assertThat(r.pages).extracting(PageProgress::page).containsExactly(1, 2, 3);
    assertThat(r.pages).extracting(PageProgress::recordsOnPage).containsExactly(3, 3, 1);
    assertThat(r.pages).extracting(PageProgress::recordsSoFar).containsExactly(3L, 6L, 7L);
    assertThat(r.pages).extracting(PageProgress::connector).containsOnly(w.zocdoc.id());
    assertThat(r.pages).extracting(PageProgress::elapsed)
        .containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(600));
    long total = report.created() + report.updated() + report.unchanged() + report.skipped().size();
    assertThat(r.pages.get(r.pages.size() - 1).recordsSoFar()).isEqualTo(total).isEqualTo(7);
    assertThat(r.finished).containsExactly(report);
  }

  @Test
  @DisplayName("syncAll reports every connector's pages in turn, each counting from its own first page")
  void syncAllPerConnector() {
    World w = new World();
    Recorder r = new Recorder();

    List<SyncReport> reports = w.coordinator.syncAll(ADMIN, r);

    assertThat(reports).hasSize(2);
    assertThat(r.pages).extracting(p -> p.connector().value() + "#" + p.page() + "=" + p.recordsSoFar())
        .containsExactly("zocdoc-main#1=3", "zocdoc-main#2=6", "zocdoc-main#3=7", "zocdoc-east#1=3", "zocdoc-east#2=4");
    assertThat(r.finished).containsExactlyElementsOf(reports);
  }

  @Test
  @DisplayName("an incremental sync after the first shows its single page of changes")
  void incrementalPage() {
    World w = new World();
    w.coordinator.syncNow(ADMIN, w.zocdoc.id());
    w.zocdoc.put(appt(SourceSystem.ZOCDOC, "zocdoc-main-0", "v2", LEE, TUESDAY_9AM.plus(Duration.ofMinutes(10)), 50));
    Recorder r = new Recorder();

    SyncReport report = w.coordinator.syncNow(ADMIN, w.zocdoc.id(), r);

    assertThat(report.mode()).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(r.pages).singleElement().satisfies(p -> {
      assertThat(p.page()).isEqualTo(1);
      assertThat(p.recordsSoFar()).isEqualTo(1);
    });
  }

  @Test
  @DisplayName("a callback that throws on every page and at the end leaves the sync's result and stored data unchanged")
  void throwingCallbackChangesNothing() {
    World plain = new World();
    SyncReport expected = plain.coordinator.syncNow(ADMIN, plain.zocdoc.id());
    World noisy = new World();
    int[] calls = {0};
    SyncProgress throwing = new SyncProgress() {
      @Override
      public void page(PageProgress page) {
        calls[0]++;
        throw new IllegalStateException("progress bar for Jane Roe broke");
      }

      @Override
      public void finished(SyncReport report) {
        calls[0]++;
        throw new IllegalStateException("summary for Jane Roe broke");
      }
    };
    CapturedLogs.clear();

    SyncReport actual = noisy.coordinator.syncNow(ADMIN, noisy.zocdoc.id(), throwing);

    assertThat(calls[0]).as("every page was still offered, then the end").isEqualTo(4);
    assertThat(actual).isEqualTo(expected);
    assertThat(noisy.store.find(AppointmentQuery.ALL)).hasSameSizeAs(plain.store.find(AppointmentQuery.ALL))
        .hasSize(7);
    assertThat(noisy.state.cursor(ConnectorId.of("zocdoc-main"))).isEqualTo(plain.state.cursor(ConnectorId.of("zocdoc-main")));
    assertThat(CapturedLogs.lines()).anySatisfy(l -> assertThat(l)
        .contains("zocdoc-main", "progress callback threw 4 time(s)", "IllegalStateException"));
    assertThat(CapturedLogs.lines()).noneMatch(l -> l.contains("Jane Roe"));
  }

  @Test
  @DisplayName("the progress overloads check access first and refuse a missing callback by name")
  void accessAndNulls() {
    World w = new World();
    assertThatThrownBy(() -> w.coordinator.syncNow(Principal.frontDesk("u-desk"), w.zocdoc.id(), new Recorder()))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> w.coordinator.syncAll(ADMIN, null))
        .isInstanceOf(ValidationException.class).hasMessageContaining("sync progress callback");
    assertThat(w.zocdoc.fetches).isZero();
  }

  @Test
  @DisplayName("a page's progress is validated: pages from 1, totals at least the page's count, time not negative")
  void recordValidation() {
    ConnectorId id = ConnectorId.of("zocdoc-main");
    assertThatThrownBy(() -> new PageProgress(id, 0, 0, 0, Duration.ZERO)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("page");
    assertThatThrownBy(() -> new PageProgress(id, 1, 2, 3, Duration.ZERO)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("records");
    assertThatThrownBy(() -> new PageProgress(id, 1, 3, 3, Duration.ofMillis(-1)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("elapsed");
    assertThat(new PageProgress(id, 2, 5, 3, Duration.ofSeconds(1)).toString()).contains("zocdoc-main");
  }
}
