package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.TUESDAY_9AM;
import static dev.clinicsync.sync.Fixtures.appt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditEvent;
import dev.clinicsync.core.memory.InMemoryAuditSink;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.ConflictOverride;
import dev.clinicsync.core.model.OverrideReason;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue #13 item 3, #12 §6: an accepted conflict is a reason code stored in the typed
 * {@link Appointment#override()} (who, when), never in source metadata, and audited as the code.
 */
class OverrideCodesTest {
  static final Principal ADMIN = Principal.admin("u-admin");
  static final Principal DESK = Principal.frontDesk("u-desk");

  final MutableClock clock = new MutableClock(NOW);
  final InMemoryAuditSink audit = new InMemoryAuditSink();
  final CountingAppointmentStore store = new CountingAppointmentStore();
  final FakeConnector zocdoc = new FakeConnector("zocdoc-main", SourceSystem.ZOCDOC);
  SyncCoordinator coordinator;

  @BeforeEach
  void wire() {
    coordinator = SyncCoordinator.builder().connectors(zocdoc).appointmentStore(store).auditSink(audit)
        .clinicianDirectory(Fixtures.clinicians()).clock(clock).build();
  }

  static TimeWindow slot(Instant start, int minutes) {
    return TimeWindow.of(start, Duration.ofMinutes(minutes));
  }

  Appointment stored(AppointmentView v) {
    return store.findById(v.id()).orElseThrow();
  }

  List<AuditEvent> events(AuditAction action) {
    return audit.read(1, 10_000).stream().filter(e -> e.action() == action).toList();
  }

  @Test
  @DisplayName("a booking over a conflict stores the reason code, the admin and the clock's time; no metadata")
  void booking() {
    coordinator.book(DESK, BookingRequest.builder(LEE, slot(TUESDAY_9AM, 60)).build());
    clock.advance(Duration.ofMinutes(7));
    AppointmentView second = coordinator.book(ADMIN, BookingRequest.builder(LEE, slot(TUESDAY_9AM, 60))
        .overrideConflicts(OverrideReason.INTENDED_OVERLAP).build());

    assertThat(stored(second).override()).contains(
        ConflictOverride.of(OverrideReason.INTENDED_OVERLAP, "u-admin", NOW.plus(Duration.ofMinutes(7))));
    assertThat(stored(second).sourceMetadata()).isEmpty();
    assertThat(second.override()).map(ConflictOverride::reason).contains(OverrideReason.INTENDED_OVERLAP);
    assertThat(events(AuditAction.CREATE_APPOINTMENT)).last().satisfies(e -> assertThat(e.details())
        .containsEntry("override", "INTENDED_OVERLAP").containsEntry("conflicts", "OVERLAP"));
  }

  @Test
  @DisplayName("a free slot booked with a reason stores no override: there was nothing to accept")
  void nothingToAccept() {
    AppointmentView v = coordinator.book(ADMIN, BookingRequest.builder(LEE, slot(TUESDAY_9AM, 60))
        .overrideConflicts(OverrideReason.OTHER).build());
    assertThat(stored(v).override()).isEmpty();
    assertThat(events(AuditAction.CREATE_APPOINTMENT)).singleElement()
        .satisfies(e -> assertThat(e.details()).doesNotContainKey("override"));
  }

  @Test
  @DisplayName("rescheduling over a conflict stores the new code; a move to a free slot drops the old override")
  void reschedule() {
    AppointmentView a = coordinator.book(DESK, BookingRequest.builder(LEE, slot(TUESDAY_9AM, 60)).build());
    Instant tenPm = Instant.parse("2026-03-04T03:00:00Z"); // 22:00 in New York: outside working hours
    coordinator.rescheduleOverriding(ADMIN, a.id(), slot(tenPm, 30), OverrideReason.CLINICIAN_APPROVED_HOURS);
    assertThat(stored(a).override()).map(ConflictOverride::reason).contains(OverrideReason.CLINICIAN_APPROVED_HOURS);
    assertThat(events(AuditAction.RESCHEDULE_APPOINTMENT)).singleElement().satisfies(e -> assertThat(e.details())
        .containsEntry("override", "CLINICIAN_APPROVED_HOURS").containsEntry("conflicts", "OUTSIDE_AVAILABILITY"));

    coordinator.reschedule(DESK, a.id(), slot(TUESDAY_9AM, 60));
    assertThat(stored(a).override()).isEmpty();
  }

  @Test
  @DisplayName("accepting a conflict stores the code on both appointments and audits the code only")
  void acceptOverride() {
    AppointmentView existing = coordinator.book(DESK, BookingRequest.builder(LEE, slot(TUESDAY_9AM, 60)).build());
    AppointmentView fresh = coordinator.book(ADMIN, BookingRequest.builder(LEE, slot(TUESDAY_9AM, 60))
        .overrideConflicts(OverrideReason.URGENT_CARE).build());
    clock.advance(Duration.ofHours(1));
    coordinator.resolveConflict(ADMIN, Resolution.acceptOverride(OverrideReason.SAME_VISIT), fresh.id(), existing.id());

    ConflictOverride expected = ConflictOverride.of(OverrideReason.SAME_VISIT, "u-admin", NOW.plus(Duration.ofHours(1)));
    assertThat(stored(existing).override()).contains(expected);
    assertThat(stored(fresh).override()).contains(expected);
    assertThat(List.of(stored(existing), stored(fresh))).allSatisfy(a -> assertThat(a.sourceMetadata()).isEmpty());
    assertThat(events(AuditAction.RESOLVE_CONFLICT)).singleElement().satisfies(e -> assertThat(e.details())
        .containsOnlyKeys("action", "existing", "reason", "conflicts")
        .containsEntry("reason", "SAME_VISIT").containsEntry("conflicts", "OVERLAP"));
  }

  @Test
  @DisplayName("an accepted override outlives syncs of the record")
  void survivesSync() {
    Appointment vendor = appt(SourceSystem.ZOCDOC, "zd-1", "v1", LEE, TUESDAY_9AM, 60);
    zocdoc.put(vendor);
    coordinator.syncAll(ADMIN);
    AppointmentView walkIn = coordinator.book(ADMIN, BookingRequest.builder(LEE, slot(TUESDAY_9AM, 60))
        .overrideConflicts(OverrideReason.URGENT_CARE).build());
    Appointment synced = store.findBySource(vendor.source()).orElseThrow();
    coordinator.resolveConflict(ADMIN, Resolution.acceptOverride(OverrideReason.INTENDED_OVERLAP), walkIn.id(), synced.id());

    zocdoc.put(vendor.toBuilder().source(vendor.source().withVersion("v2")).type(
        dev.clinicsync.core.model.AppointmentType.FOLLOW_UP).build());
    coordinator.syncNow(ADMIN, zocdoc.id());
    Appointment after = store.findBySource(vendor.source()).orElseThrow();
    assertThat(after.source().version()).contains("v2");
    assertThat(after.override()).map(ConflictOverride::reason).contains(OverrideReason.INTENDED_OVERLAP);
  }

  @Test
  @DisplayName("only an accept-override resolution takes a reason, and it must have one")
  void resolutionReasons() {
    assertThatThrownBy(() -> new Resolution(Resolution.Action.ACCEPT_OVERRIDE, Optional.empty(), Optional.empty(),
        Optional.empty())).isInstanceOf(ValidationException.class).hasMessageContaining("needs a reason");
    assertThatThrownBy(() -> new Resolution(Resolution.Action.CANCEL_NEW, Optional.empty(), Optional.empty(),
        Optional.of(OverrideReason.OTHER))).isInstanceOf(ValidationException.class)
        .hasMessageContaining("only an ACCEPT_OVERRIDE");
    assertThat(Resolution.acceptOverride(OverrideReason.OTHER).reason()).contains(OverrideReason.OTHER);
  }
}
