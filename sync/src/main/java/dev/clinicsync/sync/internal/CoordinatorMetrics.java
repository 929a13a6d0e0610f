package dev.clinicsync.sync.internal;

import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.store.WriteQueue;
import dev.clinicsync.sync.SyncReport;
import dev.clinicsync.sync.metrics.Alert;
import dev.clinicsync.sync.metrics.AlertRule;
import dev.clinicsync.sync.metrics.AlertThresholds;
import dev.clinicsync.sync.metrics.AlertTransition;
import dev.clinicsync.sync.metrics.CallOutcome;
import dev.clinicsync.sync.metrics.ConnectorOperation;
import dev.clinicsync.sync.metrics.MetricsRecorder;
import dev.clinicsync.sync.metrics.MetricsSnapshot;
import dev.clinicsync.sync.metrics.OperationMetrics;
import dev.clinicsync.sync.metrics.SyncFreshness;
import dev.clinicsync.sync.metrics.Ticker;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's metrics and alert state: counts and sliding windows fed by
 * {@link MeteredConnector} and the coordinator's host operations, snapshots for
 * {@code SyncObservability.metrics(principal)}, and the alert rules of {@link AlertThresholds}, evaluated on
 * demand and on the coordinator's schedule, with every raise and clear handed to the transition
 * listener. Measuring never disturbs the work measured: a recorder or listener that throws is
 * counted and ignored. Thread-safe.
 */
public final class CoordinatorMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorMetrics.class);
  private static final Comparator<OperationMetrics> ORDER = Comparator
      .comparing((OperationMetrics o) -> o.connector().value()).thenComparing(OperationMetrics::operation);

  private final Clock clock;
  private final Ticker ticker;
  private final AlertThresholds thresholds;
  private final WriteQueue queue;
  private final Map<ConnectorId, Duration> intervals;
  private final List<ConnectorId> order;
  private final MetricsRecorder recorder;
  private final Consumer<AlertTransition> transitions;
  private final Instant builtAt;
  private final Map<OpKey, OpState> operations = new ConcurrentHashMap<>();
  private final Map<ConnectorId, Instant> lastSuccess = new ConcurrentHashMap<>();
  private final LongAdder calendarReads = new LongAdder();
  private final SlidingWindow calendar;
  private final LongAdder bookingsRefused = new LongAdder();
  private final LongAdder listenerFailures = new LongAdder();
  private final Map<AlertKey, Alert> active = new LinkedHashMap<>(); // guarded by this

  /**
   * @param intervals every connector's sync interval, in the coordinator's order
   * @param transitions receives every alert raised and cleared, in order, on the evaluating thread
   */
  public CoordinatorMetrics(Clock clock, Ticker ticker, AlertThresholds thresholds, WriteQueue queue,
      Map<ConnectorId, Duration> intervals, MetricsRecorder recorder, Consumer<AlertTransition> transitions) {
    this.clock = clock;
    this.ticker = ticker;
    this.thresholds = thresholds;
    this.queue = queue;
    this.intervals = Map.copyOf(intervals);
    this.order = List.copyOf(intervals.keySet());
    this.recorder = recorder;
    this.transitions = transitions;
    this.builtAt = clock.instant();
    this.calendar = new SlidingWindow(thresholds.calendarLatencyWindow(), thresholds.calendarP95());
  }

  /** The alert thresholds, for scheduling evaluations. */
  public AlertThresholds thresholds() {
    return thresholds;
  }

  /** A reading of the ticker, to pass back as {@code startNanos}. */
  public long start() {
    return ticker.nanos();
  }

  /** A connector call that started at {@code startNanos} ended. */
  void call(ConnectorId connector, ConnectorOperation operation, long startNanos, boolean error) {
    long nanos = Math.max(0, ticker.nanos() - startNanos);
    OpState state = operations.computeIfAbsent(new OpKey(connector, operation),
        k -> new OpState(new SlidingWindow(thresholds.errorRateWindow(), thresholds.errorRateWindow())));
    state.calls.increment();
    if (error) {
      state.errors.increment();
    }
    state.window.record(clock.instant(), nanos, error);
    CallOutcome outcome = error ? CallOutcome.ERROR : CallOutcome.SUCCESS;
    notifyRecorder(r -> r.connectorCall(connector, operation, outcome, Duration.ofNanos(nanos)));
  }

  /** An {@code aggregatedCalendar} call that started at {@code startNanos} ended. */
  public void calendarRead(long startNanos) {
    long nanos = Math.max(0, ticker.nanos() - startNanos);
    calendarReads.increment();
    calendar.record(clock.instant(), nanos, false);
    notifyRecorder(r -> r.calendarRead(Duration.ofNanos(nanos)));
  }

  /** A booking or reschedule was refused for conflicts. */
  public void bookingRefused() {
    bookingsRefused.increment();
    notifyRecorder(MetricsRecorder::bookingRefused);
  }

  /** A sync finished; a successful one makes its connector fresh. */
  public void syncFinished(SyncReport report) {
    Instant now = clock.instant();
    if (report.succeeded()) {
      lastSuccess.put(report.connector(), now);
    }
    notifyRecorder(r -> r.syncFinished(report.connector(), report.succeeded(), now));
  }

  private void notifyRecorder(Consumer<MetricsRecorder> call) {
    try {
      call.accept(recorder);
    } catch (RuntimeException e) {
      listenerFailures.increment();
      LOG.warn("the metrics recorder failed: {}", e.getClass().getSimpleName());
    }
  }

  /**
   * The metrics now.
   *
   * @throws dev.clinicsync.core.StorageException when the write queue's stats cannot be read
   */
  public MetricsSnapshot snapshot() {
    Instant now = clock.instant();
    WriteQueue.Stats stats = queue.stats();
    List<OperationMetrics> ops = new ArrayList<>();
    operations.forEach((key, state) -> {
      SlidingWindow.Totals recent = state.window.totals(now);
      long errors = state.errors.sum();
      long calls = Math.max(state.calls.sum(), errors);
      ops.add(new OperationMetrics(key.connector(), key.operation(), calls, errors, recent.calls(), recent.errors(),
          recent.latency()));
    });
    ops.sort(ORDER);
    List<SyncFreshness> syncs = new ArrayList<>();
    for (ConnectorId id : order) {
      Optional<Instant> last = Optional.ofNullable(lastSuccess.get(id));
      syncs.add(new SyncFreshness(id, last, age(last.orElse(builtAt), now), intervalOf(id)));
    }
    return new MetricsSnapshot(now, ops, syncs, calendarReads.sum(), calendar.totals(now).latency(),
        bookingsRefused.sum(), stats.depth(), stats.deadLetters(), stats.oldestPendingAge(now), listenerFailures.sum());
  }

  private Duration intervalOf(ConnectorId id) {
    Duration d = intervals.get(id);
    return d != null ? d : Duration.ZERO;
  }

  private static Duration age(Instant since, Instant now) {
    return since.isAfter(now) ? Duration.ZERO : Duration.between(since, now);
  }

  /** The active alerts, as last evaluated, in the order they were raised. */
  public synchronized List<Alert> active() {
    return List.copyOf(active.values());
  }

  /** Evaluates every rule now, hands each raise and clear to the listener, and returns the active alerts. */
  public synchronized List<Alert> evaluate() {
    Instant now = clock.instant();
    Map<AlertKey, String> firing = new LinkedHashMap<>();
    errorRates(now, firing);
    calendarLatency(now, firing);
    boolean queueRead = queueDepth(firing);
    staleSyncs(now, firing);
    List<AlertTransition> changes = new ArrayList<>();
    for (var it = active.entrySet().iterator(); it.hasNext();) {
      Map.Entry<AlertKey, Alert> e = it.next();
      boolean unknown = e.getKey().rule() == AlertRule.QUEUE_DEPTH && !queueRead;
      if (!firing.containsKey(e.getKey()) && !unknown) {
        it.remove();
        changes.add(new AlertTransition(AlertTransition.Kind.CLEARED, e.getValue(), now));
      }
    }
    firing.forEach((key, detail) -> {
      if (!active.containsKey(key)) {
        Alert alert = new Alert(key.rule(), key.rule().severity(), key.connector(), now, detail);
        active.put(key, alert);
        changes.add(new AlertTransition(AlertTransition.Kind.RAISED, alert, now));
      }
    });
    for (AlertTransition t : changes) {
      LOG.info("alert {} {}{}", t.kind(), t.alert().rule(), t.alert().connector().map(c -> " for " + c).orElse(""));
      try {
        transitions.accept(t);
      } catch (RuntimeException e) {
        listenerFailures.increment();
        LOG.warn("an alert listener failed: {}", e.getClass().getSimpleName());
      }
    }
    return List.copyOf(active.values());
  }

  /** {@link #evaluate()} for the schedule: a failure is logged, and the next run tries again. */
  public void evaluateQuietly() {
    try {
      evaluate();
    } catch (RuntimeException e) {
      LOG.error("evaluating alert rules failed: {}", e.getClass().getSimpleName());
    }
  }

  private void errorRates(Instant now, Map<AlertKey, String> firing) {
    Map<ConnectorId, long[]> perConnector = new LinkedHashMap<>();
    operations.forEach((key, state) -> {
      SlidingWindow.Totals t = state.window.totals(now);
      long[] sum = perConnector.computeIfAbsent(key.connector(), k -> new long[2]);
      sum[0] += t.calls();
      sum[1] += t.errors();
    });
    BigDecimal share = BigDecimal.valueOf(thresholds.errorRate());
    perConnector.forEach((connector, sum) -> {
      long calls = sum[0];
      long errors = sum[1];
      // errors / calls > share, exactly: errors > share * calls in decimal arithmetic
      if (calls >= thresholds.errorRateMinimumCalls()
          && BigDecimal.valueOf(errors).compareTo(share.multiply(BigDecimal.valueOf(calls))) > 0) {
        firing.put(new AlertKey(AlertRule.CONNECTOR_ERROR_RATE, Optional.of(connector)),
            "error rate " + errors + "/" + calls + " over " + thresholds.errorRateWindow() + " exceeds "
                + thresholds.errorRate());
      }
    });
  }

  private void calendarLatency(Instant now, Map<AlertKey, String> firing) {
    SlidingWindow.Totals t = calendar.totals(now);
    long n = t.calls();
    long rank = (95 * n + 99) / 100; // nearest rank of the p95: ceil(0.95 n), in integers
    // the p95 is above the threshold exactly when fewer than `rank` samples are at or below it
    if (n > 0 && n - t.slow() < rank) {
      firing.put(new AlertKey(AlertRule.CALENDAR_LATENCY, Optional.empty()),
          "calendar p95 over " + thresholds.calendarLatencyWindow() + " exceeds " + thresholds.calendarP95() + " ("
              + t.slow() + " of " + n + " reads slower)");
    }
  }

  /** Whether the queue could be read (when not, its alert keeps its state). */
  private boolean queueDepth(Map<AlertKey, String> firing) {
    long depth;
    try {
      depth = queue.stats().depth();
    } catch (RuntimeException e) {
      LOG.warn("reading the write queue's depth failed: {}", e.getClass().getSimpleName());
      return false;
    }
    if (depth > thresholds.queueDepth()) {
      firing.put(new AlertKey(AlertRule.QUEUE_DEPTH, Optional.empty()),
          "write queue depth " + depth + " exceeds " + thresholds.queueDepth());
    }
    return true;
  }

  private void staleSyncs(Instant now, Map<AlertKey, String> firing) {
    for (ConnectorId id : order) {
      Duration limit = intervalOf(id).multipliedBy(thresholds.staleSyncFactor());
      Instant since = Optional.ofNullable(lastSuccess.get(id)).orElse(builtAt);
      Duration age = age(since, now);
      if (age.compareTo(limit) > 0) {
        firing.put(new AlertKey(AlertRule.SYNC_STALE, Optional.of(id)),
            "no successful sync for " + age + ", more than " + thresholds.staleSyncFactor() + " x " + intervalOf(id));
      }
    }
  }

  private record OpKey(ConnectorId connector, ConnectorOperation operation) {}

  private record AlertKey(AlertRule rule, Optional<ConnectorId> connector) {}

  private static final class OpState {
    final LongAdder calls = new LongAdder();
    final LongAdder errors = new LongAdder();
    final SlidingWindow window;

    OpState(SlidingWindow window) {
      this.window = window;
    }
  }
}
