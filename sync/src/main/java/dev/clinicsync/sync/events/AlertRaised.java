package dev.clinicsync.sync.events;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import java.time.Instant;
import java.util.Optional;

/**
 * An alert rule's condition began to hold (the rule is now firing).
 *
 * @param ruleId the alert rule's id (such as {@code connector-error-rate})
 * @param severity how urgent it is
 * @param connector the connector it concerns, for a per-connector rule
 * @param observed the value the rule measured (a rate, seconds, a count)
 * @param threshold the rule's threshold for it
 * @param at when the rule was evaluated
 */
public record AlertRaised(String ruleId, AlertSeverity severity, Optional<ConnectorId> connector, double observed,
    double threshold, Instant at) implements CoordinatorEvent {

  public AlertRaised {
    Checks.identifier(ruleId, "alert rule id");
    Checks.notNull(severity, "alert severity");
    Checks.notNull(connector, "alert connector");
    Checks.notNull(at, "event time");
  }

  @Override
  public Optional<ClinicianId> clinicianKey() {
    return Optional.empty();
  }

  @Override
  public Optional<ConnectorId> connectorKey() {
    return connector;
  }
}
