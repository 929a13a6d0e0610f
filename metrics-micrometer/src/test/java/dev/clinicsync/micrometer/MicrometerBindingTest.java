package dev.clinicsync.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.access.AccessDeniedException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.memory.InMemoryAuditSink;
import dev.clinicsync.core.connector.ConnectorCapabilities;
import dev.clinicsync.core.connector.ConnectorCapabilities.Capability;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.memory.InMemoryWriteQueue;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.store.WriteJob;
import dev.clinicsync.core.testkit.MutableClock;
import dev.clinicsync.sync.BookingRequest;
import dev.clinicsync.sync.SchedulingConflictException;
import dev.clinicsync.sync.SyncCoordinator;
import dev.clinicsync.sync.metrics.AlertThresholds;
import dev.clinicsync.sync.metrics.Ticker;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Micrometer binding")
class MicrometerBindingTest {
  static final Principal ADMIN = Principal.admin("u-admin");
  static final ClinicianId LEE = ClinicianId.of("dr-lee");
  static final ConnectorId FEED = ConnectorId.of("sp-feed");
  /** Tuesday 3 March 2026, 09:00 in New York. */
  static final Instant TUESDAY_9AM = Instant.parse("2026-03-03T14:00:00Z");

  final MutableClock clock = MutableClock.at("2026-03-02T12:00:00Z");
  final SlowFeed feed = new SlowFeed(clock);
  final InMemoryWriteQueue queue = new InMemoryWriteQueue(clock);
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final SyncCoordinator coordinator = SyncCoordinator.builder()
      .clock(clock).metricsTicker(Ticker.of(clock))
      .clinician(Clinician.of(LEE, "Dr Lee", ZoneId.of("America/New_York"),
          WeeklyAvailability.builder().weekdays(LocalTimeRange.of("08:00", "18:00")).build()))
      .connectors(feed).writeQueue(queue)
      .alertThresholds(AlertThresholds.builder().queueDepth(1).build())
      .metricsRecorder(new MicrometerMetricsRecorder(registry))
      .build();

  @AfterEach
  void close() {
    coordinator.close();
  }

  @Test
  @DisplayName("times connector calls per connector, operation and outcome, with p50/p95/p99, after real syncs")
  void connectorTimers() {
    new CoordinatorGauges(coordinator, ADMIN).bindTo(registry);
    for (int i = 1; i <= 4; i++) {
      feed.latency = Duration.ofMillis(100 * i);
      coordinator.syncNow(ADMIN, FEED);
    }
    feed.fail = true;
    feed.latency = Duration.ofSeconds(3);
    coordinator.syncNow(ADMIN, FEED);

    Timer ok = registry.get(MicrometerMetricsRecorder.CONNECTOR_CALLS)
        .tags("connector", "sp-feed", "operation", "fetch", "outcome", "success").timer();
    assertThat(ok.count()).isEqualTo(4);
    assertThat(ok.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1000.0);
    assertThat(ok.max(TimeUnit.MILLISECONDS)).isEqualTo(400.0);
    assertThat(ok.takeSnapshot().percentileValues()).extracting(ValueAtPercentile::percentile)
        .containsExactly(0.5, 0.95, 0.99);
    Timer failed = registry.get(MicrometerMetricsRecorder.CONNECTOR_CALLS)
        .tags("connector", "sp-feed", "operation", "fetch", "outcome", "error").timer();
    assertThat(failed.count()).isEqualTo(1);
    assertThat(failed.totalTime(TimeUnit.SECONDS)).isEqualTo(3.0);
    assertThat(registry.get(MicrometerMetricsRecorder.SYNCS).tags("outcome", "success").counter().count())
        .isEqualTo(4);
    assertThat(registry.get(MicrometerMetricsRecorder.SYNCS).tags("outcome", "failure").counter().count())
        .isEqualTo(1);

    // the coordinator's own snapshot agrees
    assertThat(coordinator.metrics(ADMIN).operation(FEED, dev.clinicsync.sync.metrics.ConnectorOperation.FETCH))
        .hasValueSatisfying(o -> {
          assertThat(o.calls()).isEqualTo(5);
          assertThat(o.errors()).isEqualTo(1);
          assertThat(o.latency().max()).isEqualTo(Duration.ofSeconds(3));
        });
    assertThat(registry.get(CoordinatorGauges.ALERTS).tags("severity", "critical").gauge().value())
        .as("1 error in 5 calls").isEqualTo(1.0);
  }

  @Test
  @DisplayName("times calendar reads and counts refused bookings")
  void hostOperations() {
    coordinator.aggregatedCalendar(ADMIN,
        AppointmentQuery.in(TimeWindow.of(Instant.parse("2026-03-02T05:00:00Z"), Duration.ofDays(7))));
    TimeWindow slot = TimeWindow.of(TUESDAY_9AM, Duration.ofMinutes(50));
    coordinator.book(ADMIN, BookingRequest.builder(LEE, slot).build());
    assertThatThrownBy(() -> coordinator.book(ADMIN, BookingRequest.builder(LEE, slot).build()))
        .isInstanceOf(SchedulingConflictException.class);

    assertThat(registry.get(MicrometerMetricsRecorder.CALENDAR_READS).timer().count()).isEqualTo(1);
    assertThat(registry.get(MicrometerMetricsRecorder.BOOKINGS_REFUSED).counter().count()).isEqualTo(1.0);
    assertThat(coordinator.metrics(ADMIN).bookingsRefused()).isEqualTo(1);
    assertThat(coordinator.metrics(ADMIN).calendarReads()).isEqualTo(1);
  }

  @Test
  @DisplayName("reads write-queue depth, dead letters, sync age and alerts as gauges")
  void gauges() {
    new CoordinatorGauges(coordinator, ADMIN).bindTo(registry);
    coordinator.syncNow(ADMIN, FEED);
    clock.advance(Duration.ofMinutes(7));
    for (int i = 0; i < 2; i++) {
      queue.enqueue(new WriteJob.Request(ConnectorId.of("gcal-lee"), AppointmentId.random(),
          WriteJob.Operation.UPSERT, "key-" + i, Map.of(), clock.instant()));
    }
    clock.advance(Duration.ofSeconds(30));

    assertThat(registry.get(CoordinatorGauges.QUEUE_DEPTH).gauge().value()).isEqualTo(2.0);
    assertThat(registry.get(CoordinatorGauges.DEAD_LETTERS).gauge().value()).isZero();
    assertThat(registry.get(CoordinatorGauges.OLDEST_PENDING).timeGauge().value(TimeUnit.SECONDS)).isEqualTo(30.0);
    assertThat(registry.get(CoordinatorGauges.SYNC_AGE).tags("connector", "sp-feed").timeGauge()
        .value(TimeUnit.SECONDS)).isEqualTo(450.0);
    assertThat(registry.get(CoordinatorGauges.ALERTS).tags("severity", "warning").gauge().value())
        .as("queue depth 2 > 1").isEqualTo(1.0);
  }

  @Test
  @DisplayName("tags carry only connector ids and fixed names")
  void tagsArePhiFree() {
    new CoordinatorGauges(coordinator, ADMIN).bindTo(registry);
    coordinator.syncNow(ADMIN, FEED);
    coordinator.aggregatedCalendar(ADMIN,
        AppointmentQuery.in(TimeWindow.of(Instant.parse("2026-03-02T05:00:00Z"), Duration.ofDays(7))));
    Set<String> keys = registry.getMeters().stream().map(Meter::getId).flatMap(id -> id.getTags().stream())
        .map(Tag::getKey).collect(Collectors.toSet());
    // "phi" is Micrometer's own tag on the published percentile gauges (0.5, 0.95, 0.99)
    assertThat(keys).isSubsetOf("connector", "operation", "outcome", "severity", "phi");
    assertThat(registry.getMeters().stream().map(m -> m.getId().getTag("phi")).filter(v -> v != null))
        .containsOnly("0.5", "0.95", "0.99");
    Set<String> connectors = registry.getMeters().stream().map(m -> m.getId().getTag("connector"))
        .filter(v -> v != null).collect(Collectors.toSet());
    assertThat(connectors).containsExactly("sp-feed");
  }

  @Test
  @DisplayName("refuses to bind gauges for front desk or a therapist, auditing the denial, and binds nothing")
  void gaugesNeedAMetricsReader() {
    InMemoryAuditSink audit = new InMemoryAuditSink();
    try (SyncCoordinator audited = SyncCoordinator.builder().clock(clock).auditSink(audit).connectors(new SlowFeed(clock))
        .build()) {
      for (Principal p : new Principal[] {Principal.frontDesk("u-desk"), Principal.therapist("u-lee", LEE)}) {
        assertThatThrownBy(() -> new CoordinatorGauges(audited, p)).isInstanceOf(AccessDeniedException.class);
      }
      assertThat(audit.read(1, 100)).filteredOn(e -> e.action() == AuditAction.ACCESS_DENIED)
          .extracting(e -> e.details().get("operation")).containsExactly("VIEW_METRICS", "VIEW_METRICS");
      assertThat(registry.find(CoordinatorGauges.QUEUE_DEPTH).gauge()).isNull();

      new CoordinatorGauges(audited, Principal.admin("svc-metrics")).bindTo(registry);
      assertThat(registry.get(CoordinatorGauges.QUEUE_DEPTH).gauge().value()).isZero();
      assertThat(audit.read(1, 100)).as("allowed reads are not audited")
          .filteredOn(e -> e.action() == AuditAction.ACCESS_DENIED).hasSize(2);
    }
  }

  /** A feed that takes as long as the test says (on the test's clock) and fails when told. */
  static final class SlowFeed implements SourceConnector {
    private final MutableClock clock;
    volatile Duration latency = Duration.ZERO;
    volatile boolean fail;

    SlowFeed(MutableClock clock) {
      this.clock = clock;
    }

    @Override
    public ConnectorId id() {
      return FEED;
    }

    @Override
    public SourceSystem system() {
      return SourceSystem.SIMPLEPRACTICE;
    }

    @Override
    public ConnectorCapabilities capabilities() {
      return ConnectorCapabilities.of(Duration.ZERO, Capability.FULL_FETCH);
    }

    @Override
    public FetchPage fetch(FetchRequest request) {
      clock.advance(latency);
      if (fail) {
        throw new RetryableConnectorException(FEED.value(), "service unavailable", 503, "req-7", null, null);
      }
      return FetchPage.empty();
    }
  }
}
