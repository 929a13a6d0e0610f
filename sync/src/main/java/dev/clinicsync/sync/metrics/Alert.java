package dev.clinicsync.sync.metrics;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.ConnectorId;
import java.time.Instant;
import java.util.Optional;

/**
 * An active alert. PHI-free: a rule, a connector id, numbers.
 *
 * @param rule the rule that fired
 * @param severity its severity
 * @param connector the connector it is about; empty for coordinator-wide rules (calendar latency,
 *     queue depth)
 * @param raisedAt when the rule started to fire
 * @param detail what was observed against what threshold, e.g. {@code "error rate 6/100 over PT10M
 *     exceeds 0.05"}
 */
public record Alert(AlertRule rule, AlertSeverity severity, Optional<ConnectorId> connector, Instant raisedAt,
    String detail) {

  public Alert {
    Checks.notNull(rule, "alert rule");
    Checks.notNull(severity, "alert severity");
    Checks.notNull(connector, "alert connector");
    Checks.notNull(raisedAt, "alert time");
    Checks.notNull(detail, "alert detail");
  }
}
