package dev.clinicsync.sync.events;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import java.time.Instant;
import java.util.Optional;

/**
 * An appointment that was in conflict no longer is: its stored conflict ids went from some to none
 * (a partner was cancelled, moved or deleted, or it was itself moved or cancelled). An accepted
 * override does not resolve a conflict: the overlap remains, accepted.
 *
 * @param appointment the appointment no longer in conflict
 * @param clinician its clinician
 * @param at when it was stored
 */
public record ConflictResolved(AppointmentId appointment, ClinicianId clinician, Instant at)
    implements CoordinatorEvent {

  public ConflictResolved {
    Checks.notNull(appointment, "event appointment id");
    Checks.notNull(clinician, "event clinician id");
    Checks.notNull(at, "event time");
  }

  @Override
  public Optional<ClinicianId> clinicianKey() {
    return Optional.of(clinician);
  }

  @Override
  public Optional<ConnectorId> connectorKey() {
    return Optional.empty();
  }
}
