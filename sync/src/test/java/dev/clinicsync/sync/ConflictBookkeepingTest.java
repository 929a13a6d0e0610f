package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.TUESDAY_9AM;
import static dev.clinicsync.sync.Fixtures.appt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Conflict bookkeeping stays linear however many appointments overlap (issue 12 §3): each
 * appointment lists at most {@link SyncCoordinator#MAX_CONFLICT_IDS} conflict ids, and a change
 * rewrites only the lists it must. Counts writes, never times anything.
 */
@DisplayName("Conflict bookkeeping")
class ConflictBookkeepingTest {
  private static final Principal ADMIN = Principal.admin("u-admin");
  private static final int MAX = SyncCoordinator.MAX_CONFLICT_IDS;

  private final MutableClock clock = new MutableClock(NOW);
  private FakeConnector feed;
  private CountingAppointmentStore store;
  private SyncCoordinator coordinator;

  @BeforeEach
  void wire() {
    feed = new FakeConnector("sp-lee", SourceSystem.SIMPLEPRACTICE);
    feed.pageSize(500);
    store = new CountingAppointmentStore();
    coordinator = SyncCoordinator.builder().connectors(feed).appointmentStore(store)
        .clinicianDirectory(Fixtures.clinicians()).clock(clock).build();
  }

  /** The i-th of a pathological feed: every one lasts 60 days and starts a minute after the last, so all overlap. */
  private static Appointment overlapping(int i) {
    Instant start = TUESDAY_9AM.plus(Duration.ofMinutes(i));
    return appt(SourceSystem.SIMPLEPRACTICE, "series-" + (i % 8) + "/" + i, "1", LEE, start, 60 * 24 * 60);
  }

  private Map<AppointmentId, Appointment> byId() {
    Map<AppointmentId, Appointment> out = new HashMap<>();
    store.delegate.find(AppointmentQuery.ALL).forEach(a -> out.put(a.id(), a));
    return out;
  }

  @Test
  @DisplayName("10,000 mutually overlapping appointments sync with one write each and at most the bound of conflict ids each")
  void tenThousandOverlapping() {
    int n = 10_000;
    for (int i = 0; i < n; i++) {
      feed.put(overlapping(i));
    }
    SyncReport r = coordinator.syncNow(ADMIN, feed.id());
    assertThat(r.created()).isEqualTo(n);
    assertThat(store.writes.get()).as("one write per appointment, no partner rewritten").isEqualTo(n);

    Map<AppointmentId, Appointment> stored = byId();
    long ids = 0;
    for (Appointment a : stored.values()) {
      assertThat(a.conflictIds()).hasSize(MAX).doesNotContain(a.id());
      assertThat(stored.keySet().containsAll(a.conflictIds())).as("%s lists only stored appointments", a.id()).isTrue();
      ids += a.conflictIds().size();
    }
    assertThat(ids).isEqualTo((long) n * MAX);

    store.reset();
    feed.put(overlapping(n));
    SyncReport one = coordinator.syncNow(ADMIN, feed.id());
    assertThat(one.created()).isEqualTo(1);
    assertThat(store.writes.get()).as("the 10,001st rewrites nothing but itself").isEqualTo(1);
    assertThat(store.delegate.findBySource(overlapping(n).source()).orElseThrow().conflictIds()).hasSize(MAX);
  }

  @Test
  @DisplayName("a long appointment over a hundred short ones: each short one still lists it, the long one lists the bound")
  void starStillShowsEveryConflict() {
    for (int i = 0; i < 100; i++) { // back to back: no short one overlaps another
      feed.put(appt(SourceSystem.SIMPLEPRACTICE, "short-" + i, "1", LEE, TUESDAY_9AM.plus(Duration.ofMinutes(10L * i)), 10));
    }
    Appointment longOne = appt(SourceSystem.SIMPLEPRACTICE, "long-1", "1", LEE, TUESDAY_9AM, 10 * 100);
    feed.put(longOne);
    coordinator.syncNow(ADMIN, feed.id());
    AppointmentId longId = store.delegate.findBySource(longOne.source()).orElseThrow().id();
    List<Appointment> shorts = store.delegate.find(AppointmentQuery.ALL).stream()
        .filter(a -> a.source().externalId().startsWith("short-")).toList();
    assertThat(shorts).hasSize(100).allSatisfy(a -> assertThat(a.conflictIds()).containsExactly(longId));
    assertThat(store.delegate.findById(longId).orElseThrow().conflictIds()).hasSize(MAX);

    store.reset();
    Appointment second = appt(SourceSystem.SIMPLEPRACTICE, "long-2", "1", LEE, TUESDAY_9AM, 10 * 100);
    feed.put(second);
    coordinator.syncNow(ADMIN, feed.id()); // incremental: the new long one, past the bound, reaches every short one
    AppointmentId secondId = store.delegate.findBySource(second.source()).orElseThrow().id();
    assertThat(store.delegate.find(AppointmentQuery.ALL).stream().filter(a -> a.source().externalId().startsWith("short-")))
        .allSatisfy(a -> assertThat(a.conflictIds()).containsExactlyInAnyOrder(longId, secondId));
    assertThat(store.writes.get()).as("itself, the hundred short ones; the full long one keeps its list: %s", store.written)
        .isEqualTo(101);

    store.reset();
    feed.remove(longOne.source());
    coordinator.syncNow(ADMIN, feed.id());
    assertThat(store.delegate.find(AppointmentQuery.ALL).stream().filter(a -> a.source().externalId().startsWith("short-")))
        .allSatisfy(a -> assertThat(a.conflictIds()).containsExactly(secondId));
    assertThat(store.writes.get()).as("the deletion, and the hundred short and the other long one that listed it: %s",
        store.written).isEqualTo(102);
  }

  @Test
  @DisplayName("a full list keeps naming only current partners: a listed partner that is deleted is replaced by another")
  void fullListRefilled() {
    for (int i = 0; i < MAX + 10; i++) {
      feed.put(overlapping(i));
    }
    coordinator.syncNow(ADMIN, feed.id());
    Appointment last = store.delegate.findBySource(overlapping(MAX + 9).source()).orElseThrow();
    AppointmentId listed = last.conflictIds().iterator().next();
    Appointment goner = store.delegate.findById(listed).orElseThrow();
    feed.remove(goner.source());
    coordinator.syncNow(ADMIN, feed.id());
    Map<AppointmentId, Appointment> stored = byId();
    assertThat(stored).doesNotContainKey(listed);
    assertThat(stored.values()).allSatisfy(a -> {
      assertThat(a.conflictIds()).hasSize(MAX).doesNotContain(listed);
      assertThat(stored.keySet().containsAll(a.conflictIds())).isTrue();
    });
  }
}
