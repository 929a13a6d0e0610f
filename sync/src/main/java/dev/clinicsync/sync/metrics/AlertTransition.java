package dev.clinicsync.sync.metrics;

import dev.clinicsync.core.Checks;
import java.time.Instant;

/**
 * An alert starting or ending: what the coordinator hands its alert listeners.
 *
 * @param kind raised or cleared
 * @param alert the alert (for a clear, as it was while active)
 * @param at when the transition was evaluated
 */
public record AlertTransition(Kind kind, Alert alert, Instant at) {

  /** Raised or cleared. */
  public enum Kind {
    /** The rule started to fire. */
    RAISED,
    /** The rule stopped firing. */
    CLEARED
  }

  public AlertTransition {
    Checks.notNull(kind, "alert transition kind");
    Checks.notNull(alert, "alert");
    Checks.notNull(at, "alert transition time");
  }
}
