package dev.clinicsync.sync.events;

/** How urgent an alert is. */
public enum AlertSeverity {
  /** Degraded: someone should look soon (slow calendar, deep queue, a connector behind). */
  WARNING,
  /** Broken: someone should act now (a connector failing). */
  CRITICAL
}
