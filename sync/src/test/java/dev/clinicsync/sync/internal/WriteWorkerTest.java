package dev.clinicsync.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.ConnectorAuthException;
import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditKeys;
import dev.clinicsync.core.audit.AuditLog;
import dev.clinicsync.core.connector.IdempotencyKey;
import dev.clinicsync.core.connector.MirrorWrite;
import dev.clinicsync.core.connector.MirrorWriter;
import dev.clinicsync.core.connector.WriteEcho;
import dev.clinicsync.core.connector.WriteOutcome;
import dev.clinicsync.core.memory.InMemoryAppointmentStore;
import dev.clinicsync.core.memory.InMemoryAuditSink;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.memory.InMemoryWriteQueue;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.phi.AesGcmPhiVault;
import dev.clinicsync.core.store.WriteJob;
import dev.clinicsync.core.testkit.MutableClock;
import dev.clinicsync.sync.writes.MirrorRule;
import dev.clinicsync.sync.writes.WriteRunReport;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The worker's retry and read-back decisions, against a scripted writer. */
class WriteWorkerTest {
  static final ConnectorId TARGET = ConnectorId.of("google-lee");
  static final ClinicianId LEE = ClinicianId.of("dr-lee");
  static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

  final MutableClock clock = new MutableClock(NOW);
  final InMemoryWriteQueue queue = new InMemoryWriteQueue(clock);
  final InMemoryAppointmentStore store = new InMemoryAppointmentStore();
  final InMemoryAuditSink sink = new InMemoryAuditSink();
  final ScriptedWriter writer = new ScriptedWriter();

  /** Answers creates from a script; reads from a settable mirror. */
  static final class ScriptedWriter implements MirrorWriter {
    final Deque<Supplier<WriteOutcome>> creates = new ArrayDeque<>();
    Optional<WriteEcho> mirror = Optional.empty();
    int createCalls;

    @Override
    public WriteOutcome create(MirrorWrite write) {
      createCalls++;
      return creates.pop().get();
    }

    @Override
    public WriteOutcome update(MirrorWrite write, String expectedVersion) {
      throw new AssertionError("no update expected");
    }

    @Override
    public WriteOutcome cancel(String target, AppointmentId appointment, String expectedVersion) {
      throw new AssertionError("no cancel expected");
    }

    @Override
    public Optional<WriteEcho> read(String target, AppointmentId appointment) {
      return mirror;
    }
  }

  WriteWorker worker(RandomGenerator random) {
    InMemoryClinicianDirectory directory = InMemoryClinicianDirectory.of(
        Clinician.of(LEE, "Dr Lee", ZoneId.of("America/New_York"), WeeklyAvailability.NONE));
    return new WriteWorker(queue, Map.of(TARGET, writer), Map.of(), store, directory, AesGcmPhiVault.withRandomKey(),
        new MirrorLedger(), new MirrorIssues(clock), new AuditLog(sink, AuditKeys.inProcess(), clock), clock, random,
        new WriteWorker.Settings("node-1", 10, Duration.ofMinutes(5), Duration.ofSeconds(2), Duration.ofMinutes(1), 3,
            MirrorRule.SOURCE_WINS, MirrorRule.SOURCE_WINS));
  }

  Appointment booked() {
    AppointmentId id = AppointmentId.of("appt-1");
    Appointment a = store.save(Appointment.builder().id(id).source(SourceRef.of(SourceSystem.INTERNAL, id.value()))
        .clinicianId(LEE).start(NOW.plus(Duration.ofDays(1))).end(NOW.plus(Duration.ofDays(1)).plusSeconds(3000))
        .status(AppointmentStatus.SCHEDULED).build());
    queue.enqueue(new WriteJob.Request(TARGET, id, WriteJob.Operation.UPSERT, IdempotencyKey.forAppointment(id).value(),
        Map.of(Outbox.PURPOSE, Outbox.MIRROR, Outbox.CALENDAR, "primary"), NOW));
    return a;
  }

  static WriteOutcome written() {
    return new WriteOutcome.Written(SourceRef.of(SourceSystem.GOOGLE, "evt").withVersion("\"1\""), true);
  }

  @Test
  @DisplayName("backoff is full jitter: uniformly below the doubling ceiling, capped")
  void fullJitter() {
    WriteWorker w = worker(new Random(3));
    for (int retry = 1; retry <= 12; retry++) {
      Duration ceiling = Duration.ofSeconds(2).multipliedBy(1L << Math.min(retry - 1, 20));
      Duration cap = ceiling.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : ceiling;
      for (int i = 0; i < 50; i++) {
        assertThat(w.backoff(retry)).isLessThan(cap).isGreaterThanOrEqualTo(Duration.ZERO);
      }
    }
    WriteWorker top = worker(() -> -1L); // nextDouble() just below 1
    assertThat(top.backoff(3)).isGreaterThan(Duration.ofMillis(7_999)).isLessThan(Duration.ofSeconds(8));
  }

  @Test
  @DisplayName("a Retry-After longer than the backoff is honoured exactly")
  void retryAfter() {
    booked();
    writer.creates.add(() -> {
      throw new RetryableConnectorException("google-lee", "rate limited", 429, null, Duration.ofSeconds(45), null);
    });
    WriteWorker w = worker(new Random(1));
    assertThat(w.runDue().retried()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(44));
    assertThat(w.runDue().attempted()).as("not due before the Retry-After").isZero();
    clock.advance(Duration.ofSeconds(1));
    writer.creates.add(WriteWorkerTest::written);
    assertThat(w.runDue().written()).isEqualTo(1);
  }

  @Test
  @DisplayName("an auth failure (re-consent needed) is dead-lettered at once, never retried, and audited")
  void authDeadLetters() {
    booked();
    writer.creates.add(() -> {
      throw new ConnectorAuthException("google-lee", "invalid_grant", 400, null, true, null);
    });
    assertThat(worker(new Random(1)).runDue().deadLettered()).isEqualTo(1);
    assertThat(queue.deadLetters()).singleElement().satisfies(j -> assertThat(j.lastError()).contains("auth-400"));
    assertThat(sink.read(1, 100)).extracting(e -> e.action()).contains(AuditAction.WRITE_DEAD_LETTERED);
    assertThat(writer.createCalls).isEqualTo(1);
  }

  @Test
  @DisplayName("an unknown outcome whose read-back finds no mirror is retried later, never re-sent in the same run")
  void unknownNotFound() {
    booked();
    writer.creates.add(() -> new WriteOutcome.Unknown(SourceRef.of(SourceSystem.GOOGLE, "evt")));
    WriteRunReport run = worker(new Random(1)).runDue();
    assertThat(run.retried()).isEqualTo(1);
    assertThat(writer.createCalls).isEqualTo(1);
    assertThat(queue.stats().depth()).isEqualTo(1);
  }

  @Test
  @DisplayName("the last attempt dead-letters the job with its last error")
  void maxAttempts() {
    booked();
    for (int i = 0; i < 3; i++) {
      writer.creates.add(() -> {
        throw new RetryableConnectorException("google-lee", "unavailable", 503, null, null, null);
      });
    }
    WriteWorker w = worker(new Random(1));
    for (int i = 0; i < 3; i++) {
      w.runDue();
      clock.advance(Duration.ofMinutes(2));
    }
    assertThat(queue.deadLetters()).singleElement().satisfies(j -> {
      assertThat(j.attempts()).isEqualTo(3);
      assertThat(j.lastError()).contains("retryable-503");
    });
    assertThat(writer.createCalls).isEqualTo(3);
  }
}
