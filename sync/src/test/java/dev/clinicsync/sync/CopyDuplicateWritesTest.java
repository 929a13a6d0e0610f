package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.TUESDAY_9AM;
import static dev.clinicsync.sync.Fixtures.WEEK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.conflict.Provenance;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditEvent;
import dev.clinicsync.core.memory.InMemoryAuditSink;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.OverrideReason;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Host writes of an appointment whose copy (SimplePractice's own calendar sync into Google, read
 * from a calendar marked as receiving it) sits at the written times: the appointment's own copy is
 * the same visit and never refuses the write nor needs an override; another appointment's copy is
 * that appointment's time, busy for every other appointment, and still refuses.
 */
class CopyDuplicateWritesTest {
  static final Principal ADMIN = Principal.admin("u-admin");
  static final String SESSIONS = "lee.sessions@group.calendar.google.com";

  final CountingAppointmentStore store = new CountingAppointmentStore();
  final InMemoryAuditSink audit = new InMemoryAuditSink();
  final FakeConnector simplePractice = new FakeConnector("sp-lee", SourceSystem.SIMPLEPRACTICE);
  final FakeConnector google = new FakeConnector("google-lee", SourceSystem.GOOGLE);
  SyncCoordinator coordinator;
  /** Tuesday 09:00–09:50 in New York, copied into Google at those times. */
  Appointment nine;
  /** Tuesday 11:00–11:50 in New York, copied into Google at those times. */
  Appointment eleven;

  static TimeWindow at(int minutesAfterNine, int minutes) {
    Instant start = TUESDAY_9AM.plus(Duration.ofMinutes(minutesAfterNine));
    return new TimeWindow(start, start.plus(Duration.ofMinutes(minutes)));
  }

  @BeforeEach
  void wire() {
    coordinator = SyncCoordinator.builder().connectors(simplePractice, google).appointmentStore(store)
        .auditSink(audit).clinicianDirectory(Fixtures.clinicians()).clock(new MutableClock(NOW))
        .build();
    simplePractice.put(Fixtures.appt(SourceSystem.SIMPLEPRACTICE, "sp-appt-5eed0042@simplepractice.com", "v1", LEE,
        TUESDAY_9AM, 50));
    simplePractice.put(Fixtures.appt(SourceSystem.SIMPLEPRACTICE, "sp-appt-5eed0077@simplepractice.com", "v3", LEE,
        at(120, 50).start(), 50));
    google.putBusy(BusyBlock.timed(SourceRef.of(SourceSystem.GOOGLE, "spsync5c0b0001_20260303T140000Z", "\"3391\""),
        SESSIONS, LEE, at(0, 50).start(), at(0, 50).end()).asCopyOf(SourceSystem.SIMPLEPRACTICE));
    google.putBusy(BusyBlock.timed(SourceRef.of(SourceSystem.GOOGLE, "spsync5c0b0002_20260303T160000Z", "\"3395\""),
        SESSIONS, LEE, at(120, 50).start(), at(120, 50).end()).asCopyOf(SourceSystem.SIMPLEPRACTICE));
    coordinator.syncAll(ADMIN);
    nine = store.findBySource(SourceRef.of(SourceSystem.SIMPLEPRACTICE, "sp-appt-5eed0042@simplepractice.com"))
        .orElseThrow();
    eleven = store.findBySource(SourceRef.of(SourceSystem.SIMPLEPRACTICE, "sp-appt-5eed0077@simplepractice.com"))
        .orElseThrow();
  }

  CalendarEntry entry(AppointmentId id) {
    return coordinator.aggregatedCalendar(ADMIN, AppointmentQuery.builder().window(WEEK).clinician(LEE).build())
        .entries().stream().filter(e -> e.appointment().id().equals(id)).findFirst().orElseThrow();
  }

  AuditEvent lastAudit() {
    return audit.last().orElseThrow();
  }

  @Test
  @DisplayName("an admin moves a session away and back onto its own copy without an override")
  void awayAndBack() {
    coordinator.reschedule(ADMIN, nine.id(), at(60, 50));
    AppointmentView back = coordinator.reschedule(ADMIN, nine.id(), at(0, 50));

    assertThat(back.window()).isEqualTo(at(0, 50));
    assertThat(back.override()).isEmpty();
    assertThat(store.findById(nine.id()).orElseThrow().override()).isEmpty();
    assertThat(lastAudit().action()).isEqualTo(AuditAction.RESCHEDULE_APPOINTMENT);
    assertThat(lastAudit().details()).doesNotContainKeys("override", "conflicts");
    CalendarEntry e = entry(nine.id());
    assertThat(e.conflicts()).isEmpty();
    assertThat(e.duplicateBusyBlocks()).singleElement()
        .satisfies(c -> assertThat(c.kind()).isEqualTo(ConflictKind.DUPLICATE));
  }

  @Test
  @DisplayName("a write of a session at its own times, where its copy sits, is accepted")
  void sameSlot() {
    AppointmentView same = coordinator.reschedule(ADMIN, nine.id(), nine.window());

    assertThat(same.window()).isEqualTo(nine.window());
    assertThat(same.override()).isEmpty();
  }

  @Test
  @DisplayName("a reason given for a move onto the session's own copy stores no override: nothing was overridden")
  void reasonNotNeeded() {
    coordinator.reschedule(ADMIN, nine.id(), at(60, 50));
    AppointmentView back = coordinator.rescheduleOverriding(ADMIN, nine.id(), at(0, 50), OverrideReason.SAME_VISIT);

    assertThat(back.override()).isEmpty();
    assertThat(lastAudit().details()).doesNotContainKeys("override", "conflicts");
  }

  @Test
  @DisplayName("resolving a conflict by moving the session back onto its own copy is accepted")
  void resolutionBackOntoItsCopy() {
    coordinator.rescheduleOverriding(ADMIN, nine.id(), at(120, 50), OverrideReason.INTENDED_OVERLAP);

    coordinator.resolveConflict(ADMIN, Resolution.reschedule(nine.id(), at(0, 50)), nine.id(), eleven.id());

    Appointment moved = store.findById(nine.id()).orElseThrow();
    assertThat(moved.window()).isEqualTo(at(0, 50));
    assertThat(moved.override()).isEmpty();
  }

  @Test
  @DisplayName("moving another session onto the first's times is refused: the session overlaps and its copy is busy time")
  void anotherSessionOntoTheCopy() {
    SchedulingConflictException refused = catchThrowableOfType(
        () -> coordinator.reschedule(ADMIN, eleven.id(), at(0, 50)), SchedulingConflictException.class);

    assertThat(refused).isNotNull();
    assertThat(refused.conflicts()).extracting(ConflictView::kind)
        .containsExactlyInAnyOrder(ConflictKind.OVERLAP, ConflictKind.EXTERNAL_BUSY);
    assertThat(refused.ofKind(ConflictKind.OVERLAP)).singleElement()
        .satisfies(c -> assertThat(c.otherAppointment()).contains(nine.id()));
    assertThat(refused.ofKind(ConflictKind.EXTERNAL_BUSY)).singleElement()
        .satisfies(c -> assertThat(c.full().orElseThrow().provenance()).isInstanceOfSatisfying(
            Provenance.ExternalBusy.class,
            b -> assertThat(b.source().externalId()).isEqualTo("spsync5c0b0001_20260303T140000Z")));
    assertThat(store.findById(eleven.id()).orElseThrow().window()).isEqualTo(at(120, 50));
  }

  @Test
  @DisplayName("the copy of a cancelled session still refuses another session moved onto it, until Google drops it")
  void copyOfACancelledSession() {
    coordinator.cancel(ADMIN, nine.id());

    SchedulingConflictException refused = catchThrowableOfType(
        () -> coordinator.reschedule(ADMIN, eleven.id(), at(0, 50)), SchedulingConflictException.class);

    assertThat(refused).isNotNull();
    assertThat(refused.conflicts()).extracting(ConflictView::kind).containsExactly(ConflictKind.EXTERNAL_BUSY);
    AppointmentView overridden = coordinator.rescheduleOverriding(ADMIN, eleven.id(), at(0, 50),
        OverrideReason.INTENDED_OVERLAP);
    assertThat(overridden.override()).hasValueSatisfying(
        o -> assertThat(o.reason()).isEqualTo(OverrideReason.INTENDED_OVERLAP));
    assertThat(lastAudit().details()).containsEntry("override", "INTENDED_OVERLAP")
        .containsEntry("conflicts", "EXTERNAL_BUSY");
  }

  @Test
  @DisplayName("a new booking exactly on a session's copy is refused, as the session itself refuses it")
  void bookingOnTheCopy() {
    SchedulingConflictException refused = catchThrowableOfType(
        () -> coordinator.book(ADMIN, BookingRequest.builder(LEE, at(120, 50)).build()),
        SchedulingConflictException.class);

    assertThat(refused).isNotNull();
    assertThat(refused.conflicts()).extracting(ConflictView::kind)
        .containsExactlyInAnyOrder(ConflictKind.OVERLAP, ConflictKind.EXTERNAL_BUSY);
    assertThat(store.find(AppointmentQuery.builder().clinician(LEE).build())).extracting(Appointment::id)
        .containsExactlyInAnyOrderElementsOf(List.of(nine.id(), eleven.id()));
  }
}
