package dev.clinicsync.micrometer;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.sync.SyncCoordinator;
import dev.clinicsync.sync.SyncObservability;
import dev.clinicsync.sync.metrics.AlertSeverity;
import dev.clinicsync.sync.metrics.MetricsSnapshot;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's state as gauges, read from {@link SyncObservability#metrics} and
 * {@link SyncObservability#alerts} whenever the registry asks, as the principal the host gives
 * (one allowed {@link dev.clinicsync.core.access.Operation#VIEW_METRICS}: an admin principal of
 * its own, such as {@code Principal.admin("svc-metrics")}):
 * <ul>
 *   <li>{@value #QUEUE_DEPTH}, {@value #DEAD_LETTERS} and {@value #OLDEST_PENDING} (a time gauge) of
 *       the write queue;
 *   <li>{@value #SYNC_AGE} — a time gauge per {@code connector}: the time since its last successful
 *       sync;
 *   <li>{@value #ALERTS} — active alerts per {@code severity}.
 * </ul>
 * A state that cannot be read (the write queue's store is down) reads as NaN. Use it beside a
 * {@link MicrometerMetricsRecorder} for the timers and counters.
 */
public final class CoordinatorGauges implements MeterBinder {
  /** Write jobs pending or in flight. */
  public static final String QUEUE_DEPTH = "clinicsync.writequeue.depth";
  /** Write jobs parked after their last attempt. */
  public static final String DEAD_LETTERS = "clinicsync.writequeue.dead_letters";
  /** How long the oldest pending write job has waited. */
  public static final String OLDEST_PENDING = "clinicsync.writequeue.oldest_pending";
  /** Time since a connector's last successful sync. */
  public static final String SYNC_AGE = "clinicsync.sync.age";
  /** Active alerts. */
  public static final String ALERTS = "clinicsync.alerts.active";

  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorGauges.class);

  private final SyncCoordinator coordinator;
  private final Principal reader;

  /**
   * Gauges over {@code coordinator}, read as {@code reader}.
   *
   * @throws dev.clinicsync.core.access.AccessDeniedException (audited by the coordinator) when
   *     {@code reader} may not read metrics — at wiring time, not on every scrape
   */
  public CoordinatorGauges(SyncCoordinator coordinator, Principal reader) {
    this.coordinator = Checks.notNull(coordinator, "coordinator");
    this.reader = Checks.notNull(reader, "metrics reader principal");
    coordinator.observability().requireReader(reader);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    SyncObservability source = coordinator.observability();
    Gauge.builder(QUEUE_DEPTH, source, read(m -> m.queueDepth()))
        .description("write jobs pending or in flight").register(registry);
    Gauge.builder(DEAD_LETTERS, source, read(m -> m.deadLetters()))
        .description("write jobs parked after their last attempt").register(registry);
    TimeGauge.builder(OLDEST_PENDING, source, TimeUnit.MILLISECONDS, read(m -> m.oldestPendingWrite().toMillis()))
        .description("wait of the oldest pending write job").register(registry);
    for (ConnectorId id : coordinator.connectors()) {
      TimeGauge.builder(SYNC_AGE, source, TimeUnit.MILLISECONDS,
              read(m -> m.sync(id).map(s -> (double) s.age().toMillis()).orElse(Double.NaN)))
          .description("time since the connector's last successful sync")
          .tag("connector", id.value()).register(registry);
    }
    for (AlertSeverity severity : AlertSeverity.values()) {
      Gauge.builder(ALERTS, source, o -> activeAlerts(o, severity))
          .description("active alerts").tag("severity", severity.name().toLowerCase(java.util.Locale.ROOT))
          .register(registry);
    }
  }

  private ToDoubleFunction<SyncObservability> read(ToDoubleFunction<MetricsSnapshot> value) {
    return o -> {
      try {
        return value.applyAsDouble(o.metrics(reader));
      } catch (RuntimeException e) {
        LOG.warn("reading the coordinator's metrics failed: {}", e.getClass().getSimpleName());
        return Double.NaN;
      }
    };
  }

  private double activeAlerts(SyncObservability o, AlertSeverity severity) {
    try {
      return o.alerts(reader).stream().filter(a -> a.severity() == severity).count();
    } catch (RuntimeException e) {
      LOG.warn("reading the coordinator's alerts failed: {}", e.getClass().getSimpleName());
      return Double.NaN;
    }
  }
}
