package dev.clinicsync.core.store;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ClinicianId;

/**
 * One committed write of an appointment, numbered in the store's change sequence. A node whose
 * conflict index must catch up with other nodes' writes reads {@link AppointmentChanges#since} and
 * re-reads the appointments named. Carries ids only, never an appointment's contents.
 *
 * @param changeId the position in the change sequence: larger for later commits
 * @param appointmentId the appointment written
 * @param clinicianId its clinician after the write (for a deletion, the one it had)
 * @param kind whether it was saved or deleted
 */
public record AppointmentChange(long changeId, AppointmentId appointmentId, ClinicianId clinicianId, Kind kind) {

  /** What the write did. */
  public enum Kind {
    /** Inserted or updated: read the appointment again. */
    SAVED,
    /** Deleted. */
    DELETED
  }

  public AppointmentChange {
    if (changeId < 1) {
      throw new ValidationException("change id must be positive: " + changeId);
    }
    Checks.notNull(appointmentId, "change appointment id");
    Checks.notNull(clinicianId, "change clinician id");
    Checks.notNull(kind, "change kind");
  }
}
