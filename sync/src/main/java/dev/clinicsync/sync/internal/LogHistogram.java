package dev.clinicsync.sync.internal;

import dev.clinicsync.sync.metrics.LatencySummary;
import java.time.Duration;
import java.util.Arrays;

/**
 * A fixed-size latency histogram on a log scale, HDR style: microsecond values below 16 have a
 * bucket each; above, every power of two is split into 16 equal sub-buckets, so a bucket's width is
 * at most 1/16 of its lower bound. Values above 2^36 µs (about 19 hours) land in the last bucket.
 * A percentile is read by nearest rank and reported as the upper bound of its bucket, capped at the
 * exact maximum: never below the true value, at most 6.25% above it. 544 counters, no allocation
 * per sample. Not thread-safe: {@link SlidingWindow} guards it.
 */
final class LogHistogram {
  private static final int SUB_BITS = 4;
  private static final int SUB = 1 << SUB_BITS;
  private static final int MAX_EXPONENT = 36;
  static final int BUCKETS = (MAX_EXPONENT - SUB_BITS + 1) * SUB + SUB;
  private static final long MAX_MICROS = (1L << (MAX_EXPONENT + 1)) - 1;

  private final long[] counts = new long[BUCKETS];
  private long total;
  private long maxMicros;

  /** Adds one sample. */
  void record(long micros) {
    long v = Math.max(0, Math.min(micros, MAX_MICROS));
    counts[index(v)]++;
    total++;
    maxMicros = Math.max(maxMicros, v);
  }

  /** Adds every sample of another histogram. */
  void addAll(LogHistogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
    maxMicros = Math.max(maxMicros, other.maxMicros);
  }

  void clear() {
    Arrays.fill(counts, 0);
    total = 0;
    maxMicros = 0;
  }

  long total() {
    return total;
  }

  /** The bucket of a value in [0, MAX_MICROS]. */
  static int index(long v) {
    if (v < SUB) {
      return (int) v;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(v); // >= SUB_BITS
    int shift = exponent - SUB_BITS;
    return (shift + 1) * SUB + (int) ((v >>> shift) - SUB);
  }

  /** The largest value in a bucket. */
  static long upperBound(int index) {
    if (index < SUB) {
      return index;
    }
    int shift = index / SUB - 1;
    long sub = SUB + index % SUB;
    return ((sub + 1) << shift) - 1;
  }

  /** The nearest-rank {@code q}-quantile (0 < q <= 1), in µs; 0 when empty. */
  long quantile(double q) {
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.min(upperBound(i), maxMicros);
      }
    }
    return maxMicros;
  }

  LatencySummary summary() {
    if (total == 0) {
      return LatencySummary.EMPTY;
    }
    return new LatencySummary(total, micros(quantile(0.50)), micros(quantile(0.95)), micros(quantile(0.99)),
        micros(maxMicros));
  }

  private static Duration micros(long v) {
    return Duration.ofNanos(v * 1_000);
  }
}
