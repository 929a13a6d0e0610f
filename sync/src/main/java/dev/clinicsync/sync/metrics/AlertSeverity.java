package dev.clinicsync.sync.metrics;

/** How urgent an alert is. */
public enum AlertSeverity {
  /** Needs attention soon. */
  WARNING,
  /** Needs attention now. */
  CRITICAL
}
