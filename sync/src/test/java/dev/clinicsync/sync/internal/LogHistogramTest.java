package dev.clinicsync.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.sync.metrics.LatencySummary;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The log-bucketed latency histogram")
class LogHistogramTest {

  @Test
  @DisplayName("buckets are contiguous: each starts one past the previous one's upper bound")
  void contiguousBuckets() {
    for (int i = 1; i < LogHistogram.BUCKETS; i++) {
      long lower = LogHistogram.upperBound(i - 1) + 1;
      assertThat(LogHistogram.index(lower)).as("bucket of %s", lower).isEqualTo(i);
      assertThat(LogHistogram.index(LogHistogram.upperBound(i))).isEqualTo(i);
    }
  }

  @Test
  @DisplayName("is exact below 16 µs")
  void exactSmallValues() {
    LogHistogram h = new LogHistogram();
    for (long v = 0; v < 16; v++) {
      h.record(v);
    }
    assertThat(h.quantile(0.5)).isEqualTo(7);
    assertThat(h.quantile(1.0)).isEqualTo(15);
  }

  @Test
  @DisplayName("reports each nearest-rank percentile never below the true value and at most 6.25% above (seeded samples)")
  void precision() {
    SplittableRandom random = new SplittableRandom(19);
    for (int round = 0; round < 50; round++) {
      int n = 1 + random.nextInt(2_000);
      long[] samples = new long[n];
      LogHistogram h = new LogHistogram();
      for (int i = 0; i < n; i++) {
        samples[i] = (long) Math.exp(random.nextDouble() * Math.log(60_000_000)); // 1 µs to 60 s, log-uniform
        h.record(samples[i]);
      }
      Arrays.sort(samples);
      for (double q : new double[] {0.5, 0.95, 0.99, 1.0}) {
        long truth = samples[(int) Math.ceil(q * n) - 1];
        long reported = h.quantile(q);
        assertThat(reported).as("q=%s n=%s", q, n).isGreaterThanOrEqualTo(truth)
            .isLessThanOrEqualTo(truth + truth / 16);
      }
    }
  }

  @Test
  @DisplayName("summarises in durations, with the exact maximum, and merges slices")
  void summary() {
    LogHistogram a = new LogHistogram();
    LogHistogram b = new LogHistogram();
    a.record(2_000_000);
    b.record(1_000);
    b.addAll(a);
    LatencySummary s = b.summary();
    assertThat(s.count()).isEqualTo(2);
    assertThat(s.p50()).isLessThanOrEqualTo(Duration.ofNanos(1_000_000 + 1_000_000 / 16));
    assertThat(s.max()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.p99()).isEqualTo(Duration.ofSeconds(2));
    assertThat(new LogHistogram().summary()).isEqualTo(LatencySummary.EMPTY);
  }
}
