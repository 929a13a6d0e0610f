package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.TUESDAY_9AM;
import static dev.clinicsync.sync.Fixtures.appt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.memory.InMemoryAppointmentStore;
import dev.clinicsync.core.memory.InMemorySyncStateStore;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The mass-deletion guard counts every way a calendar empties (issue 12 §4). */
@DisplayName("The mass-deletion guard")
class MassDeletionGuardTest {
  private static final Principal ADMIN = Principal.admin("u-admin");

  private final MutableClock clock = new MutableClock(NOW);
  private FakeConnector zocdoc;
  private InMemoryAppointmentStore store;
  private SyncCoordinator coordinator;

  @BeforeEach
  void wire() {
    zocdoc = new FakeConnector("zocdoc-main", SourceSystem.ZOCDOC);
    store = new InMemoryAppointmentStore();
    coordinator = SyncCoordinator.builder().connectors(zocdoc).appointmentStore(store)
        .syncStateStore(new InMemorySyncStateStore(clock)).clinicianDirectory(Fixtures.clinicians()).clock(clock)
        .build(); // default guard: 30%, at least 2
  }

  private static Appointment nth(int i, String version) {
    return appt(SourceSystem.ZOCDOC, "zd-" + i, version, LEE, TUESDAY_9AM.plus(Duration.ofMinutes(30L * i)), 25);
  }

  private void syncTwenty() {
    for (int i = 0; i < 20; i++) {
      zocdoc.put(nth(i, "v1"));
    }
    assertThat(coordinator.syncNow(ADMIN, zocdoc.id()).created()).isEqualTo(20);
  }

  private long cancelledStored() {
    return store.find(AppointmentQuery.ALL).stream().filter(a -> a.status() == AppointmentStatus.CANCELLED).count();
  }

  @Test
  @DisplayName("twenty events flipped to CANCELLED trip it like twenty deletions")
  void cancellationsCount() {
    syncTwenty();
    for (int i = 0; i < 20; i++) {
      zocdoc.put(nth(i, "v2").toBuilder().status(AppointmentStatus.CANCELLED).build());
    }
    SyncReport r = coordinator.syncNow(ADMIN, zocdoc.id());
    assertThat(r.outcome()).isEqualTo(SyncOutcome.HELD);
    assertThat(cancelledStored()).as("nothing applied").isZero();
    assertThat(coordinator.heldPlans(ADMIN)).singleElement()
        .satisfies(p -> assertThat(p.changes()).hasSize(20).allSatisfy(c -> assertThat(c.kind()).isEqualTo(PlannedChange.Kind.UPDATE)));

    SyncReport applied = coordinator.applyPlan(ADMIN, r.heldPlan().orElseThrow());
    assertThat(applied.updated()).isEqualTo(20);
    assertThat(cancelledStored()).isEqualTo(20);
  }

  @Test
  @DisplayName("a few cancellations below the share are applied directly")
  void fewCancellationsPass() {
    syncTwenty();
    for (int i = 0; i < 5; i++) {
      zocdoc.put(nth(i, "v2").toBuilder().status(AppointmentStatus.CANCELLED).build());
    }
    assertThat(coordinator.syncNow(ADMIN, zocdoc.id()).outcome()).isEqualTo(SyncOutcome.APPLIED);
    assertThat(cancelledStored()).isEqualTo(5);
  }

  @Test
  @DisplayName("removals add up over a sliding day: deleting just under the share at each sync trips it within the day")
  void cumulativeWithinTheDay() {
    syncTwenty();
    for (int i = 0; i < 5; i++) { // 5 of 20: not more than 30%
      zocdoc.remove(nth(i, "v1").source());
    }
    assertThat(coordinator.syncNow(ADMIN, zocdoc.id()).outcome()).isEqualTo(SyncOutcome.APPLIED);
    clock.advance(Duration.ofHours(1));
    for (int i = 5; i < 9; i++) { // 4 of the 15 left: under 30% again, but 9 of 20 within the day
      zocdoc.remove(nth(i, "v1").source());
    }
    SyncReport second = coordinator.syncNow(ADMIN, zocdoc.id());
    assertThat(second.outcome()).isEqualTo(SyncOutcome.HELD);
    assertThat(store.count()).isEqualTo(15);
  }

  @Test
  @DisplayName("the day is measured by the injected clock: removals older than a day no longer count")
  void slidingDayForgets() {
    syncTwenty();
    for (int i = 0; i < 5; i++) {
      zocdoc.remove(nth(i, "v1").source());
    }
    coordinator.syncNow(ADMIN, zocdoc.id());
    clock.advance(Duration.ofHours(25));
    for (int i = 5; i < 9; i++) {
      zocdoc.remove(nth(i, "v1").source());
    }
    assertThat(coordinator.syncNow(ADMIN, zocdoc.id()).outcome()).isEqualTo(SyncOutcome.APPLIED);
    assertThat(store.count()).isEqualTo(11);
  }

  @Test
  @DisplayName("cancellations and deletions add up together, and an admin's applied plan starts the count again")
  void mixedAndApproved() {
    syncTwenty();
    for (int i = 0; i < 3; i++) {
      zocdoc.put(nth(i, "v2").toBuilder().status(AppointmentStatus.CANCELLED).build());
      zocdoc.remove(nth(10 + i, "v1").source());
    }
    SyncReport held = coordinator.syncNow(ADMIN, zocdoc.id()); // 6 of 20: not more than 30%
    assertThat(held.outcome()).isEqualTo(SyncOutcome.APPLIED);
    zocdoc.remove(nth(15, "v1").source());
    zocdoc.remove(nth(16, "v1").source());
    SyncReport second = coordinator.syncNow(ADMIN, zocdoc.id()); // 8 of 20 within the day
    assertThat(second.outcome()).isEqualTo(SyncOutcome.HELD);
    coordinator.applyPlan(ADMIN, second.heldPlan().orElseThrow());
    zocdoc.remove(nth(17, "v1").source());
    assertThat(coordinator.syncNow(ADMIN, zocdoc.id()).outcome()).as("reviewed: the tally starts again")
        .isEqualTo(SyncOutcome.APPLIED);
  }

  @Nested
  @DisplayName("an appointment moved outside the fetch window stops blocking its old slot")
  class MovedOutOfWindow {
    final Appointment moving = appt(SourceSystem.ZOCDOC, "zd-move", "v1", LEE, TUESDAY_9AM, 50);
    final Instant farAway = NOW.plus(Duration.ofDays(400)); // the window ends 180 days ahead

    @BeforeEach
    void synced() {
      syncTwenty();
      zocdoc.put(moving);
      coordinator.syncNow(ADMIN, zocdoc.id());
    }

    private void assertOldSlotFree() {
      assertThat(coordinator.aggregatedCalendar(ADMIN, AppointmentQuery.builder().window(Fixtures.WEEK).clinician(LEE).build())
          .entries()).noneMatch(e -> e.appointment().full().orElseThrow().source().sameKey(moving.source()));
      assertThat(coordinator.book(ADMIN, BookingRequest.builder(LEE, TimeWindow.of(TUESDAY_9AM.plus(Duration.ofMinutes(25)),
          Duration.ofMinutes(5))).build()).conflictIds()).as("LEE's old slot (beyond zd-0) is free").isEmpty();
    }

    @Test
    @DisplayName("an incremental fetch that delivers it with times outside the window updates it with those times")
    void incrementalDeliversNewTimes() {
      zocdoc.put(moving.toBuilder().source(moving.source().withVersion("v2")).start(farAway)
          .end(farAway.plus(Duration.ofMinutes(50))).build());
      SyncReport r = coordinator.syncNow(ADMIN, zocdoc.id());
      assertThat(r.mode()).isEqualTo(SyncMode.INCREMENTAL);
      assertThat(r.updated()).isEqualTo(1);
      assertThat(store.findBySource(moving.source()).orElseThrow().start()).isEqualTo(farAway);
      assertOldSlotFree();
    }

    @Test
    @DisplayName("a full fetch of the window, which no longer mentions it, removes its stored copy")
    void fullFetchNoLongerMentionsIt() {
      zocdoc.put(moving.toBuilder().source(moving.source().withVersion("v2")).start(farAway)
          .end(farAway.plus(Duration.ofMinutes(50))).build());
      zocdoc.expireNextCursor(); // the vendor forgot our cursor: the fallback full fetch lists the window only
      SyncReport r = coordinator.syncNow(ADMIN, zocdoc.id());
      assertThat(r.mode()).isEqualTo(SyncMode.FULL_AFTER_EXPIRED_CURSOR);
      assertThat(r.deleted()).isEqualTo(1);
      assertThat(store.findBySource(moving.source())).isEmpty();
      assertOldSlotFree();
    }
  }
}
