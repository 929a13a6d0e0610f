package dev.clinicsync.examples.demo.view;

import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.connector.SourceRecord;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.PatientRef;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.testkit.MutableClock;
import dev.clinicsync.sync.SyncCoordinator;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * A small practice synced into an in-memory coordinator from five sources, with known counts for
 * the week of Monday 2 March 2026 (US daylight saving time begins on its Sunday, 8 March):
 *
 * <ul>
 *   <li>midtown (New York): Dr. Lee — a SimplePractice session overlapping a Zocdoc booking (2
 *       conflicts), a SimplePractice session also kept in Google (1 linked duplicate pair), a
 *       cancelled Kareo visit, an athenahealth no-show, a Zocdoc booking overlapping a Google busy
 *       block (1 conflict), two busy blocks; Dr. Kim — an athenahealth visit overlapping a Kareo
 *       one (2 conflicts), one busy block;
 *   <li>westside (Los Angeles): Dr. Ortiz — one SimplePractice session and one busy block.
 * </ul>
 *
 * <p>Every record carries a patient name in its PHI part, and the Kareo and athenahealth records
 * messy vendor text as their type code; neither may reach the page.
 */
final class Practice {
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
  static final LocalDate MONDAY = LocalDate.of(2026, 3, 2);
  static final ClinicianId LEE = ClinicianId.of("dr-lee");
  static final ClinicianId KIM = ClinicianId.of("dr-kim");
  static final ClinicianId ORTIZ = ClinicianId.of("dr-ortiz");
  static final Principal ADMIN = Principal.admin("admin-1");
  static final Principal DESK = Principal.frontDesk("desk-1");
  static final String PATIENT_NAME = "Margaret O'Hara-Nguyen";
  static final String VENDOR_TYPE_TEXT = "Intake w/ Margaret (call 555-0142)";

  static final int APPOINTMENTS = 10;
  static final int CONFLICTS = 5;
  static final int BUSY = 4;
  static final int LINKED = 2; // one duplicate pair: both records are marked as linked

  static final WeeklyAvailability HOURS =
      WeeklyAvailability.builder().weekdays(LocalTimeRange.of("08:00", "18:00")).build();
  static final List<Clinician> CLINICIANS = List.of(
      Clinician.of(LEE, "Dr. Lee", NEW_YORK, HOURS),
      Clinician.of(KIM, "Dr. Kim", NEW_YORK, HOURS),
      Clinician.of(ORTIZ, "Dr. Ortiz", LOS_ANGELES, HOURS));
  static final Map<ClinicianId, String> LOCATIONS = Map.of(LEE, "midtown", KIM, "midtown", ORTIZ, "westside");

  final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
  final ListConnector simplepractice = new ListConnector("sp-main", SourceSystem.SIMPLEPRACTICE);
  final ListConnector zocdoc = new ListConnector("zocdoc-main", SourceSystem.ZOCDOC);
  final ListConnector kareo = new ListConnector("kareo-main", SourceSystem.KAREO);
  final ListConnector athena = new ListConnector("athena-main", SourceSystem.ATHENAHEALTH);
  final ListConnector google = new ListConnector("google-main", SourceSystem.GOOGLE);
  private int patients;

  /** The practice's records, not yet synced. */
  Practice() {
    simplepractice.add(visit(SourceSystem.SIMPLEPRACTICE, "SP-88121", LEE, NEW_YORK, 0, "10:00", 50, AppointmentStatus.SCHEDULED));
    zocdoc.add(visit(SourceSystem.ZOCDOC, "zd_5f2a9c", LEE, NEW_YORK, 0, "10:30", 50, AppointmentStatus.CONFIRMED));
    PatientRef same = PatientRef.of("patient-token-same-visit");
    simplepractice.add(record(visitOf(SourceSystem.SIMPLEPRACTICE, "SP-88122", LEE, NEW_YORK, 1, "09:00", 50,
        AppointmentStatus.SCHEDULED).patient(same).build()));
    google.add(record(visitOf(SourceSystem.GOOGLE, "4q9v7b2kdl0gsm1@google.com", LEE, NEW_YORK, 1, "09:00", 50,
        AppointmentStatus.SCHEDULED).patient(same).type(AppointmentType.FOLLOW_UP).build()));
    kareo.add(visit(SourceSystem.KAREO, "100234", LEE, NEW_YORK, 2, "14:00", 50, AppointmentStatus.CANCELLED));
    athena.add(visit(SourceSystem.ATHENAHEALTH, "Appointment/7731", LEE, NEW_YORK, 3, "11:00", 50, AppointmentStatus.NO_SHOW));
    google.busy(busy("busy-lee-lunch", LEE, NEW_YORK, 2, "12:00", 60));
    zocdoc.add(visit(SourceSystem.ZOCDOC, "zd_77e01b", LEE, NEW_YORK, 4, "15:00", 50, AppointmentStatus.SCHEDULED));
    google.busy(busy("busy-lee-dentist", LEE, NEW_YORK, 4, "15:30", 60));

    athena.add(visit(SourceSystem.ATHENAHEALTH, "Appointment/7740", KIM, NEW_YORK, 0, "09:00", 50, AppointmentStatus.SCHEDULED));
    kareo.add(visit(SourceSystem.KAREO, "100301", KIM, NEW_YORK, 0, "09:30", 50, AppointmentStatus.CONFIRMED));
    google.busy(busy("busy-kim-gym", KIM, NEW_YORK, 1, "12:00", 60));

    simplepractice.add(visit(SourceSystem.SIMPLEPRACTICE, "SP-90001", ORTIZ, LOS_ANGELES, 2, "10:00", 50,
        AppointmentStatus.SCHEDULED));
    google.busy(busy("busy-ortiz-school-run", ORTIZ, LOS_ANGELES, 3, "08:00", 60));
  }

  /** A coordinator with every source synced. */
  SyncCoordinator synced() {
    SyncCoordinator c = SyncCoordinator.builder().connectors(simplepractice, zocdoc, kareo, athena, google)
        .clinicianDirectory(InMemoryClinicianDirectory.of(CLINICIANS.toArray(Clinician[]::new)))
        .clock(clock).build();
    c.syncAll(ADMIN);
    return c;
  }

  SourceRecord visit(SourceSystem system, String externalId, ClinicianId clinician, ZoneId zone, int day,
      String time, int minutes, AppointmentStatus status) {
    return record(visitOf(system, externalId, clinician, zone, day, time, minutes, status).build());
  }

  Appointment.Builder visitOf(SourceSystem system, String externalId, ClinicianId clinician, ZoneId zone, int day,
      String time, int minutes, AppointmentStatus status) {
    LocalDateTime local = MONDAY.plusDays(day).atTime(java.time.LocalTime.parse(time));
    java.time.Instant start = local.atZone(zone).toInstant();
    return Appointment.builder()
        .source(SourceRef.of(system, externalId, "v1"))
        .clinicianId(clinician)
        .patient(PatientRef.of(String.format("patient-token-%04d", ++patients)))
        .start(start)
        .end(start.plus(Duration.ofMinutes(minutes)))
        .status(status)
        .type(system.equals(SourceSystem.ZOCDOC) ? AppointmentType.CONSULT
            : system.equals(SourceSystem.SIMPLEPRACTICE) ? AppointmentType.of(AppointmentType.Kind.FOLLOW_UP, "90837")
            : AppointmentType.other(VENDOR_TYPE_TEXT))
        .putSourceMetadata("visit_reason_code", "R12");
  }

  static SourceRecord record(Appointment a) {
    return SourceRecord.of(a, PhiRecord.builder().put(PhiField.PATIENT_NAME, PATIENT_NAME)
        .put(PhiField.PHONE, "+1 212 555 0142").put(PhiField.NOTES, "<script>alert('phi')</script>").build());
  }

  static BusyBlock busy(String eventId, ClinicianId clinician, ZoneId zone, int day, String time, int minutes) {
    java.time.Instant start = MONDAY.plusDays(day).atTime(java.time.LocalTime.parse(time)).atZone(zone).toInstant();
    return BusyBlock.timed(SourceRef.of(SourceSystem.GOOGLE, eventId), "therapist@example.org", clinician, start,
        start.plus(Duration.ofMinutes(minutes)));
  }
}
