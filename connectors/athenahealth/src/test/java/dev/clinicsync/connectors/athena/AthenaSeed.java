package dev.clinicsync.connectors.athena;

import java.util.List;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.Appointment.ParticipationStatus;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;

/**
 * Realistic athena appointments for practice 195900 (the preview sandbox's), shaped as athena's FHIR
 * API sends them and as messy as real ones are. One patient's name must never leave the PHI record.
 */
final class AthenaSeed {
  static final String PRACTICE = "195900";
  /** Registered in the test directory by its FHIR id. */
  static final String DR_LEE = "a-195900.Provider-23";
  /** Registered in the test directory by its bare v1 provider id, 71. */
  static final String DR_OKAFOR = "a-195900.Provider-71";
  static final String PATIENT_ID = "a-195900.E-60178";
  static final String PATIENT_NAME = "Marisol Quintanilla-Vega";
  static final String NOTE = "Follow-up on panic attacks; call 555-0142 before";
  static final List<String> PHI = List.of(PATIENT_NAME, "Quintanilla", "panic attacks", "555-0142", "1979-11-02");

  private AthenaSeed() {}

  static String id(int n) {
    return "a-195900.A-" + n;
  }

  static Appointment appointment(int n, AppointmentStatus status, String start, String end) {
    Appointment a = new Appointment();
    a.setId(id(n));
    a.setStatus(status);
    if (start != null) {
      a.getStartElement().setValueAsString(start);
    }
    if (end != null) {
      a.getEndElement().setValueAsString(end);
    }
    a.addExtension("https://fhir.athena.io/StructureDefinition/ah-practice",
        new Reference("Organization/a-1.Practice-" + PRACTICE));
    return a;
  }

  static Appointment.AppointmentParticipantComponent practitioner(Appointment a, String ref) {
    return a.addParticipant().setActor(new Reference(ref)).setStatus(ParticipationStatus.ACCEPTED)
        .addType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "PPRF", null)));
  }

  static void patient(Appointment a) {
    a.addParticipant().setActor(new Reference("Patient/" + PATIENT_ID).setDisplay(PATIENT_NAME))
        .setStatus(ParticipationStatus.ACCEPTED);
  }

  static void type(Appointment a, String v20276) {
    a.setAppointmentType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v2-0276", v20276, null)));
  }

  /** Every record the server starts with; the expectations are in {@link AthenaFhirServerTest}. */
  static List<Appointment> week() {
    // 1001: booked, FOLLOWUP, Dr. Lee by relative reference, patient with a display name, a location, PHI notes
    Appointment booked = appointment(1001, AppointmentStatus.BOOKED, "2026-03-02T09:00:00.000-05:00", "2026-03-02T09:50:00.000-05:00");
    practitioner(booked, "Practitioner/" + DR_LEE);
    patient(booked);
    booked.addParticipant().setActor(new Reference("Location/a-195900.Department-1")).setStatus(ParticipationStatus.ACCEPTED);
    type(booked, "FOLLOWUP");
    booked.setComment(NOTE);
    booked.setDescription("Visit for " + PATIENT_NAME);

    // 1002: cancelled, Dr. Okafor by absolute, versioned URL; the patient by identifier only
    Appointment cancelled = appointment(1002, AppointmentStatus.CANCELLED, "2026-03-02T10:00:00-05:00", "2026-03-02T10:30:00-05:00");
    practitioner(cancelled, "https://api.preview.platform.athenahealth.com/fhir/r4/Practitioner/" + DR_OKAFOR + "/_history/4");
    cancelled.addParticipant().setActor(new Reference().setType("Patient")
        .setIdentifier(new Identifier().setSystem("urn:athena:patient").setValue("60178")))
        .setStatus(ParticipationStatus.DECLINED);
    type(cancelled, "ROUTINE");

    // 1003: noshow, Dr. Lee through a contained PractitionerRole
    Appointment noshow = appointment(1003, AppointmentStatus.NOSHOW, "2026-03-03T14:00:00Z", "2026-03-03T15:00:00Z");
    PractitionerRole role = new PractitionerRole();
    role.setId("role1");
    role.setPractitioner(new Reference("Practitioner/" + DR_LEE));
    noshow.addContained(role);
    noshow.addParticipant().setActor(new Reference("#role1")).setStatus(ParticipationStatus.ACCEPTED);
    patient(noshow);
    type(noshow, "CHECKUP");

    // 1004: proposed, no times at all (a request athena has not scheduled)
    Appointment proposed = appointment(1004, AppointmentStatus.PROPOSED, null, null);
    practitioner(proposed, "Practitioner/" + DR_LEE);
    patient(proposed);

    // 1005: booked with minutesDuration and no end
    Appointment noEnd = appointment(1005, AppointmentStatus.BOOKED, "2026-03-04T08:15:00-05:00", null);
    noEnd.setMinutesDuration(30);
    practitioner(noEnd, "Practitioner/" + DR_OKAFOR);
    patient(noEnd);
    type(noEnd, "WALKIN");

    // 1006: minutesDuration contradicting start and end (60 minutes apart)
    Appointment contradicting = appointment(1006, AppointmentStatus.BOOKED, "2026-03-04T11:00:00-05:00", "2026-03-04T12:00:00-05:00");
    contradicting.setMinutesDuration(45);
    practitioner(contradicting, "Practitioner/" + DR_LEE);
    type(contradicting, "ROUTINE");

    // 1007: start absent, replaced by a data-absent-reason extension
    Appointment absentStart = appointment(1007, AppointmentStatus.BOOKED, null, "2026-03-05T10:00:00-05:00");
    absentStart.getStartElement().addExtension("http://hl7.org/fhir/StructureDefinition/data-absent-reason", new CodeType("unknown"));
    practitioner(absentStart, "Practitioner/" + DR_LEE);

    // 1008: fulfilled; a participant with a type and no actor; the patient contained, with a name and birth date
    Appointment fulfilled = appointment(1008, AppointmentStatus.FULFILLED, "2026-03-05T13:00:00-05:00", "2026-03-05T13:45:00-05:00");
    Patient contained = new Patient();
    contained.setId("pat");
    contained.addIdentifier().setSystem("urn:athena:patient").setValue("60178");
    contained.addName(new HumanName().setFamily("Quintanilla-Vega").addGiven("Marisol"));
    contained.getBirthDateElement().setValueAsString("1979-11-02");
    fulfilled.addContained(contained);
    fulfilled.addParticipant().addType(new CodeableConcept(new Coding(
        "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "TRANS", "Translator"))).setStatus(ParticipationStatus.ACCEPTED);
    practitioner(fulfilled, "Practitioner/" + DR_OKAFOR);
    fulfilled.addParticipant().setActor(new Reference("#pat")).setStatus(ParticipationStatus.ACCEPTED);
    type(fulfilled, "FOLLOWUP");

    // 1009: arrived, milliseconds and a +05:30 offset
    Appointment arrived = appointment(1009, AppointmentStatus.ARRIVED, "2026-03-06T19:30:00.250+05:30", "2026-03-06T20:00:00.250+05:30");
    practitioner(arrived, "Practitioner/" + DR_LEE);

    // 1010: entered in error: a deletion
    Appointment error = appointment(1010, AppointmentStatus.ENTEREDINERROR, "2026-03-06T09:00:00-05:00", "2026-03-06T09:30:00-05:00");
    practitioner(error, "Practitioner/" + DR_LEE);

    // 1011: checked-in; 1012: pending; 1013: waitlist with times
    Appointment checkedIn = appointment(1011, AppointmentStatus.CHECKEDIN, "2026-03-06T10:00:00-05:00", "2026-03-06T10:30:00-05:00");
    practitioner(checkedIn, "Practitioner/" + DR_LEE);
    Appointment pending = appointment(1012, AppointmentStatus.PENDING, "2026-03-06T11:00:00-05:00", "2026-03-06T11:30:00-05:00");
    practitioner(pending, "Practitioner/" + DR_OKAFOR);
    Appointment waitlist = appointment(1013, AppointmentStatus.WAITLIST, "2026-03-06T12:00:00-05:00", "2026-03-06T12:30:00-05:00");
    practitioner(waitlist, "Practitioner/" + DR_OKAFOR);

    // 1014: a practitioner the host does not know
    Appointment stranger = appointment(1014, AppointmentStatus.BOOKED, "2026-03-06T15:00:00-05:00", "2026-03-06T15:30:00-05:00");
    practitioner(stranger, "Practitioner/a-195900.Provider-999");
    patient(stranger);

    return List.of(booked, cancelled, noshow, proposed, noEnd, contradicting, absentStart, fulfilled, arrived, error,
        checkedIn, pending, waitlist, stranger);
  }

  static InstantType instant(String s) {
    return new InstantType(s);
  }
}
