package dev.clinicsync.sync.metrics;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import java.time.Duration;

/**
 * Latency percentiles over a sliding window. Percentiles use the nearest-rank definition over a
 * log-bucketed histogram with microsecond resolution: a reported percentile is never below the
 * true one and at most 1/16 (6.25%) above it (values under 16 µs are exact), and never above
 * {@code max}, which is exact. With no samples every value is zero.
 *
 * @param count samples in the window
 * @param p50 the median
 * @param p95 the 95th percentile
 * @param p99 the 99th percentile
 * @param max the longest sample
 */
public record LatencySummary(long count, Duration p50, Duration p95, Duration p99, Duration max) {

  /** No samples. */
  public static final LatencySummary EMPTY =
      new LatencySummary(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

  public LatencySummary {
    if (count < 0) {
      throw new ValidationException("latency sample count must not be negative");
    }
    Checks.notNull(p50, "latency p50");
    Checks.notNull(p95, "latency p95");
    Checks.notNull(p99, "latency p99");
    Checks.notNull(max, "latency max");
    if (p50.compareTo(p95) > 0 || p95.compareTo(p99) > 0 || p99.compareTo(max) > 0) {
      throw new ValidationException("latency percentiles must be ordered p50 <= p95 <= p99 <= max");
    }
  }
}
