package dev.clinicsync.micrometer;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.sync.metrics.CallOutcome;
import dev.clinicsync.sync.metrics.ConnectorOperation;
import dev.clinicsync.sync.metrics.MetricsRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records the coordinator's measurements in a {@link MeterRegistry}; pass it to
 * {@code SyncCoordinatorBuilder.metricsRecorder}. Meters:
 * <ul>
 *   <li>{@value #CONNECTOR_CALLS} — a timer per {@code connector}, {@code operation} (fetch,
 *       mirror_create, …) and {@code outcome} (success, error), publishing p50, p95 and p99;
 *   <li>{@value #CALENDAR_READS} — a timer of {@code aggregatedCalendar} calls, with the same
 *       percentiles;
 *   <li>{@value #BOOKINGS_REFUSED} — a counter of bookings and reschedules refused for conflicts;
 *   <li>{@value #SYNCS} — a counter of finished syncs per {@code connector} and {@code outcome}
 *       (success, failure).
 * </ul>
 * Tags hold connector ids and fixed names only, never PHI. Thread-safe.
 */
public final class MicrometerMetricsRecorder implements MetricsRecorder {
  /** Connector calls through the SPI. */
  public static final String CONNECTOR_CALLS = "clinicsync.connector.calls";
  /** Aggregated calendar reads. */
  public static final String CALENDAR_READS = "clinicsync.calendar.reads";
  /** Bookings refused for conflicts. */
  public static final String BOOKINGS_REFUSED = "clinicsync.bookings.refused";
  /** Finished syncs. */
  public static final String SYNCS = "clinicsync.syncs";

  private final MeterRegistry registry;
  private final Map<CallKey, Timer> calls = new ConcurrentHashMap<>();
  private final Map<SyncKey, Counter> syncs = new ConcurrentHashMap<>();
  private final Timer calendar;
  private final Counter refused;

  /** Records into {@code registry}; the calendar timer and the refusal counter are registered at once. */
  public MicrometerMetricsRecorder(MeterRegistry registry) {
    this.registry = Checks.notNull(registry, "meter registry");
    this.calendar = Timer.builder(CALENDAR_READS).description("aggregatedCalendar latency")
        .publishPercentiles(0.5, 0.95, 0.99).register(registry);
    this.refused = Counter.builder(BOOKINGS_REFUSED).description("bookings and reschedules refused for conflicts")
        .register(registry);
  }

  @Override
  public void connectorCall(ConnectorId connector, ConnectorOperation operation, CallOutcome outcome,
      Duration latency) {
    calls.computeIfAbsent(new CallKey(connector, operation, outcome), k -> Timer.builder(CONNECTOR_CALLS)
        .description("connector calls through the SPI")
        .tag("connector", k.connector().value())
        .tag("operation", k.operation().tag())
        .tag("outcome", k.outcome().tag())
        .publishPercentiles(0.5, 0.95, 0.99)
        .register(registry)).record(latency);
  }

  @Override
  public void calendarRead(Duration latency) {
    calendar.record(latency);
  }

  @Override
  public void bookingRefused() {
    refused.increment();
  }

  @Override
  public void syncFinished(ConnectorId connector, boolean succeeded, Instant at) {
    syncs.computeIfAbsent(new SyncKey(connector, succeeded), k -> Counter.builder(SYNCS)
        .description("finished syncs")
        .tag("connector", k.connector().value())
        .tag("outcome", k.succeeded() ? "success" : "failure")
        .register(registry)).increment();
  }

  private record CallKey(ConnectorId connector, ConnectorOperation operation, CallOutcome outcome) {}

  private record SyncKey(ConnectorId connector, boolean succeeded) {}
}
