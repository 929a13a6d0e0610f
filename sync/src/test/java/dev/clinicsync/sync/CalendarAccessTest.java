package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.KIM;
import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.TUESDAY_9AM;
import static dev.clinicsync.sync.Fixtures.WEEK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.AccessDeniedException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditEvent;
import dev.clinicsync.core.memory.InMemoryAuditSink;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue #12 §7: a therapist asking for another clinician's calendar is refused and audited, not
 * shown an empty view, and cannot tell a missing id from a forbidden one.
 */
class CalendarAccessTest {
  static final Principal ADMIN = Principal.admin("u-admin");
  static final Principal DESK = Principal.frontDesk("u-desk");
  static final Principal LEE_SELF = Principal.therapist("u-lee", LEE);
  static final ClinicianId NOBODY = ClinicianId.of("dr-nobody");
  static final AppointmentId MISSING = AppointmentId.of("0b7c1c3e-0000-4000-8000-000000000000");

  final InMemoryAuditSink audit = new InMemoryAuditSink();
  SyncCoordinator coordinator;
  AppointmentView lees;
  AppointmentView kims;

  @BeforeEach
  void wire() {
    coordinator = SyncCoordinator.builder().auditSink(audit).clinicianDirectory(Fixtures.clinicians())
        .clock(new MutableClock(NOW)).build();
    lees = coordinator.book(ADMIN, BookingRequest.builder(LEE, TimeWindow.of(TUESDAY_9AM, Duration.ofHours(1))).build());
    kims = coordinator.book(ADMIN, BookingRequest.builder(KIM, TimeWindow.of(TUESDAY_9AM, Duration.ofHours(1))).build());
  }

  List<AuditEvent> denials() {
    return audit.read(1, 10_000).stream().filter(e -> e.action() == AuditAction.ACCESS_DENIED).toList();
  }

  AccessDeniedException calendarDenial(AppointmentQuery query) {
    return catchThrowableOfType(() -> coordinator.aggregatedCalendar(LEE_SELF, query), AccessDeniedException.class);
  }

  @Test
  @DisplayName("naming another clinician is refused and audited as a denied access, not answered with an empty view")
  void anotherClinician() {
    AccessDeniedException e = calendarDenial(AppointmentQuery.builder().window(WEEK).clinician(KIM).build());
    assertThat(e).isNotNull();
    assertThat(denials()).singleElement().satisfies(d -> {
      assertThat(d.actor()).isEqualTo("u-lee");
      assertThat(d.details()).containsEntry("operation", "VIEW_CALENDAR");
    });
    assertThat(calendarDenial(AppointmentQuery.builder().window(WEEK).clinician(LEE).clinician(KIM).build()))
        .as("asking for one's own and another's").isNotNull();
  }

  @Test
  @DisplayName("naming a clinician who does not exist is refused exactly like naming one who does")
  void noSuchClinician() {
    AccessDeniedException other = calendarDenial(AppointmentQuery.builder().window(WEEK).clinician(KIM).build());
    AccessDeniedException nobody = calendarDenial(AppointmentQuery.builder().window(WEEK).clinician(NOBODY).build());
    assertThat(nobody.getClass()).isEqualTo(other.getClass());
    assertThat(nobody.getMessage().replace(NOBODY.value(), "X")).isEqualTo(other.getMessage().replace(KIM.value(), "X"));
    assertThat(denials()).hasSize(2);
  }

  @Test
  @DisplayName("an unfiltered query by a therapist is narrowed to their own calendar")
  void narrowed() {
    CalendarView v = coordinator.aggregatedCalendar(LEE_SELF, AppointmentQuery.in(WEEK));
    assertThat(v.entries()).extracting(e -> e.appointment().id()).containsExactly(lees.id());
    assertThat(denials()).isEmpty();
    assertThat(coordinator.aggregatedCalendar(LEE_SELF, AppointmentQuery.builder().window(WEEK).clinician(LEE).build())
        .entries()).hasSize(1);
  }

  @Test
  @DisplayName("by id, another clinician's appointment and a missing one are refused alike, and both audited")
  void byId() {
    List<Consumer<AppointmentId>> calls = List.of(
        id -> coordinator.calendarEntry(LEE_SELF, id),
        id -> coordinator.cancel(LEE_SELF, id),
        id -> coordinator.reschedule(LEE_SELF, id, TimeWindow.of(TUESDAY_9AM.plus(Duration.ofHours(3)), Duration.ofHours(1))),
        id -> coordinator.resolveConflict(LEE_SELF, Resolution.cancelNew(), id, lees.id()));
    for (Consumer<AppointmentId> call : calls) {
      AccessDeniedException forbidden = catchThrowableOfType(() -> call.accept(kims.id()), AccessDeniedException.class);
      AccessDeniedException missing = catchThrowableOfType(() -> call.accept(MISSING), AccessDeniedException.class);
      assertThat(missing).isNotNull();
      assertThat(forbidden).isNotNull().hasMessage(missing.getMessage());
      assertThat(forbidden.target()).isEqualTo(missing.target()).isEmpty();
      assertThat(forbidden.getMessage()).doesNotContain(KIM.value(), kims.id().value());
    }
    assertThat(denials()).hasSize(2 * calls.size());
  }

  @Test
  @DisplayName("a therapist reads their own appointment by id, in full")
  void ownById() {
    assertThat(coordinator.calendarEntry(LEE_SELF, lees.id())).hasValueSatisfying(
        e -> assertThat(e.appointment().full()).isPresent());
    assertThat(audit.read(1, 10_000)).last().satisfies(e -> {
      assertThat(e.action()).isEqualTo(AuditAction.VIEW_CALENDAR);
      assertThat(e.subject()).isEqualTo(lees.id().value());
    });
  }

  @Test
  @DisplayName("admins and front desk, who see every calendar, get an empty answer or a plain error for a missing id")
  void nothingToHide() {
    assertThat(coordinator.calendarEntry(ADMIN, MISSING)).isEmpty();
    assertThat(coordinator.calendarEntry(DESK, MISSING)).isEmpty();
    assertThat(coordinator.calendarEntry(DESK, kims.id())).hasValueSatisfying(
        e -> assertThat(e.appointment().full()).isEmpty());
    assertThatThrownBy(() -> coordinator.cancel(DESK, MISSING)).isInstanceOf(ValidationException.class);
    assertThat(denials()).isEmpty();
  }
}
