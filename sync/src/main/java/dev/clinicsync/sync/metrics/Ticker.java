package dev.clinicsync.sync.metrics;

import dev.clinicsync.core.Checks;
import java.time.Clock;
import java.time.Instant;

/**
 * A source of elapsed time in nanoseconds, for measuring latencies: {@link #system()} (monotonic)
 * in production; tests derive one from their mutable clock with {@link #of(Clock)}, so the
 * latencies they read are exact.
 */
@FunctionalInterface
public interface Ticker {

  /** Nanoseconds from an arbitrary origin; only differences between two readings mean anything. */
  long nanos();

  /** {@link System#nanoTime()}: monotonic, unaffected by wall-clock changes. */
  static Ticker system() {
    return System::nanoTime;
  }

  /** Elapsed time on {@code clock} (a test's mutable clock). A clock set back reads as no time passed. */
  static Ticker of(Clock clock) {
    Checks.notNull(clock, "ticker clock");
    return () -> {
      Instant now = clock.instant();
      return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
    };
  }
}
