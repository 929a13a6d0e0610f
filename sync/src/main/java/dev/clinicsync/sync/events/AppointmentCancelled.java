package dev.clinicsync.sync.events;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import java.time.Instant;
import java.util.Optional;

/**
 * An appointment was cancelled through the coordinator or at its source, or a sync removed it because it is gone from its source (then re-reading it finds nothing).
 *
 * @param appointment the appointment's id: re-read it with {@code SyncCoordinator.calendarEntry}
 * @param clinician the clinician whose calendar it is on
 * @param connector the connector whose sync applied it; empty for a host operation (booking,
 *     rescheduling, cancelling, resolving a conflict)
 * @param at when it was stored
 */
public record AppointmentCancelled(AppointmentId appointment, ClinicianId clinician, Optional<ConnectorId> connector, Instant at)
    implements CoordinatorEvent {

  public AppointmentCancelled {
    Checks.notNull(appointment, "event appointment id");
    Checks.notNull(clinician, "event clinician id");
    Checks.notNull(connector, "event connector");
    Checks.notNull(at, "event time");
  }

  @Override
  public Optional<ClinicianId> clinicianKey() {
    return Optional.of(clinician);
  }

  @Override
  public Optional<ConnectorId> connectorKey() {
    return connector;
  }
}
