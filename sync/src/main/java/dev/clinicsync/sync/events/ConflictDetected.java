package dev.clinicsync.sync.events;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * An appointment that had no conflicts now has some: its stored conflict ids (the other
 * appointments of the clinician it overlaps or sits within the buffer of) went from none to some.
 * Fired once per such change, whichever path made it (a booking, a reschedule, a sync, a partner's
 * change).
 *
 * @param appointment the appointment now in conflict
 * @param clinician its clinician
 * @param with the appointments it conflicts with, as stored (at most {@code
 *     SyncCoordinator.MAX_CONFLICT_IDS}: a full set means "this many or more")
 * @param at when it was stored
 */
public record ConflictDetected(AppointmentId appointment, ClinicianId clinician, Set<AppointmentId> with, Instant at)
    implements CoordinatorEvent {

  public ConflictDetected {
    Checks.notNull(appointment, "event appointment id");
    Checks.notNull(clinician, "event clinician id");
    with = Set.copyOf(Checks.notNull(with, "event conflicting appointment ids"));
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
