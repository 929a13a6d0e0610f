package dev.clinicsync.sync.metrics;

import dev.clinicsync.core.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The thresholds of the coordinator's alert rules ({@link #DEFAULTS}, or {@link #builder()} to
 * change some). Every rule fires when its observed value is strictly above its threshold and
 * clears as soon as it is at or below it again:
 * <ul>
 *   <li>{@link AlertRule#CONNECTOR_ERROR_RATE} (critical): a connector's errors divided by its
 *       calls, all operations together, over {@link #errorRateWindow()} (default 10 minutes) above
 *       {@link #errorRate()} (default 0.05), once it made at least {@link #errorRateMinimumCalls()}
 *       calls in the window (default 1);
 *   <li>{@link AlertRule#CALENDAR_LATENCY} (warning): the nearest-rank p95 of
 *       {@code aggregatedCalendar} latency over {@link #calendarLatencyWindow()} (default 5
 *       minutes) above {@link #calendarP95()} (default 2 s) — decided exactly, by counting the
 *       calls slower than the threshold, not from the histogram's estimate;
 *   <li>{@link AlertRule#QUEUE_DEPTH} (warning): write jobs pending or in flight above
 *       {@link #queueDepth()} (default 50);
 *   <li>{@link AlertRule#SYNC_STALE} (warning): the time since a connector's last successful sync
 *       (or since the coordinator was built, before its first) above {@link #staleSyncFactor()}
 *       (default 3) times its interval.
 * </ul>
 * Windows slide in tenths: a sample counts for between 9/10 of its window and the whole of it.
 * A started coordinator evaluates the rules every {@link #evaluationInterval()} (default 30 s);
 * {@code SyncCoordinator.alerts(principal)} evaluates them on every call too.
 *
 * @param errorRate the error-rate threshold, in (0, 1)
 * @param errorRateMinimumCalls calls a connector must make in the window before its rate counts
 * @param errorRateWindow the error-rate window (also the window of the per-operation latency)
 * @param calendarP95 the calendar p95 latency threshold
 * @param calendarLatencyWindow the calendar latency window
 * @param queueDepth the write-queue depth threshold
 * @param staleSyncFactor how many of its intervals a connector may go without a successful sync
 * @param evaluationInterval how often a started coordinator evaluates the rules
 */
public record AlertThresholds(double errorRate, int errorRateMinimumCalls, Duration errorRateWindow,
    Duration calendarP95, Duration calendarLatencyWindow, long queueDepth, int staleSyncFactor,
    Duration evaluationInterval) {

  /** The defaults: 5% over 10 minutes; p95 2 s over 5 minutes; 50 jobs; 3 intervals; evaluated every 30 s. */
  public static final AlertThresholds DEFAULTS = builder().build();

  public AlertThresholds {
    List<String> problems = new ArrayList<>();
    if (!(errorRate > 0 && errorRate < 1)) {
      problems.add("alert error rate must be in (0, 1)");
    }
    if (errorRateMinimumCalls < 1) {
      problems.add("alert error-rate minimum calls must be at least 1");
    }
    positive(problems, "alert error-rate window", errorRateWindow);
    positive(problems, "alert calendar p95", calendarP95);
    positive(problems, "alert calendar latency window", calendarLatencyWindow);
    if (queueDepth < 0) {
      problems.add("alert queue depth must not be negative");
    }
    if (staleSyncFactor < 1) {
      problems.add("alert stale-sync factor must be at least 1");
    }
    positive(problems, "alert evaluation interval", evaluationInterval);
    if (!problems.isEmpty()) {
      throw new ValidationException("invalid alert thresholds", problems);
    }
  }

  private static void positive(List<String> problems, String what, @Nullable Duration d) {
    if (d == null) {
      problems.add(what + " is required");
    } else if (d.isNegative() || d.isZero() || d.toMillis() < 10) {
      problems.add(what + " must be at least 10 ms");
    }
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these thresholds. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.errorRate = errorRate;
    b.errorRateMinimumCalls = errorRateMinimumCalls;
    b.errorRateWindow = errorRateWindow;
    b.calendarP95 = calendarP95;
    b.calendarLatencyWindow = calendarLatencyWindow;
    b.queueDepth = queueDepth;
    b.staleSyncFactor = staleSyncFactor;
    b.evaluationInterval = evaluationInterval;
    return b;
  }

  /** Builds {@link AlertThresholds}; {@link #build()} validates every value at once. */
  public static final class Builder {
    private double errorRate = 0.05;
    private int errorRateMinimumCalls = 1;
    private Duration errorRateWindow = Duration.ofMinutes(10);
    private Duration calendarP95 = Duration.ofSeconds(2);
    private Duration calendarLatencyWindow = Duration.ofMinutes(5);
    private long queueDepth = 50;
    private int staleSyncFactor = 3;
    private Duration evaluationInterval = Duration.ofSeconds(30);

    private Builder() {}

    /** The connector error rate above which the critical alert fires, over its window. */
    public Builder errorRate(double share, Duration window) {
      this.errorRate = share;
      this.errorRateWindow = window;
      return this;
    }

    /** Calls a connector must make in the error-rate window before its rate is judged. */
    public Builder errorRateMinimumCalls(int calls) {
      this.errorRateMinimumCalls = calls;
      return this;
    }

    /** The aggregated-calendar p95 latency above which the warning fires, over its window. */
    public Builder calendarP95(Duration threshold, Duration window) {
      this.calendarP95 = threshold;
      this.calendarLatencyWindow = window;
      return this;
    }

    /** The write-queue depth above which the warning fires. */
    public Builder queueDepth(long jobs) {
      this.queueDepth = jobs;
      return this;
    }

    /** How many of its intervals a connector may go without a successful sync before the warning fires. */
    public Builder staleSyncFactor(int intervals) {
      this.staleSyncFactor = intervals;
      return this;
    }

    /** How often a started coordinator evaluates the rules. */
    public Builder evaluationInterval(Duration every) {
      this.evaluationInterval = every;
      return this;
    }

    /**
     * The thresholds.
     *
     * @throws ValidationException naming every invalid value
     */
    public AlertThresholds build() {
      return new AlertThresholds(errorRate, errorRateMinimumCalls, errorRateWindow, calendarP95,
          calendarLatencyWindow, queueDepth, staleSyncFactor, evaluationInterval);
    }
  }
}
