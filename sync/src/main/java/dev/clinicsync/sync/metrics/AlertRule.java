package dev.clinicsync.sync.metrics;

/** The coordinator's alert rules; each threshold is set in {@link AlertThresholds}. */
public enum AlertRule {
  /** A connector's calls fail more often than {@link AlertThresholds#errorRate()} over its window. */
  CONNECTOR_ERROR_RATE(AlertSeverity.CRITICAL),
  /** The aggregated calendar's p95 latency exceeds {@link AlertThresholds#calendarP95()} over its window. */
  CALENDAR_LATENCY(AlertSeverity.WARNING),
  /** More write jobs wait than {@link AlertThresholds#queueDepth()}. */
  QUEUE_DEPTH(AlertSeverity.WARNING),
  /** A connector has not synced successfully for more than {@link AlertThresholds#staleSyncFactor()} intervals. */
  SYNC_STALE(AlertSeverity.WARNING);

  private final AlertSeverity severity;

  AlertRule(AlertSeverity severity) {
    this.severity = severity;
  }

  /** The severity of this rule's alerts. */
  public AlertSeverity severity() {
    return severity;
  }
}
