package dev.clinicsync.examples.demo;

import dev.clinicsync.core.model.AppointmentStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * One generated visit as its vendor holds it. The patient's name is a generated fake and is PHI
 * for the demo's purposes: it is served to the connectors (who must keep it out of everything they
 * print and store) and never printed; {@link #toString()} leaves it out.
 *
 * @param vendorId the vendor's appointment id
 * @param clinician the clinician id
 * @param source where it is booked
 * @param start start
 * @param end end
 * @param status what the vendor says about it, in the SDK's terms
 * @param patientId the vendor's patient id
 * @param patientName generated fake name (PHI)
 * @param version the vendor's record version (1, then 2 after a change)
 */
public record DemoAppointment(String vendorId, String clinician, DemoSource source, Instant start, Instant end,
    AppointmentStatus status, String patientId, String patientName, int version) {

  public DemoAppointment {
    Objects.requireNonNull(vendorId, "appointment vendor id");
    Objects.requireNonNull(clinician, "appointment clinician");
    Objects.requireNonNull(source, "appointment source");
    Objects.requireNonNull(status, "appointment status");
    Objects.requireNonNull(patientId, "appointment patient id");
    Objects.requireNonNull(patientName, "appointment patient name");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("appointment: end must be after start");
    }
  }

  /** Whether it holds the clinician's time (the SDK's default blocking statuses). */
  public boolean blocking() {
    return status == AppointmentStatus.PENDING || status == AppointmentStatus.SCHEDULED
        || status == AppointmentStatus.CONFIRMED;
  }

  DemoAppointment moved(Instant newStart) {
    return new DemoAppointment(vendorId, clinician, source, newStart, newStart.plus(java.time.Duration.between(start, end)),
        status, patientId, patientName, version + 1);
  }

  DemoAppointment withStatus(AppointmentStatus s) {
    return new DemoAppointment(vendorId, clinician, source, start, end, s, patientId, patientName, version + 1);
  }

  @Override
  public String toString() {
    return "DemoAppointment[" + source.id() + " " + vendorId + " " + clinician + " " + start + ".." + end + " " + status + "]";
  }
}
