package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.KIM;
import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.TUESDAY_9AM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.access.AccessDeniedException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditEvent;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Reading an appointment's patient details through the coordinator: access-checked as VIEW_PHI
 * for the appointment's clinician and audited as VIEW_PHI with the appointment id, never with the
 * details themselves.
 */
class PhiReadTest {
  static final Principal ADMIN = Principal.admin("u-admin");
  static final Principal DESK = Principal.frontDesk("u-desk");
  static final Principal DR_LEE = Principal.therapist("u-lee", LEE);
  static final Principal DR_KIM = Principal.therapist("u-kim", KIM);
  static final String NAME = "Ximena O'Rourke-Nakamura";

  final FlakyAuditSink audit = new FlakyAuditSink();
  SyncCoordinator coordinator;
  AppointmentId booked;

  @BeforeEach
  void wire() {
    coordinator = SyncCoordinator.builder().appointmentStore(new CountingAppointmentStore()).auditSink(audit)
        .clinicianDirectory(Fixtures.clinicians()).clock(new MutableClock(NOW)).build();
    PhiRecord phi = PhiRecord.builder().put(PhiField.PATIENT_NAME, NAME)
        .put(PhiField.PHONE, "+1 (917) 555-0142").put(PhiField.NOTES, "prefers afternoons; sliding scale").build();
    booked = coordinator.book(ADMIN, BookingRequest.builder(LEE, TimeWindow.of(TUESDAY_9AM, Duration.ofMinutes(50)))
        .phi(phi).build()).id();
  }

  List<AuditEvent> trail() {
    return audit.read(1, 1_000);
  }

  AuditEvent last() {
    return audit.last().orElseThrow();
  }

  @Test
  @DisplayName("an admin's read returns the details and is audited naming the user, VIEW_PHI and the appointment, not the details")
  void adminRead() {
    assertThat(coordinator.patientDetails(ADMIN, booked).flatMap(p -> p.get(PhiField.PATIENT_NAME))).contains(NAME);

    assertThat(last().action()).isEqualTo(AuditAction.VIEW_PHI);
    assertThat(last().actor()).isEqualTo("u-admin");
    assertThat(last().subject()).isEqualTo(booked.value());
    assertThat(last().details()).containsEntry("clinician", "dr-lee").containsEntry("records", "1");
    assertThat(trail()).allSatisfy(e -> assertThat(e.details().toString())
        .doesNotContain("Ximena", "Nakamura", "555-0142", "afternoons"));
  }

  @Test
  @DisplayName("a therapist reads their own patient's details, audited under their user id")
  void therapistOwn() {
    assertThat(coordinator.patientDetails(DR_LEE, booked)).isPresent();
    assertThat(last().action()).isEqualTo(AuditAction.VIEW_PHI);
    assertThat(last().actor()).isEqualTo("u-lee");
  }

  @Test
  @DisplayName("another clinician's therapist and front desk are refused, the refusal audited and no read recorded")
  void refused() {
    assertThatThrownBy(() -> coordinator.patientDetails(DR_KIM, booked)).isInstanceOf(AccessDeniedException.class)
        .hasMessageNotContaining(NAME);
    assertThat(last().action()).isEqualTo(AuditAction.ACCESS_DENIED);
    assertThat(last().actor()).isEqualTo("u-kim");
    assertThatThrownBy(() -> coordinator.patientDetails(DESK, booked)).isInstanceOf(AccessDeniedException.class);
    assertThat(last().action()).isEqualTo(AuditAction.ACCESS_DENIED);
    assertThat(trail()).noneMatch(e -> e.action() == AuditAction.VIEW_PHI);
  }

  @Test
  @DisplayName("a therapist asking for an id that does not exist is refused like for another clinician's")
  void unknownIdForATherapist() {
    assertThatThrownBy(() -> coordinator.patientDetails(DR_LEE, AppointmentId.of("no-such-appointment")))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  @DisplayName("an admin's read of an id without details is empty, and audited as a read of no record")
  void noRecord() {
    assertThat(coordinator.patientDetails(ADMIN, AppointmentId.of("no-such-appointment"))).isEmpty();
    assertThat(last().action()).isEqualTo(AuditAction.VIEW_PHI);
    assertThat(last().subject()).isEqualTo("no-such-appointment");
    assertThat(last().details()).containsEntry("records", "0");
  }

  @Test
  @DisplayName("when the audit trail cannot record the read, nothing is returned")
  void auditOutage() {
    audit.outage();

    assertThatThrownBy(() -> coordinator.patientDetails(ADMIN, booked)).isInstanceOf(StorageException.class)
        .hasMessageContaining("PHI read").hasMessageNotContaining(NAME);
  }
}
