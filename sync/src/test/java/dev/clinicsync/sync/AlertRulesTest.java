package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.WEEK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.memory.InMemoryAppointmentStore;
import dev.clinicsync.core.memory.InMemoryWriteQueue;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.store.AppointmentStore;
import dev.clinicsync.core.store.UpsertResult;
import dev.clinicsync.core.store.WriteJob;
import dev.clinicsync.core.testkit.MutableClock;
import dev.clinicsync.sync.metrics.Alert;
import dev.clinicsync.sync.metrics.AlertRule;
import dev.clinicsync.sync.metrics.AlertSeverity;
import dev.clinicsync.sync.metrics.AlertThresholds;
import dev.clinicsync.sync.metrics.AlertTransition;
import dev.clinicsync.sync.metrics.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Alert rules on sliding windows")
class AlertRulesTest {
  static final Principal ADMIN = Principal.admin("u-admin");
  static final ConnectorId FEED = ConnectorId.of("sp-feed");

  final MutableClock clock = new MutableClock(NOW);
  final FakeConnector feed = new FakeConnector("sp-feed", SourceSystem.SIMPLEPRACTICE);
  final SlowReads store = new SlowReads(clock);
  final InMemoryWriteQueue queue = new InMemoryWriteQueue(clock);
  final List<AlertTransition> published = new CopyOnWriteArrayList<>();
  SyncCoordinator coordinator;

  SyncCoordinator build(AlertThresholds thresholds) {
    coordinator = SyncCoordinator.builder().clock(clock).metricsTicker(Ticker.of(clock))
        .clinicianDirectory(Fixtures.clinicians()).appointmentStore(store).writeQueue(queue)
        .connectors(feed).defaultInterval(Duration.ofMinutes(15)).alertThresholds(thresholds)
        .alertPublisher(published::add).build();
    return coordinator;
  }

  SyncCoordinator build() {
    return build(AlertThresholds.DEFAULTS);
  }

  @AfterEach
  void close() {
    if (coordinator != null) {
      coordinator.close();
    }
  }

  static List<AlertRule> rules(List<Alert> alerts) {
    return alerts.stream().map(Alert::rule).toList();
  }

  @Nested
  @DisplayName("a connector's error rate (critical, above 5% over 10 minutes)")
  class ErrorRate {
    void syncs(int ok, int failed) {
      for (int i = 0; i < ok; i++) {
        assertThat(coordinator.syncNow(ADMIN, FEED).succeeded()).isTrue();
      }
      for (int i = 0; i < failed; i++) {
        feed.failNext();
        assertThat(coordinator.syncNow(ADMIN, FEED).succeeded()).isFalse();
      }
    }

    @Test
    @DisplayName("does not fire at exactly 5% (1 failed fetch of 20) and fires just above it (2 of 21)")
    void boundary() {
      build();
      syncs(19, 1);
      assertThat(coordinator.metrics(ADMIN).operation(FEED, dev.clinicsync.sync.metrics.ConnectorOperation.FETCH))
          .hasValueSatisfying(o -> assertThat(o.recentCalls()).isEqualTo(20));
      assertThat(coordinator.alerts(ADMIN)).isEmpty();

      syncs(0, 1);
      assertThat(coordinator.alerts(ADMIN)).singleElement().satisfies(a -> {
        assertThat(a.rule()).isEqualTo(AlertRule.CONNECTOR_ERROR_RATE);
        assertThat(a.severity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(a.connector()).contains(FEED);
        assertThat(a.raisedAt()).isEqualTo(clock.instant());
        assertThat(a.detail()).contains("2/21");
      });
    }

    @Test
    @DisplayName("clears once successes bring the rate back to 5% (2 of 40), and stays clear")
    void clearsByDilution() {
      build();
      syncs(19, 2);
      assertThat(rules(coordinator.alerts(ADMIN))).containsExactly(AlertRule.CONNECTOR_ERROR_RATE);
      syncs(18, 0);
      assertThat(rules(coordinator.alerts(ADMIN))).as("2/39 is still above 5%").containsExactly(AlertRule.CONNECTOR_ERROR_RATE);
      syncs(1, 0);
      assertThat(coordinator.alerts(ADMIN)).isEmpty();
      assertThat(published).extracting(AlertTransition::kind)
          .containsExactly(AlertTransition.Kind.RAISED, AlertTransition.Kind.CLEARED);
      assertThat(published.get(1).alert()).isEqualTo(published.get(0).alert());
    }

    @Test
    @DisplayName("clears when the failures slide out of the 10-minute window")
    void clearsBySliding() {
      build();
      syncs(0, 1);
      assertThat(rules(coordinator.alerts(ADMIN))).containsExactly(AlertRule.CONNECTOR_ERROR_RATE);
      clock.advance(Duration.ofMinutes(9));
      assertThat(rules(coordinator.alerts(ADMIN))).containsExactly(AlertRule.CONNECTOR_ERROR_RATE);
      clock.advance(Duration.ofMinutes(1));
      assertThat(coordinator.alerts(ADMIN)).isEmpty();
      assertThat(coordinator.metrics(ADMIN).operation(FEED, dev.clinicsync.sync.metrics.ConnectorOperation.FETCH))
          .hasValueSatisfying(o -> {
            assertThat(o.calls()).as("counted since the coordinator was built").isEqualTo(1);
            assertThat(o.errors()).isEqualTo(1);
            assertThat(o.recentCalls()).isZero();
          });
    }

    @Test
    @DisplayName("takes its threshold, window and minimum volume from the builder")
    void configurable() {
      build(AlertThresholds.builder().errorRate(0.5, Duration.ofMinutes(1)).errorRateMinimumCalls(3).build());
      syncs(0, 2);
      assertThat(coordinator.alerts(ADMIN)).as("2 calls: below the minimum volume").isEmpty();
      syncs(1, 0);
      assertThat(rules(coordinator.alerts(ADMIN))).as("2/3 > 0.5").containsExactly(AlertRule.CONNECTOR_ERROR_RATE);
      syncs(1, 0);
      assertThat(coordinator.alerts(ADMIN)).as("2/4 = 0.5").isEmpty();
    }
  }

  @Nested
  @DisplayName("the aggregated calendar's p95 latency (warning, above 2 s over 5 minutes)")
  class CalendarLatency {
    void reads(int count, Duration each) {
      for (int i = 0; i < count; i++) {
        store.nextFind = each;
        coordinator.aggregatedCalendar(ADMIN, AppointmentQuery.in(WEEK));
      }
    }

    @Test
    @DisplayName("does not fire at a p95 of exactly 2 s and fires at 2.001 s")
    void boundary() {
      build();
      reads(18, Duration.ofMillis(100));
      reads(2, Duration.ofSeconds(2));
      assertThat(coordinator.metrics(ADMIN).calendarLatency()).satisfies(l -> {
        assertThat(l.count()).isEqualTo(20);
        assertThat(l.p95()).isEqualTo(Duration.ofSeconds(2));
        assertThat(l.max()).isEqualTo(Duration.ofSeconds(2));
      });
      assertThat(coordinator.alerts(ADMIN)).isEmpty();

      clock.advance(Duration.ofMinutes(5)); // the window is empty again
      reads(18, Duration.ofMillis(100));
      reads(2, Duration.ofMillis(2001));
      assertThat(coordinator.alerts(ADMIN)).singleElement().satisfies(a -> {
        assertThat(a.rule()).isEqualTo(AlertRule.CALENDAR_LATENCY);
        assertThat(a.severity()).isEqualTo(AlertSeverity.WARNING);
        assertThat(a.connector()).isEmpty();
      });
    }

    @Test
    @DisplayName("one slow read in twenty is the p99, not the p95: no alert")
    void oneSlowRead() {
      build();
      reads(19, Duration.ofMillis(100));
      reads(1, Duration.ofSeconds(30));
      assertThat(coordinator.alerts(ADMIN)).isEmpty();
      assertThat(coordinator.metrics(ADMIN).calendarLatency().p99()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    @DisplayName("clears when fast reads bring the p95 back to 2 s or below, or the slow ones slide out")
    void clears() {
      build();
      reads(18, Duration.ofMillis(100));
      reads(2, Duration.ofSeconds(3));
      assertThat(rules(coordinator.alerts(ADMIN))).containsExactly(AlertRule.CALENDAR_LATENCY);
      reads(19, Duration.ofMillis(100));
      assertThat(rules(coordinator.alerts(ADMIN))).as("2 slow of 39").containsExactly(AlertRule.CALENDAR_LATENCY);
      reads(1, Duration.ofMillis(100));
      assertThat(coordinator.alerts(ADMIN)).as("2 slow of 40: the p95 is fast").isEmpty();

      reads(2, Duration.ofSeconds(3));
      assertThat(rules(coordinator.alerts(ADMIN))).containsExactly(AlertRule.CALENDAR_LATENCY);
      clock.advance(Duration.ofMinutes(5));
      assertThat(coordinator.alerts(ADMIN)).isEmpty();
      assertThat(published).extracting(AlertTransition::kind).containsExactly(AlertTransition.Kind.RAISED,
          AlertTransition.Kind.CLEARED, AlertTransition.Kind.RAISED, AlertTransition.Kind.CLEARED);
    }
  }

  @Nested
  @DisplayName("the write queue's depth (warning, above 50)")
  class QueueDepth {
    final List<WriteJob> jobs = new ArrayList<>();

    void enqueue(int n) {
      for (int i = 0; i < n; i++) {
        jobs.add(queue.enqueue(new WriteJob.Request(ConnectorId.of("gcal-lee"), AppointmentId.random(),
            WriteJob.Operation.UPSERT, "key-" + jobs.size(), Map.of(), clock.instant())).job());
      }
    }

    @Test
    @DisplayName("does not fire at 50 jobs, fires at 51 and clears at 50 again")
    void boundary() {
      build();
      enqueue(50);
      assertThat(coordinator.metrics(ADMIN).queueDepth()).isEqualTo(50);
      assertThat(coordinator.alerts(ADMIN)).isEmpty();
      enqueue(1);
      assertThat(coordinator.alerts(ADMIN)).singleElement().satisfies(a -> {
        assertThat(a.rule()).isEqualTo(AlertRule.QUEUE_DEPTH);
        assertThat(a.severity()).isEqualTo(AlertSeverity.WARNING);
        assertThat(a.detail()).contains("51");
      });
      List<WriteJob> claimed = queue.claim(ConnectorId.of("gcal-lee"), "w", 1, Duration.ofMinutes(1));
      queue.complete(claimed.get(0).id(), "w");
      assertThat(coordinator.alerts(ADMIN)).isEmpty();
    }

    @Test
    @DisplayName("takes its threshold from the builder, and dead letters show in the metrics")
    void configurable() {
      build(AlertThresholds.builder().queueDepth(2).build());
      enqueue(3);
      assertThat(rules(coordinator.alerts(ADMIN))).containsExactly(AlertRule.QUEUE_DEPTH);
      WriteJob parked = queue.claim(ConnectorId.of("gcal-lee"), "w", 1, Duration.ofMinutes(1)).get(0);
      queue.deadLetter(parked.id(), "w", "http 400");
      assertThat(coordinator.metrics(ADMIN)).satisfies(m -> {
        assertThat(m.queueDepth()).isEqualTo(2);
        assertThat(m.deadLetters()).isEqualTo(1);
      });
      assertThat(coordinator.alerts(ADMIN)).isEmpty();
    }
  }

  @Nested
  @DisplayName("a connector's last successful sync (warning, older than 3 intervals)")
  class Staleness {
    @Test
    @DisplayName("counts from the build before the first sync: not at exactly 45 minutes, at 45 minutes and 1 ms")
    void neverSynced() {
      build();
      clock.advance(Duration.ofMinutes(45));
      assertThat(coordinator.alerts(ADMIN)).isEmpty();
      clock.advance(Duration.ofMillis(1));
      assertThat(coordinator.alerts(ADMIN)).singleElement().satisfies(a -> {
        assertThat(a.rule()).isEqualTo(AlertRule.SYNC_STALE);
        assertThat(a.connector()).contains(FEED);
      });
      assertThat(coordinator.metrics(ADMIN).sync(FEED)).hasValueSatisfying(s -> {
        assertThat(s.lastSuccess()).isEmpty();
        assertThat(s.age()).isEqualTo(Duration.ofMinutes(45).plusMillis(1));
        assertThat(s.interval()).isEqualTo(Duration.ofMinutes(15));
      });
    }

    @Test
    @DisplayName("a raise and its clear reach the coordinator's listeners as AlertRaised and AlertCleared events")
    void reachesListeners() {
      List<dev.clinicsync.sync.events.CoordinatorEvent> seen = new CopyOnWriteArrayList<>();
      coordinator = SyncCoordinator.builder().clock(clock).metricsTicker(Ticker.of(clock))
          .clinicianDirectory(Fixtures.clinicians()).appointmentStore(store).writeQueue(queue)
          .connectors(feed).defaultInterval(Duration.ofMinutes(15)).eventExecutor(Runnable::run)
          .listener(seen::add).build();
      clock.advance(Duration.ofMinutes(46));
      assertThat(rules(coordinator.alerts(ADMIN))).containsExactly(AlertRule.SYNC_STALE);
      coordinator.syncNow(ADMIN, FEED);
      assertThat(coordinator.alerts(ADMIN)).isEmpty();
      List<dev.clinicsync.sync.events.CoordinatorEvent> alerts = seen.stream()
          .filter(e -> e instanceof dev.clinicsync.sync.events.AlertRaised
              || e instanceof dev.clinicsync.sync.events.AlertCleared).toList();
      assertThat(alerts).hasSize(2);
      assertThat(alerts.get(0)).isInstanceOfSatisfying(dev.clinicsync.sync.events.AlertRaised.class, r -> {
        assertThat(r.rule()).isEqualTo(AlertRule.SYNC_STALE);
        assertThat(r.severity()).isEqualTo(AlertSeverity.WARNING);
        assertThat(r.connector()).contains(FEED);
        assertThat(r.at()).isEqualTo(clock.instant());
      });
      assertThat(alerts.get(1)).isInstanceOfSatisfying(dev.clinicsync.sync.events.AlertCleared.class,
          c -> assertThat(c.rule()).isEqualTo(AlertRule.SYNC_STALE));
    }

    @Test
    @DisplayName("clears on a successful sync; a failed one does not refresh it")
    void clearsOnSuccess() {
      build();
      coordinator.syncNow(ADMIN, FEED);
      clock.advance(Duration.ofMinutes(46));
      assertThat(rules(coordinator.alerts(ADMIN))).containsExactly(AlertRule.SYNC_STALE);
      feed.failNext();
      coordinator.syncNow(ADMIN, FEED);
      assertThat(coordinator.alerts(ADMIN)).extracting(Alert::rule).contains(AlertRule.SYNC_STALE);
      coordinator.syncNow(ADMIN, FEED);
      assertThat(rules(coordinator.alerts(ADMIN))).doesNotContain(AlertRule.SYNC_STALE);
      assertThat(coordinator.metrics(ADMIN).sync(FEED).orElseThrow().lastSuccess()).contains(clock.instant());
    }

    @Test
    @DisplayName("takes its factor from the builder")
    void configurable() {
      build(AlertThresholds.builder().staleSyncFactor(1).build());
      clock.advance(Duration.ofMinutes(15).plusMillis(1));
      assertThat(rules(coordinator.alerts(ADMIN))).containsExactly(AlertRule.SYNC_STALE);
    }
  }

  @Nested
  @DisplayName("listeners")
  class Listeners {
    @Test
    @DisplayName("a throwing alert listener is counted and does not stop evaluation or the alert state")
    void throwing() {
      coordinator = SyncCoordinator.builder().clock(clock).clinicianDirectory(Fixtures.clinicians())
          .connectors(feed).writeQueue(queue).alertThresholds(AlertThresholds.builder().queueDepth(0).build())
          .alertPublisher(t -> {
            throw new IllegalStateException("listener down");
          }).build();
      new QueueDepth().enqueue(1);
      assertThat(rules(coordinator.alerts(ADMIN))).containsExactly(AlertRule.QUEUE_DEPTH);
      assertThat(rules(coordinator.alerts(ADMIN))).as("raised once, kept").containsExactly(AlertRule.QUEUE_DEPTH);
      assertThat(coordinator.metrics(ADMIN).listenerFailures()).isEqualTo(1);
    }
  }

  @Nested
  @DisplayName("evaluation")
  class Evaluation {
    @Test
    @DisplayName("a started coordinator evaluates the rules on its own schedule and publishes what changed")
    void scheduled() {
      CapturingScheduler scheduler = new CapturingScheduler();
      coordinator = SyncCoordinator.builder().clock(clock).clinicianDirectory(Fixtures.clinicians())
          .connectors(feed).writeQueue(queue).executor(scheduler)
          .alertThresholds(AlertThresholds.builder().queueDepth(0).evaluationInterval(Duration.ofSeconds(10)).build())
          .alertPublisher(published::add).build();
      coordinator.start();
      assertThat(scheduler.periods).contains(Duration.ofSeconds(10).toMillis());
      new QueueDepth().enqueue(1);
      assertThat(published).isEmpty();
      scheduler.evaluation().run();
      assertThat(published).singleElement().satisfies(t -> {
        assertThat(t.kind()).isEqualTo(AlertTransition.Kind.RAISED);
        assertThat(t.alert().rule()).isEqualTo(AlertRule.QUEUE_DEPTH);
      });
      scheduler.evaluation().run();
      assertThat(published).as("an alert still active is not raised again").hasSize(1);
    }

    @Test
    @DisplayName("metrics and alerts carry ids and numbers only: no patient, vendor id or metadata")
    void phiFree() {
      build(AlertThresholds.builder().queueDepth(0).build());
      feed.put(Fixtures.appt(SourceSystem.SIMPLEPRACTICE, "sp-ext-90210", "etag-7", Fixtures.LEE,
          Fixtures.TUESDAY_9AM, 50));
      coordinator.syncNow(ADMIN, FEED);
      feed.failNext();
      coordinator.syncNow(ADMIN, FEED);
      coordinator.aggregatedCalendar(ADMIN, AppointmentQuery.in(WEEK));
      new QueueDepth().enqueue(1);
      clock.advance(Duration.ofHours(1));
      String shown = coordinator.metrics(ADMIN) + " " + coordinator.alerts(ADMIN) + " " + published;
      assertThat(coordinator.alerts(ADMIN)).extracting(Alert::rule).contains(AlertRule.QUEUE_DEPTH, AlertRule.SYNC_STALE);
      assertThat(shown).doesNotContain("sp-ext-90210", "etag-7", "patient-token", "R12", "Dr Lee", "dr-lee",
          "service unavailable", "req-1");
    }
  }

  /** Records the periodic tasks scheduled on it instead of running them. */
  static final class CapturingScheduler extends java.util.concurrent.ScheduledThreadPoolExecutor {
    final List<Long> periods = new CopyOnWriteArrayList<>();
    final List<Runnable> periodic = new CopyOnWriteArrayList<>();

    CapturingScheduler() {
      super(1);
    }

    @Override
    public java.util.concurrent.ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay,
        long delay, java.util.concurrent.TimeUnit unit) {
      periods.add(unit.toMillis(delay));
      periodic.add(command);
      return super.schedule(() -> { }, 365, java.util.concurrent.TimeUnit.DAYS);
    }

    Runnable evaluation() {
      return periodic.get(periodic.size() - 1);
    }
  }

  /** An appointment store whose next {@code find} takes as long as the test says, on the test's clock. */
  static final class SlowReads implements AppointmentStore {
    private final InMemoryAppointmentStore delegate = new InMemoryAppointmentStore();
    private final MutableClock clock;
    volatile Duration nextFind = Duration.ZERO;

    SlowReads(MutableClock clock) {
      this.clock = clock;
    }

    @Override
    public Optional<Appointment> findById(AppointmentId id) {
      return delegate.findById(id);
    }

    @Override
    public Optional<Appointment> findBySource(SourceRef source) {
      return delegate.findBySource(source);
    }

    @Override
    public List<Appointment> find(AppointmentQuery query) {
      clock.advance(nextFind);
      nextFind = Duration.ZERO;
      return delegate.find(query);
    }

    @Override
    public Appointment save(Appointment appointment) {
      return delegate.save(appointment);
    }

    @Override
    public UpsertResult upsertBySource(Appointment appointment) {
      return delegate.upsertBySource(appointment);
    }

    @Override
    public Optional<Appointment> delete(AppointmentId id) {
      return delegate.delete(id);
    }

    @Override
    public long count() {
      return delegate.count();
    }
  }
}
