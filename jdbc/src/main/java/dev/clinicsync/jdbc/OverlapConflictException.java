package dev.clinicsync.jdbc;

import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ClinicianId;

/**
 * The database's overlap guard (PostgreSQL's exclusion constraint, see
 * {@link JdbcStores.Builder#overlapGuard}) refused an appointment: it overlaps another active SDK
 * booking of the same clinician that was committed first, possibly by another node. This is the
 * last line of defence behind the per-clinician lock and the conflict engine; the caller answers it
 * as a booking conflict (re-check to build the report), never as a storage failure. Two racing
 * inserts that PostgreSQL resolves with a deadlock also end here, for the one that lost.
 */
public class OverlapConflictException extends StorageConflictException {
  private static final long serialVersionUID = 1L;

  private final transient AppointmentId appointmentId;
  private final transient ClinicianId clinicianId;

  public OverlapConflictException(AppointmentId appointmentId, ClinicianId clinicianId) {
    super(appointmentId.value(), "appointment " + appointmentId.value() + " overlaps another active booking of "
        + "clinician " + clinicianId.value() + " (refused by the database's overlap guard)");
    this.appointmentId = appointmentId;
    this.clinicianId = clinicianId;
  }

  /** The refused appointment. */
  public AppointmentId appointmentId() {
    return appointmentId;
  }

  /** Its clinician. */
  public ClinicianId clinicianId() {
    return clinicianId;
  }
}
