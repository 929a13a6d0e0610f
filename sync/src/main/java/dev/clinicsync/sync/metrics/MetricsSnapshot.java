package dev.clinicsync.sync.metrics;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.ConnectorId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The coordinator's metrics at one moment, PHI-free: ids, counts and durations only.
 *
 * @param at when it was taken (the coordinator's clock)
 * @param operations every connector operation called at least once, by connector then operation
 * @param syncs every connector's sync freshness, in the coordinator's connector order
 * @param calendarReads {@code aggregatedCalendar} calls since the coordinator was built
 * @param calendarLatency {@code aggregatedCalendar} latency over the window of its alert rule
 *     ({@link AlertThresholds#calendarLatencyWindow()})
 * @param bookingsRefused bookings and reschedules refused for conflicts since the coordinator was
 *     built
 * @param queueDepth write jobs pending or in flight ({@code WriteQueue.stats()})
 * @param deadLetters write jobs parked after their last attempt
 * @param oldestPendingWrite how long the oldest pending write job has waited; zero when none
 * @param listenerFailures exceptions thrown by the metrics recorder or an alert listener, which
 *     are counted and otherwise ignored
 */
public record MetricsSnapshot(Instant at, List<OperationMetrics> operations, List<SyncFreshness> syncs,
    long calendarReads, LatencySummary calendarLatency, long bookingsRefused, long queueDepth, long deadLetters,
    Duration oldestPendingWrite, long listenerFailures) {

  public MetricsSnapshot {
    Checks.notNull(at, "snapshot time");
    operations = List.copyOf(Checks.notNull(operations, "snapshot operations"));
    syncs = List.copyOf(Checks.notNull(syncs, "snapshot syncs"));
    Checks.notNull(calendarLatency, "snapshot calendar latency");
    Checks.notNull(oldestPendingWrite, "snapshot oldest pending write");
    if (calendarReads < 0 || bookingsRefused < 0 || queueDepth < 0 || deadLetters < 0 || listenerFailures < 0) {
      throw new ValidationException("snapshot counts must not be negative");
    }
  }

  /** One connector operation's metrics; empty when it was never called. */
  public Optional<OperationMetrics> operation(ConnectorId connector, ConnectorOperation operation) {
    return operations.stream().filter(o -> o.connector().equals(connector) && o.operation() == operation).findFirst();
  }

  /** One connector's sync freshness; empty for a connector this coordinator does not run. */
  public Optional<SyncFreshness> sync(ConnectorId connector) {
    return syncs.stream().filter(s -> s.connector().equals(connector)).findFirst();
  }
}
