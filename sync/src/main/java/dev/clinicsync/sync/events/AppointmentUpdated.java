package dev.clinicsync.sync.events;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import java.time.Instant;
import java.util.Optional;

/**
 * An appointment changed: rescheduled, given an accepted override, or changed at its source.
 *
 * @param appointment the appointment's id: re-read it with {@code SyncCoordinator.calendarEntry}
 * @param clinician the clinician whose calendar it is on
 * @param connector the connector whose sync applied it; empty for a host operation (booking,
 *     rescheduling, cancelling, resolving a conflict)
 * @param at when it was stored
 */
public record AppointmentUpdated(AppointmentId appointment, ClinicianId clinician, Optional<ConnectorId> connector, Instant at)
    implements CoordinatorEvent {

  public AppointmentUpdated {
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
