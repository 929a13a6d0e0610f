package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.TUESDAY_9AM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.access.AccessDeniedException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.memory.InMemoryAuditSink;
import dev.clinicsync.core.model.OverrideReason;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.phi.AesGcmPhiVault;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Booking and rescheduling where a silent change would be a privacy or safety defect (issue #22). */
@DisplayName("Host scheduling")
class SchedulingSpecificationTest {
  private static final Principal ADMIN = Principal.admin("u-admin");
  private static final Principal DESK = Principal.frontDesk("u-desk");

  private final MutableClock clock = new MutableClock(NOW);
  private final InMemoryAuditSink audit = new InMemoryAuditSink();
  private final AesGcmPhiVault vault = AesGcmPhiVault.withRandomKey();
  private SyncCoordinator coordinator;

  @BeforeEach
  void wire() {
    coordinator = SyncCoordinator.builder().connectors(new FakeConnector("zocdoc-main", SourceSystem.ZOCDOC))
        .auditSink(audit).phiVault(vault).clinicianDirectory(Fixtures.clinicians()).clock(clock).build();
  }

  private static TimeWindow slot(Instant start, int minutes) {
    return TimeWindow.of(start, Duration.ofMinutes(minutes));
  }

  private long events(AuditAction action) {
    return audit.read(1, 10_000).stream().filter(e -> e.action() == action).count();
  }

  @Test
  @DisplayName("rescheduling over a conflict with an override reason needs the right to override, checked before anything moves")
  void rescheduleOverrideIsAccessChecked() {
    AppointmentView taken = coordinator.book(DESK, BookingRequest.builder(LEE, slot(TUESDAY_9AM, 60)).build());
    AppointmentView mine = coordinator.book(DESK, BookingRequest.builder(LEE, slot(TUESDAY_9AM.plus(Duration.ofHours(2)), 60)).build());
    long denied = events(AuditAction.ACCESS_DENIED);
    assertThatThrownBy(() -> coordinator.rescheduleOverriding(DESK, mine.id(), slot(TUESDAY_9AM, 60),
        OverrideReason.URGENT_CARE)).isInstanceOf(AccessDeniedException.class);
    assertThat(events(AuditAction.ACCESS_DENIED)).isEqualTo(denied + 1);
    assertThat(events(AuditAction.RESCHEDULE_APPOINTMENT)).isZero();
    AppointmentView moved = coordinator.rescheduleOverriding(ADMIN, mine.id(), slot(TUESDAY_9AM, 60),
        OverrideReason.URGENT_CARE);
    assertThat(moved.conflictIds()).contains(taken.id());
  }

  @Test
  @DisplayName("a booking's PHI is stored in the vault under the new appointment's id, and nowhere in the audit trail")
  void bookingStoresPhi() {
    AppointmentView booked = coordinator.book(DESK, BookingRequest.builder(LEE, slot(TUESDAY_9AM, 60))
        .phi(PhiRecord.builder().put(PhiField.PATIENT_NAME, "Jane Booked").build()).build());
    assertThat(vault.get(booked.id())).hasValueSatisfying(p ->
        assertThat(p.get(PhiField.PATIENT_NAME)).contains("Jane Booked"));
    assertThat(audit.read(1, 10_000)).allSatisfy(e -> assertThat(e.details().toString()).doesNotContain("Jane"));
  }
}
