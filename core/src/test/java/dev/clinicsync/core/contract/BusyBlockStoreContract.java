package dev.clinicsync.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.BusyBlockStore;
import dev.clinicsync.core.store.BusyBlockStore.Change;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The contract every {@link BusyBlockStore} honours; a host's store extends this class. */
public abstract class BusyBlockStoreContract {

  /** A new, empty store. */
  protected abstract BusyBlockStore newStore();

  protected BusyBlockStore store;

  private static final ConnectorId GOOGLE_LEE = ConnectorId.of("google-dr-lee");
  private static final ConnectorId ICS_LEE = ConnectorId.of("ics-dr-lee");
  private static final ClinicianId LEE = ClinicianId.of("dr-lee");
  private static final ClinicianId KIM = ClinicianId.of("dr-kim");
  private static final Instant NINE = Instant.parse("2026-03-02T14:00:00Z");

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  private static BusyBlock block(String id, ClinicianId who, Instant start, Duration length) {
    return BusyBlock.timed(SourceRef.of(SourceSystem.GOOGLE, id, "etag-1"), "primary", who, start, start.plus(length));
  }

  @Test
  @DisplayName("a block marked as another system's copy keeps its marking, and a change of the marking alone is an update")
  void copyOfIsKept() {
    BusyBlock plain = block("e-copy", LEE, NINE, Duration.ofMinutes(50));
    BusyBlock copy = plain.asCopyOf(SourceSystem.SIMPLEPRACTICE);
    assertThat(store.upsert(GOOGLE_LEE, copy)).isEqualTo(Change.CREATED);
    assertThat(store.find(copy.source())).contains(copy);
    assertThat(store.find(LEE, TimeWindow.of(NINE, NINE.plus(Duration.ofHours(1))))).containsExactly(copy);
    assertThat(store.upsert(GOOGLE_LEE, copy)).isEqualTo(Change.UNCHANGED);
    assertThat(store.upsert(GOOGLE_LEE, plain)).isEqualTo(Change.UPDATED);
    assertThat(store.find(plain.source()).orElseThrow().copyOf()).isEmpty();
    assertThat(store.upsert(GOOGLE_LEE, copy)).isEqualTo(Change.UPDATED);
    assertThat(store.findByOwner(GOOGLE_LEE)).containsExactly(copy);
  }

  @Test
  @DisplayName("an upsert is created, then unchanged when repeated, then updated when the block moves")
  void upsertIsIdempotent() {
    BusyBlock b = block("e1", LEE, NINE, Duration.ofHours(1));
    assertThat(store.upsert(GOOGLE_LEE, b)).isEqualTo(Change.CREATED);
    assertThat(store.upsert(GOOGLE_LEE, b)).isEqualTo(Change.UNCHANGED);
    BusyBlock moved = block("e1", LEE, NINE.plus(Duration.ofHours(2)), Duration.ofHours(1));
    assertThat(store.upsert(GOOGLE_LEE, moved)).isEqualTo(Change.UPDATED);
    assertThat(store.find(b.source())).contains(moved);
    assertThat(store.all()).containsExactly(moved);
  }

  @Test
  @DisplayName("blocks are found by source key whatever the version, and removed once")
  void removeBySourceKey() {
    BusyBlock b = block("e1", LEE, NINE, Duration.ofHours(1));
    store.upsert(GOOGLE_LEE, b);
    SourceRef otherVersion = SourceRef.of(SourceSystem.GOOGLE, "e1", "etag-9");
    assertThat(store.find(otherVersion)).contains(b);
    assertThat(store.remove(otherVersion)).contains(b);
    assertThat(store.remove(otherVersion)).isEmpty();
    assertThat(store.find(b.source())).isEmpty();
    assertThat(store.findByOwner(GOOGLE_LEE)).isEmpty();
  }

  @Test
  @DisplayName("each connector lists exactly the blocks it owns; a key reported by another connector moves to it")
  void owners() {
    BusyBlock a = block("e1", LEE, NINE, Duration.ofHours(1));
    BusyBlock b = block("e2", LEE, NINE, Duration.ofHours(1));
    store.upsert(GOOGLE_LEE, a);
    store.upsert(ICS_LEE, b);
    assertThat(store.findByOwner(GOOGLE_LEE)).containsExactly(a);
    assertThat(store.findByOwner(ICS_LEE)).containsExactly(b);
    assertThat(store.upsert(ICS_LEE, a)).isEqualTo(Change.UPDATED);
    assertThat(store.findByOwner(GOOGLE_LEE)).isEmpty();
    assertThat(store.findByOwner(ICS_LEE)).containsExactlyInAnyOrder(a, b);
  }

  @Test
  @DisplayName("a clinician's blocks are found by half-open overlap with a window, ordered by start")
  void findByClinicianAndWindow() {
    BusyBlock late = block("late", LEE, NINE.plus(Duration.ofHours(3)), Duration.ofHours(1));
    BusyBlock early = block("early", LEE, NINE, Duration.ofHours(1));
    BusyBlock kims = block("kim", KIM, NINE, Duration.ofHours(1));
    BusyBlock allDay = BusyBlock.allDay(SourceRef.of(SourceSystem.GOOGLE, "day"), "primary", LEE,
        new BusyBlock.DateSpan(LocalDate.of(2026, 3, 3), LocalDate.of(2026, 3, 4)), ZoneId.of("America/New_York"));
    List.of(late, early, kims, allDay).forEach(b -> store.upsert(GOOGLE_LEE, b));
    TimeWindow monday = TimeWindow.of(NINE.minus(Duration.ofHours(1)), Duration.ofHours(5));
    assertThat(store.find(LEE, monday)).containsExactly(early, late);
    TimeWindow endsAtStart = TimeWindow.of(NINE.minus(Duration.ofHours(1)), Duration.ofHours(1));
    assertThat(store.find(LEE, endsAtStart)).as("a window ending where a block starts does not overlap it").isEmpty();
    assertThat(store.find(LEE, TimeWindow.of(Instant.parse("2026-03-03T12:00:00Z"), Duration.ofHours(1))))
        .as("all-day blocks keep their dates").containsExactly(allDay);
  }

  @Test
  @DisplayName("concurrent upserts of distinct blocks are all kept")
  void concurrentUpserts() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 250; i++) {
            store.upsert(GOOGLE_LEE, block("t" + thread + "-" + i, LEE, NINE.plus(Duration.ofMinutes(i)), Duration.ofMinutes(30)));
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.all()).hasSize(1000);
    assertThat(store.findByOwner(GOOGLE_LEE)).hasSize(1000);
  }
}
