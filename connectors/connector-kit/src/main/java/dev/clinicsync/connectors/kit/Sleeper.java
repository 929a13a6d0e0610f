package dev.clinicsync.connectors.kit;

import java.time.Duration;

/**
 * Waits. Retries and rate limiting wait only through a {@code Sleeper}, so tests inject one that
 * records the waits (and moves a test clock) instead of really sleeping.
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Waits for the duration; returns at once for zero or negative durations.
   *
   * @throws InterruptedException when the waiting thread is interrupted
   */
  void sleep(Duration duration) throws InterruptedException;

  /** The real thing: {@link Thread#sleep(long, int)}. */
  static Sleeper system() {
    return duration -> {
      if (!duration.isNegative() && !duration.isZero()) {
        Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
      }
    };
  }
}
