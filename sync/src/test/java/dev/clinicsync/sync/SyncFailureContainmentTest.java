package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.TUESDAY_9AM;
import static dev.clinicsync.sync.Fixtures.appt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.FetchLimitExceededException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditEvent;
import dev.clinicsync.core.connector.FetchLimits;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.memory.InMemoryAppointmentStore;
import dev.clinicsync.core.memory.InMemoryAuditSink;
import dev.clinicsync.core.memory.InMemorySyncStateStore;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.SyncCursor;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One connector's trouble stays that connector's: limits, unexpected errors, and what they leave behind. */
@DisplayName("Failures stay with their connector")
class SyncFailureContainmentTest {
  private static final Principal ADMIN = Principal.admin("u-admin");
  private static final String PHI = "Jane Plantedname";

  private final MutableClock clock = new MutableClock(NOW);
  private InMemoryAppointmentStore store;
  private InMemoryAuditSink audit;
  private InMemorySyncStateStore state;
  private FakeConnector healthy;

  @BeforeEach
  void wire() {
    store = new InMemoryAppointmentStore();
    audit = new InMemoryAuditSink();
    state = new InMemorySyncStateStore(clock);
    healthy = new FakeConnector("zocdoc-main", SourceSystem.ZOCDOC);
    healthy.put(appt(SourceSystem.ZOCDOC, "zd-1", "v1", LEE, TUESDAY_9AM, 50));
  }

  private SyncCoordinator coordinator(FakeConnector broken, FetchLimits limits) {
    return SyncCoordinator.builder().connectors(broken, healthy).appointmentStore(store).auditSink(audit)
        .syncStateStore(state).clinicianDirectory(Fixtures.clinicians()).clock(clock).fetchLimits(limits).build();
  }

  /** A connector that answers every page with one record and a fresh page token: an endless run. */
  private static FakeConnector endless() {
    return new FakeConnector("endless", SourceSystem.KAREO) {
      private int page;

      @Override
      public synchronized FetchPage fetch(FetchRequest request) {
        page++;
        return FetchPage.builder()
            .upsert(dev.clinicsync.core.connector.SourceRecord.of(
                appt(SourceSystem.KAREO, "k-" + page, "v1", LEE, TUESDAY_9AM.plus(Duration.ofHours(page % 8)), 10)))
            .nextPageToken("token-" + page).build();
      }
    };
  }

  /** A connector whose fetch throws what {@code error} makes. */
  private static FakeConnector throwing(Supplier<Throwable> error) {
    return new FakeConnector("broken", SourceSystem.KAREO) {
      @Override
      public FetchPage fetch(FetchRequest request) {
        Throwable t = error.get();
        if (t instanceof Error e) {
          throw e;
        }
        throw (RuntimeException) t;
      }
    };
  }

  private List<AuditEvent> events(AuditAction action) {
    return audit.read(1, 10_000).stream().filter(e -> e.action() == action).toList();
  }

  private SyncReport reportOf(List<SyncReport> reports, String connector) {
    return reports.stream().filter(r -> r.connector().value().equals(connector)).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("a fetch past its page limit fails that connector typed and audited, nothing applied, cursor unchanged; the others sync")
  void pageLimit() {
    FakeConnector endless = endless();
    state.saveCursor(endless.id(), SyncCursor.of("before"));
    SyncCoordinator c = coordinator(endless, FetchLimits.DEFAULTS.withMaxPages(5));
    List<SyncReport> reports = c.syncAll(ADMIN);

    SyncReport failed = reportOf(reports, "endless");
    assertThat(failed.outcome()).isEqualTo(SyncOutcome.FAILED);
    assertThat(failed.failure()).containsInstanceOf(FetchLimitExceededException.class);
    assertThat(failed.failure().map(f -> ((FetchLimitExceededException) f).limit()))
        .contains(FetchLimitExceededException.Limit.PAGES);
    assertThat(failed.created()).isZero();
    assertThat(store.find(dev.clinicsync.core.store.AppointmentQuery.builder().connector(endless.id()).build())).isEmpty();
    assertThat(state.cursor(endless.id())).contains(SyncCursor.of("before"));
    assertThat(events(AuditAction.SYNC_FAILED)).singleElement().satisfies(e -> {
      assertThat(e.subject()).isEqualTo("endless");
      assertThat(e.details()).containsEntry("code", "FETCH_LIMIT_PAGES")
          .containsEntry("error", "FetchLimitExceededException");
    });

    SyncReport other = reportOf(reports, "zocdoc-main");
    assertThat(other.outcome()).isEqualTo(SyncOutcome.APPLIED);
    assertThat(other.created()).isEqualTo(1);
  }

  @Test
  @DisplayName("a fetch past its record limit fails the same way, whatever the page count")
  void recordLimit() {
    SyncCoordinator c = coordinator(endless(), FetchLimits.DEFAULTS.withMaxRecords(3));
    SyncReport r = c.syncNow(ADMIN, dev.clinicsync.core.model.ConnectorId.of("endless"));
    assertThat(r.failure()).hasValueSatisfying(f -> assertThat(((FetchLimitExceededException) f).limit())
        .isEqualTo(FetchLimitExceededException.Limit.RECORDS));
    assertThat(events(AuditAction.SYNC_FAILED)).singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("code", "FETCH_LIMIT_RECORDS"));
  }

  @Test
  @DisplayName("a fetch that takes longer than its limit (by the coordinator's clock) fails typed")
  void durationLimit() {
    FakeConnector slow = new FakeConnector("slow", SourceSystem.KAREO) {
      @Override
      public synchronized FetchPage fetch(FetchRequest request) {
        clock.advance(Duration.ofMinutes(2)); // each page takes two minutes
        return FetchPage.builder().nextPageToken("t-" + clock.instant()).build();
      }
    };
    SyncCoordinator c = coordinator(slow, FetchLimits.DEFAULTS.withMaxDuration(Duration.ofMinutes(5)));
    SyncReport r = c.syncNow(ADMIN, slow.id());
    assertThat(r.failure()).hasValueSatisfying(f -> assertThat(((FetchLimitExceededException) f).limit())
        .isEqualTo(FetchLimitExceededException.Limit.DURATION));
  }

  @Test
  @DisplayName("a StackOverflowError from one connector's data fails that sync typed and audited; syncAll carries on")
  void stackOverflow() {
    FakeConnector broken = throwing(() -> new StackOverflowError("recursed into " + PHI));
    SyncCoordinator c = coordinator(broken, FetchLimits.DEFAULTS);
    List<SyncReport> reports = c.syncAll(ADMIN);
    SyncReport failed = reportOf(reports, "broken");
    assertThat(failed.outcome()).isEqualTo(SyncOutcome.FAILED);
    assertThat(failed.failure()).hasValueSatisfying(f -> {
      assertThat(f).isInstanceOf(ConnectorException.class).hasCauseInstanceOf(StackOverflowError.class);
      assertThat(f.getMessage()).contains("StackOverflowError").doesNotContain(PHI);
    });
    assertThat(failed.errors()).singleElement().asString().contains("StackOverflowError").doesNotContain(PHI);
    assertThat(events(AuditAction.SYNC_FAILED)).singleElement().satisfies(e -> {
      assertThat(e.details()).containsEntry("code", "ConnectorException:StackOverflowError");
      assertThat(e.details().toString()).doesNotContain(PHI);
    });
    assertThat(reportOf(reports, "zocdoc-main").outcome()).isEqualTo(SyncOutcome.APPLIED);
    assertThat(failed.toString()).doesNotContain(PHI);
    assertThat(c.syncNow(ADMIN, broken.id()).outcome()).as("the lease was released").isEqualTo(SyncOutcome.FAILED);
  }

  @Test
  @DisplayName("an OutOfMemoryError from one huge answer is contained the same way")
  void outOfMemory() {
    FakeConnector broken = throwing(() -> new OutOfMemoryError("Java heap space"));
    SyncReport r = coordinator(broken, FetchLimits.DEFAULTS).syncNow(ADMIN, broken.id());
    assertThat(r.failure()).hasValueSatisfying(f -> assertThat(f).hasCauseInstanceOf(OutOfMemoryError.class));
    assertThat(events(AuditAction.SYNC_FAILED)).hasSize(1);
  }

  @Test
  @DisplayName("an InternalError (the JVM itself is broken) is rethrown, after the sync lease is released")
  void internalErrorRethrown() {
    FakeConnector broken = throwing(() -> new InternalError("broken JVM"));
    SyncCoordinator c = coordinator(broken, FetchLimits.DEFAULTS);
    assertThatThrownBy(() -> c.syncNow(ADMIN, broken.id())).isInstanceOf(InternalError.class);
    assertThat(state.tryAcquire("sync:broken", "another-node", Duration.ofMinutes(1))).as("lease released").isPresent();
  }
}
