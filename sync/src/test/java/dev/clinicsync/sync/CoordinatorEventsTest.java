package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.KIM;
import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.TUESDAY_9AM;
import static dev.clinicsync.sync.Fixtures.appt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditEvent;
import dev.clinicsync.core.memory.InMemoryAppointmentStore;
import dev.clinicsync.core.memory.InMemoryAuditSink;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.OverrideReason;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.testkit.MutableClock;
import dev.clinicsync.sync.EventRecorder.ManualExecutor;
import dev.clinicsync.sync.events.AlertCleared;
import dev.clinicsync.sync.events.AlertRaised;
import dev.clinicsync.sync.metrics.AlertRule;
import dev.clinicsync.sync.metrics.AlertSeverity;
import dev.clinicsync.sync.events.AppointmentCancelled;
import dev.clinicsync.sync.events.AppointmentCreated;
import dev.clinicsync.sync.events.AppointmentUpdated;
import dev.clinicsync.sync.events.ConflictDetected;
import dev.clinicsync.sync.events.ConflictResolved;
import dev.clinicsync.sync.events.CoordinatorEvent;
import dev.clinicsync.sync.events.CoordinatorListener;
import dev.clinicsync.sync.events.EventStats;
import dev.clinicsync.sync.events.SyncCompleted;
import dev.clinicsync.sync.events.SyncFailed;
import dev.clinicsync.sync.events.Subscription;
import dev.clinicsync.sync.internal.EventHub;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Live events for host UIs: fired at the real points, PHI-free, ordered per clinician, isolated from the sync. */
class CoordinatorEventsTest {
  static final Principal ADMIN = Principal.admin("u-admin");
  static final Principal DESK = Principal.frontDesk("u-desk");
  static final String PATIENT_NAME = "Zebediah Quackenbush";
  static final String NOTES = "Discussed divorce; panic attacks at work";

  final MutableClock clock = new MutableClock(NOW);
  final InMemoryAppointmentStore store = new InMemoryAppointmentStore();
  final InMemoryAuditSink audit = new InMemoryAuditSink();
  final FakeConnector zocdoc = new FakeConnector("zocdoc-main", SourceSystem.ZOCDOC);
  final EventRecorder recorder = new EventRecorder();
  final ManualExecutor manual = new ManualExecutor();
  final List<SyncCoordinator> built = new ArrayList<>();
  final List<ExecutorService> pools = new ArrayList<>();

  @AfterEach
  void stop() {
    built.forEach(SyncCoordinator::close);
    pools.forEach(ExecutorService::shutdownNow);
  }

  SyncCoordinatorBuilder builder() {
    return SyncCoordinator.builder().connectors(zocdoc).appointmentStore(store).auditSink(audit)
        .clinicianDirectory(Fixtures.clinicians()).clock(clock);
  }

  SyncCoordinator manualCoordinator() {
    SyncCoordinator c = builder().listener(recorder).eventExecutor(manual).build();
    built.add(c);
    return c;
  }

  ExecutorService pool(int threads) {
    ExecutorService p = Executors.newFixedThreadPool(threads);
    pools.add(p);
    return p;
  }

  static TimeWindow slot(Instant start, int minutes) {
    return TimeWindow.of(start, Duration.ofMinutes(minutes));
  }

  static PhiRecord phi() {
    return PhiRecord.builder().put(PhiField.PATIENT_NAME, PATIENT_NAME).put(PhiField.NOTES, NOTES)
        .put(PhiField.PHONE, "+1 212 555 0199").build();
  }

  /** The events delivered by the manual executor since the last call. */
  List<CoordinatorEvent> deliver(int[] seen) {
    manual.runAll();
    List<CoordinatorEvent> all = recorder.events();
    List<CoordinatorEvent> fresh = all.subList(seen[0], all.size());
    seen[0] = all.size();
    return List.copyOf(fresh);
  }

  @Nested
  @DisplayName("host operations")
  class HostOperations {
    @Test
    @DisplayName("booking, rescheduling and cancelling each publish their event, delivered only by the event executor")
    void lifecycle() {
      SyncCoordinator c = manualCoordinator();
      int[] seen = {0};
      AppointmentView booked = c.book(DESK, BookingRequest.builder(LEE, slot(TUESDAY_9AM, 50)).phi(phi()).build());
      assertThat(recorder.events()).as("nothing runs on the caller's thread").isEmpty();
      assertThat(deliver(seen)).containsExactly(new AppointmentCreated(booked.id(), LEE, Optional.empty(), NOW));

      clock.advance(Duration.ofMinutes(1));
      c.reschedule(DESK, booked.id(), slot(TUESDAY_9AM.plus(Duration.ofHours(1)), 50));
      assertThat(deliver(seen)).containsExactly(
          new AppointmentUpdated(booked.id(), LEE, Optional.empty(), NOW.plus(Duration.ofMinutes(1))));

      c.cancel(DESK, booked.id());
      c.cancel(DESK, booked.id()); // idempotent: nothing changed, nothing published
      assertThat(deliver(seen)).containsExactly(
          new AppointmentCancelled(booked.id(), LEE, Optional.empty(), NOW.plus(Duration.ofMinutes(1))));
    }

    @Test
    @DisplayName("an overlapping booking flags both appointments in conflict; cancelling it resolves both")
    void conflicts() {
      SyncCoordinator c = manualCoordinator();
      int[] seen = {0};
      AppointmentId first = c.book(DESK, BookingRequest.builder(LEE, slot(TUESDAY_9AM, 50)).build()).id();
      deliver(seen);
      AppointmentId second = c.book(ADMIN, BookingRequest.builder(LEE, slot(TUESDAY_9AM.plus(Duration.ofMinutes(30)), 50))
          .overrideConflicts(OverrideReason.INTENDED_OVERLAP).build()).id();
      assertThat(deliver(seen)).containsExactly(
          new AppointmentCreated(second, LEE, Optional.empty(), NOW),
          new ConflictDetected(second, LEE, java.util.Set.of(first), NOW),
          new ConflictDetected(first, LEE, java.util.Set.of(second), NOW));

      c.cancel(DESK, second);
      assertThat(deliver(seen)).containsExactly(
          new AppointmentCancelled(second, LEE, Optional.empty(), NOW),
          new ConflictResolved(second, LEE, NOW),
          new ConflictResolved(first, LEE, NOW));
    }

    @Test
    @DisplayName("resolving a conflict by moving one appointment publishes the move and both resolutions")
    void resolve() {
      SyncCoordinator c = manualCoordinator();
      int[] seen = {0};
      AppointmentId first = c.book(DESK, BookingRequest.builder(LEE, slot(TUESDAY_9AM, 50)).build()).id();
      AppointmentId second = c.book(ADMIN, BookingRequest.builder(LEE, slot(TUESDAY_9AM, 50))
          .overrideConflicts(OverrideReason.URGENT_CARE).build()).id();
      deliver(seen);

      c.resolveConflict(ADMIN, Resolution.reschedule(second, slot(TUESDAY_9AM.plus(Duration.ofHours(2)), 50)),
          second, first);
      assertThat(deliver(seen)).containsExactly(
          new AppointmentUpdated(second, LEE, Optional.empty(), NOW),
          new ConflictResolved(second, LEE, NOW),
          new ConflictResolved(first, LEE, NOW));
    }

    @Test
    @DisplayName("a booking refused for its conflicts publishes nothing")
    void refused() {
      SyncCoordinator c = manualCoordinator();
      int[] seen = {0};
      c.book(DESK, BookingRequest.builder(LEE, slot(TUESDAY_9AM, 50)).build());
      deliver(seen);
      org.assertj.core.api.Assertions.assertThatThrownBy(
          () -> c.book(DESK, BookingRequest.builder(LEE, slot(TUESDAY_9AM, 50)).build()))
          .isInstanceOf(SchedulingConflictException.class);
      assertThat(deliver(seen)).isEmpty();
    }
  }

  @Nested
  @DisplayName("syncs")
  class Syncs {
    @Test
    @DisplayName("a sync publishes created, updated and cancelled per applied change, conflict transitions, and its completion")
    void applied() {
      SyncCoordinator c = manualCoordinator();
      int[] seen = {0};
      ConnectorId zd = zocdoc.id();
      Appointment a = appt(SourceSystem.ZOCDOC, "zd-1", "v1", LEE, TUESDAY_9AM, 50);
      Appointment b = appt(SourceSystem.ZOCDOC, "zd-2", "v1", LEE, TUESDAY_9AM.plus(Duration.ofMinutes(30)), 50);
      zocdoc.put(a, phi());
      zocdoc.put(b, phi());
      c.syncNow(ADMIN, zd);
      AppointmentId ida = store.findBySource(a.source()).orElseThrow().id();
      AppointmentId idb = store.findBySource(b.source()).orElseThrow().id();
      assertThat(deliver(seen)).containsExactly(
          new AppointmentCreated(ida, LEE, Optional.of(zd), NOW),
          new ConflictDetected(ida, LEE, java.util.Set.of(idb), NOW),
          new AppointmentCreated(idb, LEE, Optional.of(zd), NOW),
          new ConflictDetected(idb, LEE, java.util.Set.of(ida), NOW),
          new SyncCompleted(zd, SyncMode.FULL, false, 2, 0, 0, NOW));

      zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-2", "v2", LEE, TUESDAY_9AM.plus(Duration.ofHours(3)), 50));
      c.syncNow(ADMIN, zd);
      assertThat(deliver(seen)).containsExactly(
          new AppointmentUpdated(idb, LEE, Optional.of(zd), NOW),
          new ConflictResolved(idb, LEE, NOW),
          new ConflictResolved(ida, LEE, NOW),
          new SyncCompleted(zd, SyncMode.INCREMENTAL, false, 0, 1, 0, NOW));

      zocdoc.remove(a.source());
      c.syncNow(ADMIN, zd);
      assertThat(deliver(seen)).containsExactly(
          new AppointmentCancelled(ida, LEE, Optional.of(zd), NOW),
          new SyncCompleted(zd, SyncMode.INCREMENTAL, false, 0, 0, 1, NOW));
    }

    @Test
    @DisplayName("a failed sync publishes SyncFailed with the audit's PHI-free code")
    void failed() {
      SyncCoordinator c = manualCoordinator();
      int[] seen = {0};
      zocdoc.failNext();
      assertThat(c.syncNow(ADMIN, zocdoc.id()).outcome()).isEqualTo(SyncOutcome.FAILED);
      assertThat(deliver(seen)).containsExactly(
          new SyncFailed(zocdoc.id(), SyncMode.FULL, "RetryableConnectorException", NOW));
    }
  }

  @Nested
  @DisplayName("isolation")
  class Isolation {
    @Test
    @DisplayName("a throwing listener breaks neither the sync nor the other listeners, and its failures are counted")
    void throwing() {
      EventRecorder healthy = new EventRecorder();
      SyncCoordinator c = builder().eventExecutor(manual).listener(e -> {
        throw new IllegalStateException("listener bug with " + PATIENT_NAME);
      }).listener(healthy).build();
      built.add(c);
      zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-1", "v1", LEE, TUESDAY_9AM, 50));
      zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-2", "v1", KIM, TUESDAY_9AM, 50));
      CapturedLogs.clear();

      SyncReport report = c.syncNow(ADMIN, zocdoc.id());
      manual.runAll();
      AppointmentView booked = c.book(DESK, BookingRequest.builder(KIM, slot(TUESDAY_9AM.plus(Duration.ofHours(2)), 30)).build());
      manual.runAll();

      assertThat(report.outcome()).isEqualTo(SyncOutcome.APPLIED);
      assertThat(store.findById(booked.id())).isPresent();
      assertThat(healthy.events()).hasSize(4).last().isInstanceOf(AppointmentCreated.class);
      EventStats stats = c.eventStats(ADMIN);
      assertThat(stats.published()).isEqualTo(4);
      assertThat(stats.failed()).isEqualTo(4);
      assertThat(stats.delivered()).isEqualTo(4);
      assertThat(stats.dropped()).isZero();
      assertThat(stats.listeners()).extracting(s -> s.failed()).containsExactly(4L, 0L);
      assertThat(String.join("\n", CapturedLogs.lines())).contains("IllegalStateException").doesNotContain(PATIENT_NAME);
    }

    @Test
    @DisplayName("a slow listener never holds up a sync: the sync returns while it is blocked, and its full queue drops the oldest")
    void slow() throws Exception {
      ExecutorService events = pool(2);
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch sawThree = new CountDownLatch(3);
      List<CoordinatorEvent> slowSaw = java.util.Collections.synchronizedList(new ArrayList<>());
      CountDownLatch fastSawTheEnd = new CountDownLatch(1);
      CoordinatorListener fast = e -> {
        if (e instanceof SyncCompleted) {
          fastSawTheEnd.countDown();
        }
      };
      SyncCoordinator c = builder().eventExecutor(events).listenerQueueCapacity(2).listener(e -> {
        entered.countDown();
        try {
          release.await();
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
        slowSaw.add(e);
        sawThree.countDown();
      }).listener(fast).build();
      built.add(c);
      for (int i = 0; i < 5; i++) {
        zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-" + i, "v1", LEE, TUESDAY_9AM.plus(Duration.ofHours(i)), 50));
      }
      c.book(DESK, BookingRequest.builder(KIM, slot(TUESDAY_9AM, 50)).build());
      assertThat(entered.await(30, TimeUnit.SECONDS)).as("the slow listener is blocked in its first event").isTrue();

      SyncReport report = c.syncNow(ADMIN, zocdoc.id()); // 5 created + completed = 6 events

      assertThat(report.outcome()).as("the sync returned while the listener is blocked").isEqualTo(SyncOutcome.APPLIED);
      assertThat(release.getCount()).isEqualTo(1);
      assertThat(c.eventStats(ADMIN).listeners().get(0).dropped()).as("6 published into a queue of 2").isEqualTo(4);
      assertThat(c.eventStats(ADMIN).listeners().get(0).queued()).isEqualTo(2);
      assertThat(fastSawTheEnd.await(30, TimeUnit.SECONDS)).as("the other listener is not held up").isTrue();
      assertThat(slowSaw).isEmpty();
      assertThat(release.getCount()).isEqualTo(1);

      release.countDown();
      assertThat(sawThree.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(slowSaw).hasSize(3);
      assertThat(slowSaw.get(0)).isInstanceOf(AppointmentCreated.class);
      assertThat(slowSaw.get(1)).as("the newest are kept: the fifth created, then the completion")
          .isInstanceOf(AppointmentCreated.class)
          .satisfies(e -> assertThat(((AppointmentCreated) e).appointment())
              .isEqualTo(store.findBySource(zocdoc.liveRecord(appt(SourceSystem.ZOCDOC, "zd-4", "v1", LEE,
                  TUESDAY_9AM.plus(Duration.ofHours(4)), 50).source()).orElseThrow().appointment().source())
                  .orElseThrow().id()));
      assertThat(slowSaw.get(2)).isInstanceOf(SyncCompleted.class);
      assertThat(c.eventStats(ADMIN).listeners().get(0).dropped()).isEqualTo(4);
      assertThat(c.eventStats(ADMIN).dropped()).as("the totals add every listener's drops").isGreaterThanOrEqualTo(4);
    }

    @Test
    @DisplayName("deliveries run on the event executor, never on the thread that made the change; a closed subscription gets nothing")
    void offThread() throws Exception {
      SyncCoordinator c = builder().build(); // the default event executor
      built.add(c);
      EventRecorder late = new EventRecorder();
      Subscription sub = c.subscribe(late);
      c.book(DESK, BookingRequest.builder(LEE, slot(TUESDAY_9AM, 50)).build());
      late.awaitCount(1);
      assertThat(late.threads()).singleElement().isNotSameAs(Thread.currentThread())
          .satisfies(t -> assertThat(t.getName()).startsWith("clinicsync-events-"));

      sub.close();
      c.book(DESK, BookingRequest.builder(KIM, slot(TUESDAY_9AM, 50)).build());
      assertThat(late.events()).hasSize(1);
      assertThat(c.eventStats(ADMIN).published()).as("nobody listened to the second").isEqualTo(1);
      assertThat(c.eventStats(ADMIN).listeners()).isEmpty();
    }
  }

  @Test
  @DisplayName("under concurrent bookings and cancellations, each clinician's events arrive in the order their changes were audited")
  void orderPerClinician() throws Exception {
    ExecutorService events = pool(3);
    EventRecorder seen = new EventRecorder();
    SyncCoordinator c = builder().eventExecutor(events).listener(seen).build();
    built.add(c);
    ExecutorService callers = pool(6);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    int perThread = 12;
    for (int t = 0; t < 6; t++) {
      ClinicianId who = t % 2 == 0 ? LEE : KIM;
      int lane = t;
      done.add(callers.submit(() -> {
        go.await();
        for (int i = 0; i < perThread; i++) {
          Instant start = TUESDAY_9AM.plus(Duration.ofMinutes(10L * (lane * perThread + i)));
          AppointmentView v = c.book(ADMIN, BookingRequest.builder(who, slot(start, 5))
              .overrideConflicts(OverrideReason.INTENDED_OVERLAP).build());
          if (i % 3 == 0) {
            c.cancel(DESK, v.id());
          }
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }
    int changes = 6 * perThread + 6 * (perThread / 3);
    seen.awaitCount(changes);

    Map<String, List<String>> audited = new LinkedHashMap<>();
    for (AuditEvent e : audit.read(1, 100_000)) {
      if (e.action() == AuditAction.CREATE_APPOINTMENT || e.action() == AuditAction.CANCEL_APPOINTMENT) {
        audited.computeIfAbsent(e.details().get("clinician"), k -> new ArrayList<>())
            .add(e.action().name() + " " + e.subject());
      }
    }
    Map<String, List<String>> published = new LinkedHashMap<>();
    for (CoordinatorEvent e : seen.events()) {
      if (e instanceof AppointmentCreated a) {
        published.computeIfAbsent(a.clinician().value(), k -> new ArrayList<>()).add("CREATE_APPOINTMENT " + a.appointment().value());
      } else if (e instanceof AppointmentCancelled a) {
        published.computeIfAbsent(a.clinician().value(), k -> new ArrayList<>()).add("CANCEL_APPOINTMENT " + a.appointment().value());
      }
    }
    assertThat(published.get(LEE.value())).hasSize(changes / 2).containsExactlyElementsOf(audited.get(LEE.value()));
    assertThat(published.get(KIM.value())).hasSize(changes / 2).containsExactlyElementsOf(audited.get(KIM.value()));
  }

  @Test
  @DisplayName("no event's toString carries PHI: PHI-laden syncs and bookings, every event type")
  void phiFree() {
    SyncCoordinator c = manualCoordinator();
    Appointment a = appt(SourceSystem.ZOCDOC, "zd-PHI-77", "v1", LEE, TUESDAY_9AM, 50).toBuilder()
        .putSourceMetadata("visit_reason_code", "R12").build();
    zocdoc.put(a, phi());
    zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-PHI-78", "v1", LEE, TUESDAY_9AM, 50), phi());
    c.syncNow(ADMIN, zocdoc.id());
    AppointmentView booked = c.book(DESK, BookingRequest.builder(KIM, slot(TUESDAY_9AM, 50)).phi(phi())
        .patient(Fixtures.patient(4242)).build());
    c.cancel(DESK, booked.id());
    zocdoc.remove(a.source());
    c.syncNow(ADMIN, zocdoc.id());
    zocdoc.failNext();
    c.syncNow(ADMIN, zocdoc.id());
    manual.runAll();
    List<CoordinatorEvent> all = new ArrayList<>(recorder.events());
    all.add(new dev.clinicsync.sync.events.WriteDeadLettered("job-1", booked.id(), Optional.of(KIM),
        ConnectorId.of("google-kim"), "permanent-400", NOW));
    all.add(new dev.clinicsync.sync.events.ReconsentRequired(ConnectorId.of("google-kim"), KIM, NOW));
    all.add(new AlertRaised(AlertRule.CONNECTOR_ERROR_RATE, AlertSeverity.CRITICAL, Optional.of(zocdoc.id()), "error rate 12/100 over PT10M exceeds 0.05", NOW));
    all.add(new AlertCleared(AlertRule.QUEUE_DEPTH, AlertSeverity.WARNING, Optional.empty(), "queue depth 12 exceeds 50", NOW));

    assertThat(all).extracting(e -> e.getClass().getSimpleName()).contains("AppointmentCreated", "AppointmentCancelled",
        "ConflictDetected", "ConflictResolved", "SyncCompleted", "SyncFailed");
    String text = all.toString();
    assertThat(text).doesNotContain(PATIENT_NAME, NOTES, "212 555", "patient-token", "zd-PHI", "R12");
  }

  @Test
  @DisplayName("alerts published through the hub reach listeners like every other event")
  void alerts() throws Exception {
    EventHub hub = new EventHub(manual, 8);
    EventRecorder r = new EventRecorder();
    hub.subscribe(r);
    AlertRaised raised = new AlertRaised(AlertRule.QUEUE_DEPTH, AlertSeverity.WARNING, Optional.empty(), "queue depth 51 exceeds 50", NOW);
    AlertCleared cleared = new AlertCleared(AlertRule.QUEUE_DEPTH, AlertSeverity.WARNING, Optional.empty(), "queue depth 51 exceeds 50", NOW);
    hub.publish(raised);
    hub.publish(cleared);
    manual.runAll();
    assertThat(r.events()).containsExactly(raised, cleared);
    assertThat(raised.connectorKey()).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> new AlertRaised(AlertRule.QUEUE_DEPTH, AlertSeverity.WARNING, Optional.empty(), null, NOW))
        .isInstanceOf(dev.clinicsync.core.ValidationException.class).hasMessageContaining("alert detail");
  }
}
