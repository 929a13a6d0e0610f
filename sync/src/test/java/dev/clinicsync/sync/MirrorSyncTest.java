package dev.clinicsync.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.clinicsync.sync.Fixtures.KIM;
import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.TUESDAY_9AM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.access.AccessDeniedException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditEvent;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.IdempotencyKey;
import dev.clinicsync.core.memory.InMemoryAppointmentStore;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.memory.InMemoryWriteQueue;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.connector.MirrorContent;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import java.util.Optional;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.store.WriteJob;
import dev.clinicsync.core.store.WriteQueue;
import dev.clinicsync.core.testkit.MutableClock;
import dev.clinicsync.sync.writes.MirrorIssue;
import dev.clinicsync.sync.writes.MirrorRule;
import dev.clinicsync.sync.writes.WriteRunReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Two-way Google sync end to end: the coordinator with the real Google Calendar connector
 * (ServiceLoader-found, every call through connector-kit) against a stateful Google stub in
 * WireMock. Time is a mutable clock; nothing sleeps.
 */
class MirrorSyncTest {
  static final Principal ADMIN = Principal.admin("u-admin");
  static final Principal DESK = Principal.frontDesk("u-desk");
  static final ConnectorId GOOGLE = ConnectorId.of("google-lee");
  static final TimeWindow SLOT = TimeWindow.of(TUESDAY_9AM, Duration.ofMinutes(50));

  FakeGoogleCalendar google;
  WireMockServer server;
  MutableClock clock;
  InMemorySecretStore secrets;
  List<SyncCoordinator> built = new ArrayList<>();
  /** Connector properties added to the defaults (HTTP timeouts for the timeout tests). */
  Map<String, String> extraConfig = new java.util.HashMap<>();

  @BeforeEach
  void start() {
    google = new FakeGoogleCalendar();
    server = new WireMockServer(options().dynamicPort().extensions(google));
    server.start();
    server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
    clock = new MutableClock(NOW);
    secrets = new InMemorySecretStore();
    secrets.put(PatientTokenizer.DEFAULT_KEY_NAME, Secret.of("0123456789abcdef0123456789abcdef"));
    secrets.put("google/client-id", Secret.of("client-e2e.apps.googleusercontent.com"));
    secrets.put("google/client-secret", Secret.of("client-secret-e2e"));
    secrets.put("google/refresh-token/dr-lee", Secret.of("1//refresh-lee"));
  }

  @AfterEach
  void stop() {
    built.forEach(SyncCoordinator::close);
    server.stop();
  }

  static InMemoryClinicianDirectory directory() {
    InMemoryClinicianDirectory d = Fixtures.clinicians();
    Clinician lee = d.find(LEE).orElseThrow();
    d.save(lee.withExternalIds(Set.of(ExternalIdentity.of(SourceSystem.GOOGLE, "primary"))));
    return d;
  }

  SyncCoordinator coordinator(Consumer<SyncCoordinatorBuilder> extra) {
    return coordinator("clinicsync", new InMemoryAppointmentStore(), extra);
  }

  SyncCoordinator coordinator(String provenance, InMemoryAppointmentStore store, Consumer<SyncCoordinatorBuilder> extra) {
    String stub = "localhost:" + server.port() + ",127.0.0.1:" + server.port();
    SyncCoordinatorBuilder b = SyncCoordinator.builder()
        .secretStore(secrets)
        .auditKeys(dev.clinicsync.core.audit.AuditKeys.inProcess())
        .clinicianDirectory(directory())
        .appointmentStore(store)
        .clock(clock)
        .connectorConfigs(ConnectorConfig.of(GOOGLE.value(), "google-calendar", with(extraConfig, Map.ofEntries(
            Map.entry("clinician", "dr-lee"), Map.entry("calendars", "primary"), Map.entry("write-calendar", "primary"),
            Map.entry("provenance", provenance), Map.entry("root-url", server.baseUrl()),
            Map.entry("token-url", server.baseUrl() + "/token"), Map.entry("allow-http", "true"),
            Map.entry("allow-private-targets", stub), Map.entry("max-attempts", "1"),
            Map.entry("rate-limit.per-second", "1000"), Map.entry("rate-limit.burst", "1000")))))
        .mirrorInto(LEE, GOOGLE)
        .writeRetries(Duration.ofSeconds(2), Duration.ofMinutes(1), 4)
        .writeRandom(new Random(7));
    extra.accept(b);
    SyncCoordinator c = b.build();
    built.add(c);
    return c;
  }

  static Map<String, String> with(Map<String, String> extra, Map<String, String> base) {
    Map<String, String> all = new java.util.HashMap<>(base);
    all.putAll(extra);
    return all;
  }

  /** A read timeout the stalled answer outlasts; the stall is the only real waiting in these tests. */
  void shortReadTimeout() {
    extraConfig.put("http.read-timeout", "PT1S");
    extraConfig.put("http.call-timeout", "PT10S");
  }

  static String eventId(AppointmentId id) {
    return IdempotencyKey.forAppointment(id).value();
  }

  static Instant start(JsonNode event) {
    return Instant.parse(event.path("start").path("dateTime").asText());
  }

  static List<AuditEvent> audit(SyncCoordinator c, AuditAction action) {
    return c.auditTrail(ADMIN, new AuditQuery(1, 10_000)).events().stream().filter(e -> e.action() == action).toList();
  }

  @Nested
  @DisplayName("the write queue against Google")
  class Queue {
    @Test
    @DisplayName("a booking is mirrored once, content-free, and running the queue again writes nothing")
    void mirroredOnce() {
      SyncCoordinator c = coordinator(b -> {});
      AppointmentView booked = c.book(DESK, BookingRequest.builder(LEE, SLOT).build());
      assertThat(c.writeQueueHealth(ADMIN).depth()).as("the job is queued with the booking").isEqualTo(1);

      WriteRunReport run = c.processWriteQueue(ADMIN);

      assertThat(run.written()).isEqualTo(1);
      assertThat(google.count("POST")).isEqualTo(1);
      JsonNode event = google.event(eventId(booked.id())).orElseThrow();
      assertThat(event.path("summary").asText()).isEqualTo("Appointment");
      assertThat(event.has("description")).as("content-free: no description").isFalse();
      assertThat(event.has("location")).as("content-free: no location").isFalse();
      assertThat(event.has("attendees")).as("content-free: nobody invited").isFalse();
      assertThat(start(event)).isEqualTo(SLOT.start());
      assertThat(c.processWriteQueue(ADMIN).attempted()).isZero();
      assertThat(c.writeQueueHealth(ADMIN).depth()).isZero();
      assertThat(google.apiWrites()).isEqualTo(1);
    }

    @Test
    @DisplayName("the booking's PHI reaches neither Google, the audit trail nor the queue; a projection policy shows more only when chosen")
    void phiStaysHome() {
      PhiRecord phi = PhiRecord.of(Map.of(PhiField.TITLE, "Intake: Jane Plantedname", PhiField.NOTES, "call 555-0199"));
      SyncCoordinator plain = coordinator(b -> {});
      AppointmentView booked = plain.book(DESK, BookingRequest.builder(LEE, SLOT).phi(phi).build());
      plain.processWriteQueue(ADMIN);
      String everything = google.event(eventId(booked.id())).orElseThrow() + " " + server.getAllServeEvents()
          + plain.auditTrail(ADMIN, new AuditQuery(1, 10_000)) + plain.deadLetters(ADMIN) + plain.mirrorIssues(ADMIN);
      assertThat(everything).doesNotContain("Plantedname", "555-0199");

      SyncCoordinator titled = coordinator(b -> b.mirrorProjection(GOOGLE,
          (a, p) -> new MirrorContent(p.flatMap(r -> r.get(PhiField.TITLE)), Optional.empty(), Optional.empty())));
      AppointmentView other = titled.book(DESK, BookingRequest.builder(LEE, TimeWindow.of(SLOT.end(), Duration.ofMinutes(30)))
          .phi(phi).build());
      titled.processWriteQueue(ADMIN);
      assertThat(google.event(eventId(other.id())).orElseThrow().path("summary").asText()).isEqualTo("Intake: Jane Plantedname");
      assertThat(titled.auditTrail(ADMIN, new AuditQuery(1, 10_000)).toString()).doesNotContain("Plantedname");
    }

    @Test
    @DisplayName("an insert that times out is read back: the mirror exists once, and is not inserted again")
    void timeoutReadBack() {
      shortReadTimeout();
      SyncCoordinator c = coordinator(b -> {});
      google.applyThenStall("POST", 3_000);
      AppointmentView booked = c.book(DESK, BookingRequest.builder(LEE, SLOT).build());

      WriteRunReport run = c.processWriteQueue(ADMIN);

      assertThat(run.written()).isEqualTo(1);
      assertThat(google.count("POST")).as("not inserted again: read back").isEqualTo(1);
      assertThat(google.count("GET /calendar/v3/calendars/primary/events/" + eventId(booked.id()))).isEqualTo(1);
      assertThat(google.liveEvents()).isEqualTo(1);
      assertThat(c.writeQueueHealth(ADMIN).depth()).isZero();
    }

    @Test
    @DisplayName("a connection reset after the insert arrived still leaves one mirror")
    void resetAfterInsert() {
      SyncCoordinator c = coordinator(b -> {});
      google.applyThenDrop("POST");
      c.book(DESK, BookingRequest.builder(LEE, SLOT).build());
      assertThat(c.processWriteQueue(ADMIN).written()).isEqualTo(1);
      assertThat(google.liveEvents()).isEqualTo(1);
    }

    @Test
    @DisplayName("a timed-out insert whose read-back fails too is retried later, and the retry still leaves one mirror")
    void timeoutThenRetry() {
      shortReadTimeout();
      SyncCoordinator c = coordinator(b -> {});
      google.applyThenStall("POST", 3_000);
      google.failNext("GET", 1, r -> FakeGoogleCalendar.status(503, "backendError", Map.of()));
      c.book(DESK, BookingRequest.builder(LEE, SLOT).build());

      assertThat(c.processWriteQueue(ADMIN).retried()).isEqualTo(1);
      clock.advance(Duration.ofMinutes(2));
      assertThat(c.processWriteQueue(ADMIN).written()).isEqualTo(1);

      assertThat(google.inserts()).as("created once: the retried insert met 409 and updated").isEqualTo(1);
      assertThat(google.liveEvents()).isEqualTo(1);
      assertThat(c.writeQueueHealth(ADMIN).depth()).isZero();
    }

    @Test
    @DisplayName("a 429 storm is ridden out with backoff that honours Retry-After, then delivered once")
    void rateLimitStorm() {
      SyncCoordinator c = coordinator(b -> {});
      google.failNext("POST", 3, r -> FakeGoogleCalendar.status(429, "rateLimitExceeded", Map.of("Retry-After", "30")));
      c.book(DESK, BookingRequest.builder(LEE, SLOT).build());

      assertThat(c.processWriteQueue(ADMIN).retried()).isEqualTo(1);
      for (int storm = 2; storm <= 3; storm++) {
        clock.advance(Duration.ofSeconds(29));
        assertThat(c.processWriteQueue(ADMIN).attempted()).as("Retry-After is honoured").isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(c.processWriteQueue(ADMIN).retried()).isEqualTo(1);
      }
      assertThat(c.writeQueueHealth(ADMIN).depth()).isEqualTo(1);
      assertThat(c.writeQueueHealth(ADMIN).oldestPendingAge()).isEqualTo(Duration.ofSeconds(60));
      clock.advance(Duration.ofSeconds(30));
      assertThat(c.processWriteQueue(ADMIN).written()).isEqualTo(1);
      assertThat(google.liveEvents()).isEqualTo(1);
      assertThat(google.count("POST")).isEqualTo(4);
      assertThat(c.writeQueueHealth(ADMIN).deadLetters()).isZero();
    }

    @Test
    @DisplayName("a dead-lettered write publishes WriteDeadLettered with the job, appointment, clinician, target and code")
    void deadLetterEvent() {
      EventRecorder seen = new EventRecorder();
      EventRecorder.ManualExecutor events = new EventRecorder.ManualExecutor();
      SyncCoordinator c = coordinator(b -> b.listener(seen).eventExecutor(events));
      google.failNext("POST", 1, r -> FakeGoogleCalendar.status(400, "invalid", Map.of()));
      AppointmentView booked = c.book(DESK, BookingRequest.builder(LEE, SLOT).build());
      assertThat(c.processWriteQueue(ADMIN).deadLettered()).isEqualTo(1);
      events.runAll();

      WriteJob dead = c.deadLetters(ADMIN).get(0);
      assertThat(seen.of(dev.clinicsync.sync.events.WriteDeadLettered.class)).containsExactly(
          new dev.clinicsync.sync.events.WriteDeadLettered(dead.id(), booked.id(), Optional.of(LEE), GOOGLE,
              "permanent-400", NOW));
      assertThat(seen.events()).extracting(e -> e.getClass().getSimpleName())
          .containsExactly("AppointmentCreated", "WriteDeadLettered");
    }

    @Test
    @DisplayName("after its last attempt a job is dead-lettered, visible to admins with its error, and retryable")
    void deadLetter() {
      SyncCoordinator c = coordinator(b -> {});
      google.failNext("POST", 4, r -> FakeGoogleCalendar.status(503, "backendError", Map.of()));
      AppointmentView booked = c.book(DESK, BookingRequest.builder(LEE, SLOT).build());
      for (int attempt = 1; attempt <= 4; attempt++) {
        c.processWriteQueue(ADMIN);
        clock.advance(Duration.ofMinutes(2));
      }
      assertThat(c.writeQueueHealth(ADMIN).deadLetters()).isEqualTo(1);
      assertThat(c.writeQueueHealth(ADMIN).depth()).isZero();
      List<WriteJob> dead = c.deadLetters(ADMIN);
      assertThat(dead).singleElement().satisfies(j -> {
        assertThat(j.appointmentId()).isEqualTo(booked.id());
        assertThat(j.attempts()).isEqualTo(4);
        assertThat(j.lastError()).contains("retryable-503");
      });
      assertThat(audit(c, AuditAction.WRITE_DEAD_LETTERED)).singleElement()
          .satisfies(e -> assertThat(e.details()).containsEntry("error", "retryable-503"));
      assertThatThrownBy(() -> c.deadLetters(DESK)).isInstanceOf(AccessDeniedException.class);
      assertThatThrownBy(() -> c.retryDeadLetter(DESK, dead.get(0).id())).isInstanceOf(AccessDeniedException.class);

      c.retryDeadLetter(ADMIN, dead.get(0).id());
      assertThat(c.processWriteQueue(ADMIN).written()).isEqualTo(1);
      assertThat(google.liveEvents()).isEqualTo(1);
      assertThat(c.deadLetters(ADMIN)).isEmpty();
      assertThat(audit(c, AuditAction.WRITE_REQUEUED)).hasSize(1);
    }

    @Test
    @DisplayName("a permanent refusal is dead-lettered at once, and an admin can discard it (audited)")
    void discard() {
      SyncCoordinator c = coordinator(b -> {});
      google.failNext("POST", 1, r -> FakeGoogleCalendar.status(400, "invalid", Map.of()));
      c.book(DESK, BookingRequest.builder(LEE, SLOT).build());
      assertThat(c.processWriteQueue(ADMIN).deadLettered()).isEqualTo(1);
      WriteJob dead = c.deadLetters(ADMIN).get(0);
      assertThat(dead.lastError()).contains("permanent-400");
      c.discardDeadLetter(ADMIN, dead.id());
      assertThat(c.deadLetters(ADMIN)).isEmpty();
      assertThat(audit(c, AuditAction.WRITE_DISCARDED)).hasSize(1);
    }

    @Test
    @DisplayName("a cancel queued while its create waits for a retry never overtakes it: no mirror is left behind")
    void cancelAfterCreate() {
      SyncCoordinator c = coordinator(b -> {});
      google.failNext("POST", 1, r -> FakeGoogleCalendar.status(503, "backendError", Map.of()));
      AppointmentView booked = c.book(DESK, BookingRequest.builder(LEE, SLOT).build());
      c.processWriteQueue(ADMIN);
      c.cancel(DESK, booked.id());
      assertThat(c.writeQueueHealth(ADMIN).depth()).isEqualTo(2);
      assertThat(c.processWriteQueue(ADMIN).attempted()).as("the cancel waits behind the create").isZero();
      clock.advance(Duration.ofMinutes(2));
      c.processWriteQueue(ADMIN);
      assertThat(google.liveEvents()).isZero();
      assertThat(c.writeQueueHealth(ADMIN).depth()).isZero();
    }

    @Test
    @DisplayName("a rescheduled booking moves its mirror; a cancelled one cancels it")
    void rescheduleAndCancel() {
      SyncCoordinator c = coordinator(b -> {});
      AppointmentView booked = c.book(DESK, BookingRequest.builder(LEE, SLOT).build());
      c.processWriteQueue(ADMIN);
      c.reschedule(DESK, booked.id(), TimeWindow.of(SLOT.start().plus(Duration.ofHours(2)), Duration.ofMinutes(50)));
      c.processWriteQueue(ADMIN);
      assertThat(start(google.event(eventId(booked.id())).orElseThrow())).isEqualTo(SLOT.start().plus(Duration.ofHours(2)));
      c.cancel(DESK, booked.id());
      c.processWriteQueue(ADMIN);
      assertThat(google.event(eventId(booked.id())).orElseThrow().path("status").asText()).isEqualTo("cancelled");
      assertThat(google.count("POST")).isEqualTo(1);
    }
  }

  @Nested
  @DisplayName("the outbox")
  class OutboxAtomicity {
    @Test
    @DisplayName("a booking whose audit event fails leaves neither the booking nor its write job")
    void auditFailure() {
      FlakyAuditSink sink = new FlakyAuditSink();
      InMemoryAppointmentStore store = new InMemoryAppointmentStore();
      SyncCoordinator c = coordinator("clinicsync", store, b -> b.auditSink(sink));
      sink.outage();
      assertThatThrownBy(() -> c.book(DESK, BookingRequest.builder(LEE, SLOT).build()))
          .isInstanceOf(StorageException.class);
      sink.recover();
      assertThat(store.count()).isZero();
      assertThat(c.writeQueueHealth(ADMIN).depth()).isZero();
    }

    @Test
    @DisplayName("a booking whose write job cannot be queued is not stored")
    void queueFailure() {
      InMemoryAppointmentStore store = new InMemoryAppointmentStore();
      WriteQueue broken = new BrokenQueue(new InMemoryWriteQueue(clock));
      SyncCoordinator c = coordinator("clinicsync", store, b -> b.writeQueue(broken));
      assertThatThrownBy(() -> c.book(DESK, BookingRequest.builder(LEE, SLOT).build()))
          .isInstanceOf(StorageException.class);
      assertThat(store.count()).isZero();
      assertThat(audit(c, AuditAction.CREATE_APPOINTMENT)).isEmpty();
    }

    @Test
    @DisplayName("a therapist without a calendar is skipped and reported, once")
    void noCalendar() {
      SyncCoordinator c = coordinator(b -> {});
      c.book(DESK, BookingRequest.builder(KIM, SLOT).build());
      c.book(DESK, BookingRequest.builder(KIM, TimeWindow.of(SLOT.end(), Duration.ofMinutes(30))).build());
      assertThat(c.writeQueueHealth(ADMIN).depth()).isZero();
      assertThat(c.mirrorIssues(ADMIN)).singleElement().satisfies(i -> {
        assertThat(i.kind()).isEqualTo(MirrorIssue.Kind.NO_MIRROR_CALENDAR);
        assertThat(i.clinician()).isEqualTo(KIM);
      });
    }
  }

  /** A queue whose enqueue fails (its database is down). */
  static final class BrokenQueue implements WriteQueue {
    private final WriteQueue delegate;

    BrokenQueue(WriteQueue delegate) {
      this.delegate = delegate;
    }

    @Override
    public Enqueued enqueue(WriteJob.Request request) {
      throw new StorageException("the write queue is down");
    }

    @Override
    public void revert(Enqueued enqueued) {
      delegate.revert(enqueued);
    }

    @Override
    public List<WriteJob> claim(ConnectorId target, String worker, int max, Duration claimFor) {
      return delegate.claim(target, worker, max, claimFor);
    }

    @Override
    public void complete(String jobId, String worker) {
      delegate.complete(jobId, worker);
    }

    @Override
    public void retryLater(String jobId, String worker, Instant retryAt, String error) {
      delegate.retryLater(jobId, worker, retryAt, error);
    }

    @Override
    public void deadLetter(String jobId, String worker, String error) {
      delegate.deadLetter(jobId, worker, error);
    }

    @Override
    public List<WriteJob> deadLetters() {
      return delegate.deadLetters();
    }

    @Override
    public WriteJob retryDead(String jobId) {
      return delegate.retryDead(jobId);
    }

    @Override
    public WriteJob discardDead(String jobId) {
      return delegate.discardDead(jobId);
    }

    @Override
    public java.util.Optional<WriteJob> find(String jobId) {
      return delegate.find(jobId);
    }

    @Override
    public Stats stats() {
      return delegate.stats();
    }
  }

  @Nested
  @DisplayName("changes made in Google")
  class GoogleEdits {
    @Test
    @DisplayName("an update meeting 412 (edited in Google meanwhile) is settled by the rule: the source wins, audited")
    void preconditionFailed() {
      SyncCoordinator c = coordinator(b -> {});
      AppointmentView booked = c.book(DESK, BookingRequest.builder(LEE, SLOT).build());
      c.processWriteQueue(ADMIN);
      google.editAsPerson(eventId(booked.id()), "2026-03-03T16:00:00Z", "2026-03-03T16:50:00Z");
      TimeWindow moved = TimeWindow.of(SLOT.start().plus(Duration.ofHours(1)), Duration.ofMinutes(50));
      c.reschedule(DESK, booked.id(), moved);

      assertThat(c.processWriteQueue(ADMIN).written()).isEqualTo(1);

      assertThat(start(google.event(eventId(booked.id())).orElseThrow())).isEqualTo(moved.start());
      assertThat(google.requests()).filteredOn(r -> r.startsWith("PATCH")).hasSize(2);
      assertThat(audit(c, AuditAction.MIRROR_RESTORED)).singleElement()
          .satisfies(e -> assertThat(e.details()).containsEntry("reason", "reverted: edited at Google"));
    }

    @Test
    @DisplayName("with the raise-conflict rule, a 412 leaves Google's edit and raises it for an admin")
    void preconditionFailedRaised() {
      SyncCoordinator c = coordinator(b -> b.mirrorRules(MirrorRule.RAISE_CONFLICT, MirrorRule.RAISE_CONFLICT));
      AppointmentView booked = c.book(DESK, BookingRequest.builder(LEE, SLOT).build());
      c.processWriteQueue(ADMIN);
      google.editAsPerson(eventId(booked.id()), "2026-03-03T16:00:00Z", "2026-03-03T16:50:00Z");
      c.reschedule(DESK, booked.id(), TimeWindow.of(SLOT.start().plus(Duration.ofHours(1)), Duration.ofMinutes(50)));

      assertThat(c.processWriteQueue(ADMIN).raised()).isEqualTo(1);

      assertThat(start(google.event(eventId(booked.id())).orElseThrow())).isEqualTo(Instant.parse("2026-03-03T16:00:00Z"));
      assertThat(c.mirrorIssues(ADMIN)).singleElement().satisfies(i -> {
        assertThat(i.kind()).isEqualTo(MirrorIssue.Kind.EDITED_AT_TARGET);
        assertThat(i.appointment()).contains(booked.id());
      });
      assertThat(audit(c, AuditAction.MIRROR_CONFLICT_RAISED)).hasSize(1);
    }

    @Test
    @DisplayName("an edit made in Google is noticed on the next pull, restored, and audited as reverted")
    void editRestored() {
      SyncCoordinator c = coordinator(b -> {});
      AppointmentView booked = c.book(DESK, BookingRequest.builder(LEE, SLOT).build());
      c.processWriteQueue(ADMIN);
      c.syncNow(ADMIN, GOOGLE);
      assertThat(c.aggregatedCalendar(ADMIN, AppointmentQuery.in(Fixtures.WEEK)).busyBlocks())
          .as("our own mirror never comes back as a busy block").isEmpty();
      google.editAsPerson(eventId(booked.id()), "2026-03-03T16:00:00Z", "2026-03-03T16:50:00Z");

      c.syncNow(ADMIN, GOOGLE);
      assertThat(audit(c, AuditAction.MIRROR_RESTORED)).singleElement()
          .satisfies(e -> assertThat(e.details()).containsEntry("reason", "reverted: edited at Google"));
      c.processWriteQueue(ADMIN);

      assertThat(start(google.event(eventId(booked.id())).orElseThrow())).isEqualTo(SLOT.start());
      int writes = google.apiWrites();
      c.syncNow(ADMIN, GOOGLE);
      c.processWriteQueue(ADMIN);
      assertThat(google.apiWrites()).as("the restore's own echo changes nothing").isEqualTo(writes);
      assertThat(c.calendarEntry(ADMIN, booked.id()).orElseThrow().appointment().start()).isEqualTo(SLOT.start());
    }

    @Test
    @DisplayName("a mirror deleted in Google is recreated on the next pull, audited")
    void deleteRecreated() {
      SyncCoordinator c = coordinator(b -> {});
      AppointmentView booked = c.book(DESK, BookingRequest.builder(LEE, SLOT).build());
      c.processWriteQueue(ADMIN);
      c.syncNow(ADMIN, GOOGLE);
      google.deleteAsPerson(eventId(booked.id()));

      c.syncNow(ADMIN, GOOGLE);
      c.processWriteQueue(ADMIN);

      JsonNode event = google.event(eventId(booked.id())).orElseThrow();
      assertThat(event.path("status").asText()).isEqualTo("confirmed");
      assertThat(start(event)).isEqualTo(SLOT.start());
      assertThat(audit(c, AuditAction.MIRROR_RESTORED)).singleElement()
          .satisfies(e -> assertThat(e.details()).containsEntry("reason", "reverted: deleted at Google"));
    }

    @Test
    @DisplayName("with the raise-conflict rule, a mirror deleted in Google stays deleted and is raised")
    void deleteRaised() {
      SyncCoordinator c = coordinator(b -> b.mirrorRules(MirrorRule.SOURCE_WINS, MirrorRule.RAISE_CONFLICT));
      AppointmentView booked = c.book(DESK, BookingRequest.builder(LEE, SLOT).build());
      c.processWriteQueue(ADMIN);
      c.syncNow(ADMIN, GOOGLE);
      google.deleteAsPerson(eventId(booked.id()));
      c.syncNow(ADMIN, GOOGLE);
      c.processWriteQueue(ADMIN);
      assertThat(google.liveEvents()).isZero();
      assertThat(c.mirrorIssues(ADMIN)).extracting(MirrorIssue::kind).containsExactly(MirrorIssue.Kind.DELETED_AT_TARGET);
    }
  }

  @Test
  @DisplayName("a vendor's appointment is mirrored too; moved in ClinicSync it is flagged as a local change, not at the source")
  void localChangeFlagged() {
    FakeConnector sp = new FakeConnector("sp-lee", SourceSystem.SIMPLEPRACTICE);
    sp.put(Fixtures.appt(SourceSystem.SIMPLEPRACTICE, "sp-1001", "v1", LEE, SLOT.start(), 50));
    SyncCoordinator c = coordinator(b -> b.connectors(sp));
    c.syncNow(ADMIN, sp.id());
    AppointmentId id = c.aggregatedCalendar(ADMIN, AppointmentQuery.in(Fixtures.WEEK)).entries().get(0).appointment().id();
    assertThat(c.processWriteQueue(ADMIN).written()).as("mirrored like any appointment").isEqualTo(1);

    c.reschedule(DESK, id, TimeWindow.of(SLOT.start().plus(Duration.ofHours(3)), Duration.ofMinutes(50)));

    assertThat(c.mirrorIssues(ADMIN)).singleElement().satisfies(i -> {
      assertThat(i.kind()).isEqualTo(MirrorIssue.Kind.LOCAL_CHANGE_NOT_AT_SOURCE);
      assertThat(i.appointment()).contains(id);
      assertThat(i.target()).contains(sp.id());
    });
    assertThat(audit(c, AuditAction.RESCHEDULE_APPOINTMENT)).singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("source-note", "local change, not at the source"));
    c.processWriteQueue(ADMIN);
    assertThat(start(google.event(eventId(id)).orElseThrow())).isEqualTo(SLOT.start().plus(Duration.ofHours(3)));
  }

  @Test
  @DisplayName("a booking made in ClinicSync is not a local change of anyone's source")
  void ownBookingNotFlagged() {
    SyncCoordinator c = coordinator(b -> {});
    AppointmentView booked = c.book(DESK, BookingRequest.builder(LEE, SLOT).build());
    c.reschedule(DESK, booked.id(), TimeWindow.of(SLOT.start().plus(Duration.ofHours(3)), Duration.ofMinutes(50)));
    assertThat(c.mirrorIssues(ADMIN)).isEmpty();
  }

  @Test
  @DisplayName("two coordinators and a third writer on one calendar: the writes settle to zero")
  void noLoops() {
    SyncCoordinator a = coordinator("clinicsync-a", new InMemoryAppointmentStore(), b -> {});
    SyncCoordinator b = coordinator("clinicsync-b", new InMemoryAppointmentStore(), x -> {});
    a.book(DESK, BookingRequest.builder(LEE, SLOT).build());
    b.book(DESK, BookingRequest.builder(LEE, TimeWindow.of(SLOT.end(), Duration.ofMinutes(50))).build());
    google.createAsOtherTool("othertool001", "2026-03-04T15:00:00Z", "2026-03-04T16:00:00Z");

    List<Integer> writesPerRound = new ArrayList<>();
    for (int round = 0; round < 4; round++) {
      int before = google.apiWrites();
      for (SyncCoordinator c : List.of(a, b)) {
        c.syncNow(ADMIN, GOOGLE);
        c.processWriteQueue(ADMIN);
      }
      writesPerRound.add(google.apiWrites() - before);
      clock.advance(Duration.ofMinutes(15));
    }

    assertThat(writesPerRound).as("each mirror written once, then nothing").containsExactly(2, 0, 0, 0);
    assertThat(google.liveEvents()).isEqualTo(3);
    assertThat(a.aggregatedCalendar(ADMIN, AppointmentQuery.in(Fixtures.WEEK)).busyBlocks())
        .as("A sees B's mirror and the other tool's event as busy, never its own").hasSize(2);
    assertThat(audit(a, AuditAction.MIRROR_RESTORED)).isEmpty();
    assertThat(audit(b, AuditAction.MIRROR_RESTORED)).isEmpty();
  }
}
