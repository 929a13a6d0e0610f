package dev.clinicsync.core.testkit;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.PatientRef;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An object mother for appointments: {@code Appointments.booked().at("2026-03-02T14:00:00Z")
 * .lasting(Duration.ofMinutes(50)).build()}. Every call makes a fresh source key.
 */
public final class Appointments {
  private static final AtomicLong SEQ = new AtomicLong();

  private final Appointment.Builder builder;
  private Instant start = Instant.parse("2026-03-02T14:00:00Z");
  private Duration length = Duration.ofMinutes(50);

  private Appointments(AppointmentStatus status) {
    long n = SEQ.incrementAndGet();
    builder = Appointment.builder()
        .source(SourceRef.of(SourceSystem.ZOCDOC, "zd-" + n, "v1"))
        .clinicianId(ClinicianId.of("dr-lee"))
        .patient(PatientRef.of("tok_" + String.format("%016d", n)))
        .status(status)
        .type(AppointmentType.CONSULT);
  }

  /** A scheduled consult with Dr Lee on Monday 2 March 2026 at 14:00 UTC for 50 minutes. */
  public static Appointments booked() {
    return new Appointments(AppointmentStatus.SCHEDULED);
  }

  public static Appointments withStatus(AppointmentStatus status) {
    return new Appointments(status);
  }

  public Appointments at(String isoInstant) {
    this.start = Instant.parse(isoInstant);
    return this;
  }

  public Appointments at(Instant instant) {
    this.start = instant;
    return this;
  }

  public Appointments lasting(Duration d) {
    this.length = d;
    return this;
  }

  public Appointments forClinician(String clinicianId) {
    builder.clinicianId(ClinicianId.of(clinicianId));
    return this;
  }

  public Appointments from(SourceSystem system, String externalId) {
    builder.source(SourceRef.of(system, externalId, "v1"));
    return this;
  }

  public Appointments source(SourceRef ref) {
    builder.source(ref);
    return this;
  }

  public Appointments location(String locationId) {
    builder.locationId(locationId);
    return this;
  }

  public Appointments patient(PatientRef ref) {
    builder.patient(ref);
    return this;
  }

  /** The underlying builder, for anything else. */
  public Appointment.Builder builder() {
    return builder.start(start).end(start.plus(length));
  }

  public Appointment build() {
    return builder().build();
  }
}
