package dev.clinicsync.sync.internal;

import dev.clinicsync.sync.metrics.LatencySummary;
import java.time.Duration;
import java.time.Instant;

/**
 * Calls, errors and latencies over a sliding window of time, kept in ten slices of a tenth of the
 * window each (a ring, reused as time moves on): a sample counts from when it is recorded until
 * its slice leaves the window, between 9/10 of the window and the whole of it. Also counts the
 * samples strictly slower than a fixed threshold, so "the p95 exceeds the threshold" is decided
 * exactly rather than from the histogram's estimate. Thread-safe.
 */
final class SlidingWindow {
  static final int SLICES = 10;

  private final long sliceMillis;
  private final long thresholdNanos;
  private final long[] sliceIndex = new long[SLICES];
  private final long[] calls = new long[SLICES];
  private final long[] errors = new long[SLICES];
  private final long[] slow = new long[SLICES];
  private final LogHistogram[] latency = new LogHistogram[SLICES];

  /**
   * @param window the window's length (at least 10 ms)
   * @param slowThreshold samples strictly slower than this are counted as slow
   */
  SlidingWindow(Duration window, Duration slowThreshold) {
    this.sliceMillis = Math.max(1, window.toMillis() / SLICES);
    this.thresholdNanos = slowThreshold.toNanos();
    for (int i = 0; i < SLICES; i++) {
      sliceIndex[i] = Long.MIN_VALUE;
      latency[i] = new LogHistogram();
    }
  }

  /** Records one call at {@code at}, with its latency in nanoseconds. */
  synchronized void record(Instant at, long nanos, boolean error) {
    int i = slot(at);
    long elapsed = Math.max(0, nanos);
    calls[i]++;
    if (error) {
      errors[i]++;
    }
    if (elapsed > thresholdNanos) {
      slow[i]++;
    }
    latency[i].record(elapsed / 1_000);
  }

  /** The window's totals at {@code now}. */
  synchronized Totals totals(Instant now) {
    long current = sliceOf(now);
    long c = 0;
    long e = 0;
    long s = 0;
    LogHistogram merged = new LogHistogram();
    for (int i = 0; i < SLICES; i++) {
      if (sliceIndex[i] > current - SLICES && sliceIndex[i] <= current) {
        c += calls[i];
        e += errors[i];
        s += slow[i];
        merged.addAll(latency[i]);
      }
    }
    return new Totals(c, e, s, merged.summary());
  }

  private long sliceOf(Instant at) {
    return Math.floorDiv(at.toEpochMilli(), sliceMillis);
  }

  private int slot(Instant at) {
    long index = sliceOf(at);
    int i = (int) Math.floorMod(index, (long) SLICES);
    if (sliceIndex[i] < index) { // a slice that left the window: start it afresh (a clock set back adds to the newer one)
      sliceIndex[i] = index;
      calls[i] = 0;
      errors[i] = 0;
      slow[i] = 0;
      latency[i].clear();
    }
    return i;
  }

  /**
   * What a window holds.
   *
   * @param calls samples
   * @param errors samples recorded as errors
   * @param slow samples strictly slower than the threshold
   * @param latency latency percentiles
   */
  record Totals(long calls, long errors, long slow, LatencySummary latency) {}
}
