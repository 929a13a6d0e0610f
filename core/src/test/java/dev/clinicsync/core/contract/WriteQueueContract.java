package dev.clinicsync.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.store.WriteJob;
import dev.clinicsync.core.store.WriteJob.Operation;
import dev.clinicsync.core.store.WriteJob.State;
import dev.clinicsync.core.store.WriteQueue;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The contract every {@link WriteQueue} honours; "due" is judged by the given clock. */
public abstract class WriteQueueContract {

  /** A new, empty queue that reads time from {@code clock}. */
  protected abstract WriteQueue newQueue(MutableClock clock);

  protected final MutableClock clock = MutableClock.at("2026-03-02T12:00:00Z");
  protected WriteQueue queue;

  private static final Duration CLAIM = Duration.ofMinutes(1);

  @BeforeEach
  void createQueue() {
    queue = newQueue(clock);
  }

  private WriteJob.Request request(String appointment, Instant notBefore) {
    return new WriteJob.Request(ConnectorId.of("google-dr-lee"), AppointmentId.of(appointment), Operation.UPSERT,
        "key-" + appointment, Map.of("etag", "\"e1\""), notBefore);
  }

  @Test
  @DisplayName("a due job is claimed by one worker, then completed")
  void claimAndComplete() {
    WriteJob job = queue.enqueue(request("a1", clock.instant()));
    assertThat(job.state()).isEqualTo(State.PENDING);
    assertThat(queue.depth()).isEqualTo(1);
    List<WriteJob> claimed = queue.claim("w1", 10, CLAIM);
    assertThat(claimed).extracting(WriteJob::id).containsExactly(job.id());
    assertThat(claimed.get(0).state()).isEqualTo(State.IN_FLIGHT);
    assertThat(claimed.get(0).claimedBy()).contains("w1");
    assertThat(queue.claim("w2", 10, CLAIM)).isEmpty();
    queue.complete(job.id(), "w1");
    assertThat(queue.find(job.id()).orElseThrow().state()).isEqualTo(State.DONE);
    assertThat(queue.depth()).isZero();
  }

  @Test
  @DisplayName("jobs are never claimed before their not-before time, and come in due order")
  void dueOrder() {
    WriteJob later = queue.enqueue(request("a2", clock.instant().plusSeconds(60)));
    WriteJob sooner = queue.enqueue(request("a1", clock.instant().plusSeconds(30)));
    assertThat(queue.claim("w1", 10, CLAIM)).isEmpty();
    clock.advance(Duration.ofSeconds(60));
    assertThat(queue.claim("w1", 10, CLAIM)).extracting(WriteJob::id).containsExactly(sooner.id(), later.id());
  }

  @Test
  @DisplayName("claims respect the batch size")
  void batchSize() {
    for (int i = 0; i < 5; i++) {
      queue.enqueue(request("a" + i, clock.instant()));
    }
    assertThat(queue.claim("w1", 2, CLAIM)).hasSize(2);
    assertThat(queue.claim("w2", 10, CLAIM)).hasSize(3);
  }

  @Test
  @DisplayName("a failed attempt is counted and retried at the given time")
  void retryLater() {
    WriteJob job = queue.enqueue(request("a1", clock.instant()));
    queue.claim("w1", 1, CLAIM);
    queue.retryLater(job.id(), "w1", clock.instant().plusSeconds(120), "HTTP 503");
    WriteJob after = queue.find(job.id()).orElseThrow();
    assertThat(after.state()).isEqualTo(State.PENDING);
    assertThat(after.attempts()).isEqualTo(1);
    assertThat(after.lastError()).contains("HTTP 503");
    assertThat(queue.claim("w1", 1, CLAIM)).isEmpty();
    clock.advance(Duration.ofSeconds(120));
    assertThat(queue.claim("w1", 1, CLAIM)).hasSize(1);
  }

  @Test
  @DisplayName("a lapsed claim (the worker died) is claimable again, and the old worker can no longer finish it")
  void lapsedClaim() {
    WriteJob job = queue.enqueue(request("a1", clock.instant()));
    queue.claim("w1", 1, CLAIM);
    clock.advance(CLAIM.plusSeconds(1));
    assertThat(queue.claim("w2", 1, CLAIM)).extracting(WriteJob::id).containsExactly(job.id());
    assertThatThrownBy(() -> queue.complete(job.id(), "w1")).isInstanceOf(StorageConflictException.class);
    queue.complete(job.id(), "w2");
  }

  @Test
  @DisplayName("a dead-lettered job is listed, and an admin can requeue it")
  void deadLetter() {
    WriteJob job = queue.enqueue(request("a1", clock.instant()));
    queue.claim("w1", 1, CLAIM);
    queue.deadLetter(job.id(), "w1", "HTTP 403 forbidden");
    assertThat(queue.deadLetters()).extracting(WriteJob::id).containsExactly(job.id());
    assertThat(queue.depth()).isZero();
    queue.requeue(job.id());
    assertThat(queue.deadLetters()).isEmpty();
    WriteJob requeued = queue.find(job.id()).orElseThrow();
    assertThat(requeued.state()).isEqualTo(State.PENDING);
    assertThat(requeued.attempts()).isZero();
    assertThat(queue.claim("w1", 1, CLAIM)).hasSize(1);
  }

  @Test
  @DisplayName("a second request with the same idempotency key coalesces into the pending job")
  void coalesce() {
    WriteJob first = queue.enqueue(request("a1", clock.instant()));
    WriteJob.Request cancel = new WriteJob.Request(first.target(), first.appointmentId(), Operation.CANCEL,
        first.idempotencyKey(), Map.of(), clock.instant());
    WriteJob second = queue.enqueue(cancel);
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(second.operation()).isEqualTo(Operation.CANCEL);
    assertThat(queue.depth()).isEqualTo(1);
  }

  @Test
  @DisplayName("writes for one key never run concurrently")
  void noConcurrentSameKey() {
    WriteJob first = queue.enqueue(request("a1", clock.instant()));
    queue.claim("w1", 1, CLAIM);
    WriteJob second = queue.enqueue(request("a1", clock.instant()));
    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(queue.claim("w2", 10, CLAIM)).isEmpty();
    queue.complete(first.id(), "w1");
    assertThat(queue.claim("w2", 10, CLAIM)).extracting(WriteJob::id).containsExactly(second.id());
  }

  @Test
  @DisplayName("only the claiming worker may complete, retry or park a job")
  void wrongWorker() {
    WriteJob job = queue.enqueue(request("a1", clock.instant()));
    assertThatThrownBy(() -> queue.complete(job.id(), "w1")).isInstanceOf(StorageConflictException.class);
    queue.claim("w1", 1, CLAIM);
    assertThatThrownBy(() -> queue.complete(job.id(), "w2")).isInstanceOf(StorageConflictException.class);
    assertThatThrownBy(() -> queue.retryLater(job.id(), "w2", clock.instant(), "x")).isInstanceOf(StorageConflictException.class);
    assertThatThrownBy(() -> queue.deadLetter(job.id(), "w2", "x")).isInstanceOf(StorageConflictException.class);
  }
}
