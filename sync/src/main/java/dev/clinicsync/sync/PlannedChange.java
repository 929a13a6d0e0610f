package dev.clinicsync.sync;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.SourceRef;

/**
 * One change a sync would apply, as shown to an admin reviewing a held plan.
 *
 * @param kind create, update or delete
 * @param appointmentId the appointment affected
 * @param source its source key and version
 * @param reason why (new at source; changed since version V; gone from source)
 */
public record PlannedChange(Kind kind, AppointmentId appointmentId, SourceRef source, String reason) {

  /** What the change does. */
  public enum Kind {
    CREATE,
    UPDATE,
    DELETE
  }

  public PlannedChange {
    Checks.notNull(kind, "planned change kind");
    Checks.notNull(appointmentId, "planned change appointment id");
    Checks.notNull(source, "planned change source");
    Checks.notBlank(reason, "planned change reason");
  }
}
