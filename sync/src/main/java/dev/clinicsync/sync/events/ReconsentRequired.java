package dev.clinicsync.sync.events;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import java.time.Instant;
import java.util.Optional;

/**
 * The vendor refused a therapist's grant (Google's {@code invalid_grant}): the connector is paused
 * until the therapist connects their account again ({@code SyncCoordinator.accounts()}). Fired
 * once per refusal, when the account enters re-consent.
 *
 * @param connector the connector reading the therapist's account
 * @param clinician the therapist who must consent again
 * @param at when the refusal was noted
 */
public record ReconsentRequired(ConnectorId connector, ClinicianId clinician, Instant at) implements CoordinatorEvent {

  public ReconsentRequired {
    Checks.notNull(connector, "event connector id");
    Checks.notNull(clinician, "event clinician id");
    Checks.notNull(at, "event time");
  }

  @Override
  public Optional<ClinicianId> clinicianKey() {
    return Optional.of(clinician);
  }

  @Override
  public Optional<ConnectorId> connectorKey() {
    return Optional.of(connector);
  }
}
