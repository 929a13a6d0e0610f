package dev.clinicsync.sync;

import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.PatientRef;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** Shared test data: two New York clinicians working 08:00–18:00 on weekdays. */
final class Fixtures {
  static final ClinicianId LEE = ClinicianId.of("dr-lee");
  static final ClinicianId KIM = ClinicianId.of("dr-kim");
  static final ZoneId NY = ZoneId.of("America/New_York");
  /** Monday 2 March 2026, noon UTC. */
  static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
  /** Tuesday 3 March 2026, 09:00 in New York. */
  static final Instant TUESDAY_9AM = Instant.parse("2026-03-03T14:00:00Z");
  static final TimeWindow WEEK = TimeWindow.of(Instant.parse("2026-03-02T05:00:00Z"), Duration.ofDays(7));

  private Fixtures() {}

  static InMemoryClinicianDirectory clinicians() {
    WeeklyAvailability hours = WeeklyAvailability.builder().weekdays(LocalTimeRange.of("08:00", "18:00")).build();
    return InMemoryClinicianDirectory.of(
        Clinician.of(LEE, "Dr Lee", NY, hours), Clinician.of(KIM, "Dr Kim", NY, hours));
  }

  static PatientRef patient(int n) {
    return PatientRef.of(String.format("patient-token-%04d", n));
  }

  static Appointment appt(SourceSystem system, String externalId, String version, ClinicianId clinician,
      Instant start, int minutes) {
    return Appointment.builder()
        .source(SourceRef.of(system, externalId, version))
        .clinicianId(clinician)
        .patient(patient(externalId.hashCode() & 0xfff))
        .start(start)
        .end(start.plus(Duration.ofMinutes(minutes)))
        .status(AppointmentStatus.SCHEDULED)
        .locationId("main")
        .putSourceMetadata("visit_reason_code", "R12")
        .build();
  }

  static BusyBlock busy(String eventId, ClinicianId clinician, Instant start, int minutes) {
    return BusyBlock.timed(SourceRef.of(SourceSystem.GOOGLE, eventId), "primary", clinician, start,
        start.plus(Duration.ofMinutes(minutes)));
  }
}
