package dev.clinicsync.sync.metrics;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.ConnectorId;

/**
 * One connector operation's counts and latency.
 *
 * @param connector the connector
 * @param operation the SPI call
 * @param calls calls since the coordinator was built
 * @param errors calls that ended in {@link CallOutcome#ERROR} since the coordinator was built
 * @param recentCalls calls in the sliding window of the error-rate rule
 *     ({@link AlertThresholds#errorRateWindow()})
 * @param recentErrors errors in that window
 * @param latency latency percentiles over that window, errors included
 */
public record OperationMetrics(ConnectorId connector, ConnectorOperation operation, long calls, long errors,
    long recentCalls, long recentErrors, LatencySummary latency) {

  public OperationMetrics {
    Checks.notNull(connector, "metrics connector");
    Checks.notNull(operation, "metrics operation");
    Checks.notNull(latency, "metrics latency");
    if (calls < 0 || errors < 0 || errors > calls || recentCalls < 0 || recentErrors < 0
        || recentErrors > recentCalls) {
      throw new ValidationException("operation counts must not be negative, errors not above calls");
    }
  }
}
