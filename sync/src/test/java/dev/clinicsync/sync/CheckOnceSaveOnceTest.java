package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.KIM;
import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.TUESDAY_9AM;
import static dev.clinicsync.sync.Fixtures.WEEK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.OverrideReason;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue #13 item 7: a booking (and a reschedule, a cancel) saves the changed appointment once, with
 * the conflict ids of its own check; the calendar reads conflict state from one source.
 * ({@code SchedulingChecksTest} counts the checks.)
 */
class CheckOnceSaveOnceTest {
  static final Principal ADMIN = Principal.admin("u-admin");
  static final Principal DESK = Principal.frontDesk("u-desk");

  final CountingAppointmentStore store = new CountingAppointmentStore();
  SyncCoordinator coordinator;
  AppointmentView first;

  @BeforeEach
  void wire() {
    coordinator = SyncCoordinator.builder().appointmentStore(store).clinicianDirectory(Fixtures.clinicians())
        .clock(new MutableClock(NOW)).build();
    first = coordinator.book(DESK, BookingRequest.builder(LEE, slot(0, 60)).build());
    store.forget();
  }

  static TimeWindow slot(int minutesAfterNine, int minutes) {
    return TimeWindow.of(TUESDAY_9AM.plus(Duration.ofMinutes(minutesAfterNine)), Duration.ofMinutes(minutes));
  }

  @Test
  @DisplayName("a booking over a conflict is saved once, with its check's conflict ids; its partner learns of it")
  void bookingOverConflict() {
    AppointmentView second = coordinator.book(ADMIN, BookingRequest.builder(LEE, slot(30, 60))
        .overrideConflicts(OverrideReason.INTENDED_OVERLAP).build());
    assertThat(store.savesOf(second.id())).isEqualTo(1);
    assertThat(store.findById(second.id()).orElseThrow().conflictIds()).containsExactly(first.id());
    assertThat(second.conflictIds()).containsExactly(first.id());
    assertThat(store.findById(first.id()).orElseThrow().conflictIds()).containsExactly(second.id());
  }

  @Test
  @DisplayName("a reschedule into a conflict and a cancel each save the appointment once")
  void rescheduleAndCancel() {
    AppointmentView other = coordinator.book(DESK, BookingRequest.builder(LEE, slot(120, 60)).build());
    coordinator.rescheduleOverriding(ADMIN, other.id(), slot(30, 60), OverrideReason.URGENT_CARE);
    assertThat(store.savesOf(other.id())).isEqualTo(2); // booked, moved
    assertThat(store.findById(other.id()).orElseThrow().conflictIds()).containsExactly(first.id());
    coordinator.cancel(DESK, other.id());
    assertThat(store.savesOf(other.id())).isEqualTo(3);
    assertThat(store.findById(other.id()).orElseThrow().conflictIds()).isEmpty();
    assertThat(store.findById(first.id()).orElseThrow().conflictIds()).isEmpty();
  }

  @Test
  @DisplayName("the calendar shows the conflict state the engine reports, whatever stale ids a record holds")
  void calendarOneSource() {
    AppointmentView kims = coordinator.book(DESK, BookingRequest.builder(KIM, slot(0, 60)).build());
    Appointment stale = store.findById(first.id()).orElseThrow();
    store.save(stale.withConflictIds(Set.of(kims.id()))); // bookkeeping gone wrong (say, a bounded list)

    CalendarEntry entry = coordinator.aggregatedCalendar(ADMIN, AppointmentQuery.builder().window(WEEK).clinician(LEE).build())
        .entries().stream().filter(e -> e.appointment().id().equals(first.id())).findFirst().orElseThrow();
    assertThat(entry.conflicts()).isEmpty();
    assertThat(entry.appointment().conflictIds()).isEmpty();
    assertThat(entry.appointment().full().orElseThrow().conflictIds()).isEmpty();
  }
}
