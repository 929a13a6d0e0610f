package dev.clinicsync.core.testkit.assertions;

import static dev.clinicsync.core.testkit.assertions.ClinicSyncAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.PatientRef;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.testkit.Appointments;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("AppointmentAssert")
class AppointmentAssertTest {
  static final PatientRef PATIENT = PatientRef.of("patient-token-0000000042");

  final Appointment appt = Appointments.booked()
      .at("2026-03-02T14:00:00Z").lasting(Duration.ofMinutes(50))
      .from(SourceSystem.KAREO, "k-77").forClinician("dr-lee").patient(PATIENT).location("room-2")
      .builder().putSourceMetadata("kareo.room", "2").build();

  /** The assertion fails with an AssertionError whose message says all of {@code parts}. */
  static void failsSaying(ThrowingCallable assertion, String... parts) {
    assertThatThrownBy(assertion).isInstanceOf(AssertionError.class).hasMessageContainingAll(parts);
  }

  @Nested
  @DisplayName("passes on what the appointment holds")
  class Passes {
    @Test
    @DisplayName("its identity, source, clinician, times and status, chained")
    void chained() {
      assertThat(appt)
          .hasId(appt.id())
          .hasSource(SourceRef.of(SourceSystem.KAREO, "k-77", "v1"))
          .hasSourceKey(SourceRef.of(SourceSystem.KAREO, "k-77"))
          .isFrom(SourceSystem.KAREO)
          .hasSourceVersion("v1")
          .belongsTo("dr-lee")
          .belongsTo(ClinicianId.of("dr-lee"))
          .startsAt("2026-03-02T14:00:00Z")
          .endsAt(Instant.parse("2026-03-02T14:50:00Z"))
          .lasts(Duration.ofMinutes(50))
          .hasWindow(TimeWindow.of(Instant.parse("2026-03-02T14:00:00Z"), Duration.ofMinutes(50)))
          .overlaps(TimeWindow.of(Instant.parse("2026-03-02T14:49:00Z"), Duration.ofHours(1)))
          .hasStatus(AppointmentStatus.SCHEDULED)
          .hasType(AppointmentType.CONSULT)
          .hasPatient(PATIENT)
          .hasLocation("room-2")
          .hasNoConflictIds()
          .hasRevision(0)
          .hasSourceMetadata("kareo.room", "2")
          .hasNoSourceMetadata("clinicsync.connector")
          .hasSameContentAs(appt.withRevision(3));
    }

    @Test
    @DisplayName("its conflict ids in any order, and no patient on a block")
    void conflictsAndNoPatient() {
      AppointmentId a = AppointmentId.of("a");
      AppointmentId b = AppointmentId.of("b");
      assertThat(appt.withConflictIds(Set.of(a, b))).hasConflictIds(b, a);
      assertThat(Appointments.booked().patient(null).build()).hasNoPatient();
    }
  }

  @Nested
  @DisplayName("fails showing what it found")
  class Fails {
    @Test
    @DisplayName("for the wrong status, clinician, source or type")
    void fields() {
      failsSaying(() -> assertThat(appt).hasStatus(AppointmentStatus.CONFIRMED),
          "to have status", "CONFIRMED", "but it has", "SCHEDULED", appt.id().value());
      failsSaying(() -> assertThat(appt).belongsTo("dr-kim"), "clinician", "dr-kim", "dr-lee");
      failsSaying(() -> assertThat(appt).isFrom(SourceSystem.ZOCDOC), "source system", "zocdoc", "kareo");
      failsSaying(() -> assertThat(appt).hasSource(SourceRef.of(SourceSystem.KAREO, "k-77", "v2")),
          "kareo:k-77@v2", "kareo:k-77@v1");
      failsSaying(() -> assertThat(appt).hasSourceKey(SourceRef.of(SourceSystem.KAREO, "k-78")), "kareo:k-78", "kareo:k-77");
      failsSaying(() -> assertThat(appt).hasSourceVersion("v9"), "source version", "v9", "v1");
      failsSaying(() -> assertThat(appt).hasType(AppointmentType.FOLLOW_UP), "type", "FOLLOW_UP", "CONSULT");
      failsSaying(() -> assertThat(appt).hasId(AppointmentId.of("other")), "id", "other", appt.id().value());
      failsSaying(() -> assertThat(appt).hasRevision(2), "revision", "2", "0");
    }

    @Test
    @DisplayName("for the wrong times, naming the instant it has")
    void times() {
      failsSaying(() -> assertThat(appt).startsAt("2026-03-02T15:00:00Z"),
          "start", "2026-03-02T15:00:00Z", "2026-03-02T14:00:00Z");
      failsSaying(() -> assertThat(appt).endsAt("2026-03-02T15:00:00Z"), "end", "2026-03-02T14:50:00Z");
      failsSaying(() -> assertThat(appt).lasts(Duration.ofHours(1)), "length", "PT1H", "PT50M");
      failsSaying(() -> assertThat(appt).hasWindow(TimeWindow.of(appt.start(), Duration.ofHours(1))),
          "window", "2026-03-02T15:00:00Z", "2026-03-02T14:50:00Z");
      failsSaying(() -> assertThat(appt).overlaps(TimeWindow.of(appt.end(), Duration.ofHours(1))),
          "to overlap", "its window is", "[2026-03-02T14:00:00Z, 2026-03-02T14:50:00Z)");
    }

    @Test
    @DisplayName("for the wrong patient or location, without printing a whole token")
    void patientAndLocation() {
      PatientRef other = PatientRef.of("patient-token-0000000099");
      assertThatThrownBy(() -> assertThat(appt).hasPatient(other)).isInstanceOf(AssertionError.class)
          .hasMessageContaining("another token").hasMessageNotContaining(PATIENT.token());
      assertThatThrownBy(() -> assertThat(appt).hasNoPatient()).isInstanceOf(AssertionError.class)
          .hasMessageContaining("no patient").hasMessageNotContaining(PATIENT.token());
      failsSaying(() -> assertThat(Appointments.booked().patient(null).build()).hasPatient(PATIENT), "no patient");
      failsSaying(() -> assertThat(appt).hasLocation("room-3"), "location", "room-3", "room-2");
    }

    @Test
    @DisplayName("for conflict ids, listing both sets")
    void conflictIds() {
      Appointment conflicted = appt.withConflictIds(Set.of(AppointmentId.of("x"), AppointmentId.of("y")));
      failsSaying(() -> assertThat(conflicted).hasConflictIds(AppointmentId.of("x")), "conflict ids", "[x]", "[x, y]");
      failsSaying(() -> assertThat(conflicted).hasNoConflictIds(), "[]", "[x, y]");
    }

    @Test
    @DisplayName("for metadata, naming the keys it has")
    void metadata() {
      failsSaying(() -> assertThat(appt).hasSourceMetadata("kareo.room", "3"), "kareo.room=3", "the value is 2");
      failsSaying(() -> assertThat(appt).hasSourceMetadata("kareo.floor", "1"), "no such key", "[kareo.room]");
      failsSaying(() -> assertThat(appt).hasNoSourceMetadata("kareo.room", "other"), "it has [kareo.room]");
    }

    @Test
    @DisplayName("for different content, naming the fields that differ")
    void content() {
      Appointment moved = appt.toBuilder().start(appt.start().plusSeconds(60)).status(AppointmentStatus.CONFIRMED).build();
      failsSaying(() -> assertThat(appt).hasSameContentAs(moved), "these differ", "start", "status");
    }

    @Test
    @DisplayName("on a null appointment")
    void nullAppointment() {
      failsSaying(() -> assertThat((Appointment) null).hasStatus(AppointmentStatus.SCHEDULED), "null");
    }

    @Test
    @DisplayName("with the description given by as()")
    void description() {
      failsSaying(() -> assertThat(appt).as("the booked one").hasStatus(AppointmentStatus.CANCELLED), "[the booked one]");
    }
  }

  @Nested
  @DisplayName("checks PHI")
  class Phi {
    final PhiRecord phi = PhiRecord.builder().put(PhiField.PATIENT_NAME, "Plantedname Doe")
        .put(PhiField.PHONE, "555-0199").build();

    @Test
    @DisplayName("passing when the record's PHI is nowhere in the appointment")
    void clean() {
      assertThat(appt).holdsNoPhiOf(phi).hasNoPhiIn("booked " + appt.id(), appt, 42);
    }

    @Test
    @DisplayName("failing with the PHI field and where it was found, never the value")
    void leakedIntoMetadata() {
      Appointment leaky = appt.toBuilder().putSourceMetadata("kareo.title", "Visit PLANTEDNAME doe").build();
      assertThatThrownBy(() -> assertThat(leaky).holdsNoPhiOf(phi)).isInstanceOf(AssertionError.class)
          .hasMessageContainingAll("PATIENT_NAME in metadata value of kareo.title")
          .hasMessageNotContaining("Plantedname").hasMessageNotContaining("555-0199");
      Appointment leakyLocation = appt.toBuilder().locationId("call-555-0199").build();
      failsSaying(() -> assertThat(leakyLocation).holdsNoPhiOf(phi), "PHONE in location id");
    }

    @Test
    @DisplayName("failing when a text shows the patient token, masking it")
    void tokenShown() {
      String logLine = "booked " + appt.id() + " for " + PATIENT.token();
      assertThatThrownBy(() -> assertThat(appt).hasNoPhiIn("fine", logLine)).isInstanceOf(AssertionError.class)
          .hasMessageContainingAll("argument 2", "for <patient token>")
          .hasMessageNotContaining(PATIENT.token());
    }

    @Test
    @DisplayName("passing trivially for an appointment without a patient")
    void noPatient() {
      Appointment block = Appointments.booked().patient(null).build();
      assertThat(block).hasNoPhiIn(block.toString(), PATIENT.token());
      assertThat(block.patient()).isEmpty();
    }
  }
}
