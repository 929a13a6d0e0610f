package dev.clinicsync.sync.writes;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import java.time.Duration;

/**
 * The write queue at a glance.
 *
 * @param depth jobs pending or in flight
 * @param oldestPendingAge how long the oldest of them has waited; zero when there is none
 * @param deadLetters jobs parked after their last attempt, waiting for an admin
 */
public record WriteQueueHealth(long depth, Duration oldestPendingAge, long deadLetters) {
  public WriteQueueHealth {
    Checks.notNull(oldestPendingAge, "oldest pending age");
    if (depth < 0 || deadLetters < 0 || oldestPendingAge.isNegative()) {
      throw new ValidationException("write queue health must not be negative");
    }
  }
}
