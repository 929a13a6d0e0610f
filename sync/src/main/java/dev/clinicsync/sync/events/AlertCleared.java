package dev.clinicsync.sync.events;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.sync.metrics.AlertRule;
import dev.clinicsync.sync.metrics.AlertSeverity;
import java.time.Instant;
import java.util.Optional;

/**
 * An alert rule's condition stopped holding (the rule no longer fires).
 *
 * @param rule the alert rule
 * @param severity how urgent it is
 * @param connector the connector it concerns, for a per-connector rule
 * @param detail what was observed against what threshold (PHI-free), as {@link dev.clinicsync.sync.metrics.Alert#detail()}
 * @param at when the rule was evaluated
 */
public record AlertCleared(AlertRule rule, AlertSeverity severity, Optional<ConnectorId> connector, String detail,
    Instant at) implements CoordinatorEvent {

  public AlertCleared {
    Checks.notNull(rule, "alert rule");
    Checks.notNull(severity, "alert severity");
    Checks.notNull(connector, "alert connector");
    Checks.notNull(detail, "alert detail");
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
