package dev.clinicsync.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.ValidationException;
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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link WriteQueue} honours; "due" is judged by the given clock. Extend it with
 * a few lines that build a fresh, empty queue on the clock given.
 */
public abstract class WriteQueueContract {

  /** A new, empty queue that reads time from {@code clock}. */
  protected abstract WriteQueue newQueue(MutableClock clock);

  protected final MutableClock clock = MutableClock.at("2026-03-02T12:00:00Z");
  protected WriteQueue queue;

  protected static final ConnectorId GOOGLE = ConnectorId.of("google-dr-lee");
  protected static final ConnectorId VENDOR = ConnectorId.of("zocdoc-main");
  private static final Duration CLAIM = Duration.ofMinutes(1);

  @BeforeEach
  void createQueue() {
    queue = newQueue(clock);
  }

  private WriteJob.Request request(ConnectorId target, String appointment, Operation op, Map<String, String> attrs,
      Instant notBefore) {
    return new WriteJob.Request(target, AppointmentId.of(appointment), op, "key-" + appointment, attrs, notBefore);
  }

  private WriteJob.Request upsert(String appointment, Instant notBefore) {
    return request(GOOGLE, appointment, Operation.UPSERT, Map.of("revision", "1"), notBefore);
  }

  private WriteJob enqueue(WriteJob.Request r) {
    return queue.enqueue(r).job();
  }

  private List<WriteJob> claim(String worker, int max) {
    return queue.claim(GOOGLE, worker, max, CLAIM);
  }

  @Nested
  @DisplayName("claiming")
  class Claiming {
    @Test
    @DisplayName("a due job is claimed by one worker, then completed, and leaves the queue")
    void claimAndComplete() {
      WriteJob job = enqueue(upsert("a1", clock.instant()));
      assertThat(job.state()).isEqualTo(State.PENDING);
      assertThat(job.sequence()).isPositive();
      assertThat(queue.stats().depth()).isEqualTo(1);
      List<WriteJob> claimed = claim("w1", 10);
      assertThat(claimed).extracting(WriteJob::id).containsExactly(job.id());
      assertThat(claimed.get(0).state()).isEqualTo(State.IN_FLIGHT);
      assertThat(claimed.get(0).claimedBy()).contains("w1");
      assertThat(claim("w2", 10)).isEmpty();
      queue.complete(job.id(), "w1");
      assertThat(queue.find(job.id())).isEmpty();
      assertThat(queue.stats().depth()).isZero();
    }

    @Test
    @DisplayName("jobs are never claimed before their not-before time, and come in due order")
    void dueOrder() {
      WriteJob later = enqueue(upsert("a2", clock.instant().plusSeconds(60)));
      WriteJob sooner = enqueue(upsert("a1", clock.instant().plusSeconds(30)));
      assertThat(claim("w1", 10)).isEmpty();
      clock.advance(Duration.ofSeconds(60));
      assertThat(claim("w1", 10)).extracting(WriteJob::id).containsExactly(sooner.id(), later.id());
    }

    @Test
    @DisplayName("claims respect the batch size")
    void batchSize() {
      for (int i = 0; i < 5; i++) {
        enqueue(upsert("a" + i, clock.instant()));
      }
      assertThat(claim("w1", 2)).hasSize(2);
      assertThat(claim("w2", 10)).hasSize(3);
    }

    @Test
    @DisplayName("a claim is per target: another target's jobs are left for its own worker")
    void perTarget() {
      WriteJob google = enqueue(upsert("a1", clock.instant()));
      WriteJob vendor = enqueue(request(VENDOR, "a1", Operation.UPSERT, Map.of(), clock.instant()));
      assertThat(claim("w1", 10)).extracting(WriteJob::id).containsExactly(google.id());
      assertThat(queue.claim(VENDOR, "w1", 10, CLAIM)).extracting(WriteJob::id).containsExactly(vendor.id());
    }

    @Test
    @DisplayName("a lapsed claim (the worker died) is claimable again, and the old worker can no longer finish it")
    void lapsedClaim() {
      WriteJob job = enqueue(upsert("a1", clock.instant()));
      claim("w1", 1);
      clock.advance(CLAIM.plusSeconds(1));
      assertThat(claim("w2", 1)).extracting(WriteJob::id).containsExactly(job.id());
      assertThatThrownBy(() -> queue.complete(job.id(), "w1")).isInstanceOf(StorageConflictException.class);
      queue.complete(job.id(), "w2");
    }

    @Test
    @DisplayName("only the claiming worker may complete, retry or park a job")
    void wrongWorker() {
      WriteJob job = enqueue(upsert("a1", clock.instant()));
      assertThatThrownBy(() -> queue.complete(job.id(), "w1")).isInstanceOf(StorageConflictException.class);
      claim("w1", 1);
      assertThatThrownBy(() -> queue.complete(job.id(), "w2")).isInstanceOf(StorageConflictException.class);
      assertThatThrownBy(() -> queue.retryLater(job.id(), "w2", clock.instant(), "x"))
          .isInstanceOf(StorageConflictException.class);
      assertThatThrownBy(() -> queue.deadLetter(job.id(), "w2", "x")).isInstanceOf(StorageConflictException.class);
    }

    @Test
    @DisplayName("a claim of no jobs or for no time is refused")
    void badClaim() {
      assertThatThrownBy(() -> queue.claim(GOOGLE, "w1", 0, CLAIM)).isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> queue.claim(GOOGLE, "w1", 1, Duration.ZERO)).isInstanceOf(ValidationException.class);
    }
  }

  @Nested
  @DisplayName("ordering per appointment")
  class Ordering {
    @Test
    @DisplayName("a cancel waits behind its create, even when the create is retrying later")
    void cancelNeverOvertakesCreate() {
      WriteJob create = enqueue(upsert("a1", clock.instant()));
      claim("w1", 1);
      queue.retryLater(create.id(), "w1", clock.instant().plusSeconds(300), "http-503");
      WriteJob cancel = enqueue(request(GOOGLE, "a1", Operation.CANCEL, Map.of(), clock.instant()));
      assertThat(cancel.id()).isNotEqualTo(create.id());
      assertThat(claim("w1", 10)).isEmpty();
      clock.advance(Duration.ofSeconds(300));
      assertThat(claim("w1", 10)).extracting(WriteJob::id).containsExactly(create.id());
      queue.complete(create.id(), "w1");
      assertThat(claim("w1", 10)).extracting(WriteJob::id).containsExactly(cancel.id());
    }

    @Test
    @DisplayName("writes for one appointment never run concurrently")
    void noConcurrentSameKey() {
      WriteJob first = enqueue(upsert("a1", clock.instant()));
      claim("w1", 1);
      WriteJob second = enqueue(upsert("a1", clock.instant()));
      assertThat(second.id()).isNotEqualTo(first.id());
      assertThat(claim("w2", 10)).isEmpty();
      queue.complete(first.id(), "w1");
      assertThat(claim("w2", 10)).extracting(WriteJob::id).containsExactly(second.id());
    }

    @Test
    @DisplayName("a dead job keeps its place: later jobs of its appointment wait until it is retried or discarded")
    void deadBlocks() {
      WriteJob create = enqueue(upsert("a1", clock.instant()));
      claim("w1", 1);
      queue.deadLetter(create.id(), "w1", "http-403");
      WriteJob cancel = enqueue(request(GOOGLE, "a1", Operation.CANCEL, Map.of(), clock.instant()));
      WriteJob other = enqueue(upsert("a2", clock.instant()));
      assertThat(claim("w1", 10)).extracting(WriteJob::id).containsExactly(other.id());
      queue.discardDead(create.id());
      assertThat(claim("w1", 10)).extracting(WriteJob::id).containsExactly(cancel.id());
    }

    @Test
    @DisplayName("a newer update supersedes an older one still waiting: one job, the newer attributes")
    void supersede() {
      WriteJob first = enqueue(upsert("a1", clock.instant()));
      WriteQueue.Enqueued second = queue.enqueue(request(GOOGLE, "a1", Operation.UPSERT, Map.of("revision", "2"),
          clock.instant()));
      assertThat(second.job().id()).isEqualTo(first.id());
      assertThat(second.job().sequence()).isEqualTo(first.sequence());
      assertThat(second.job().attributes()).containsEntry("revision", "2");
      assertThat(second.superseded()).contains(first);
      assertThat(queue.stats().depth()).isEqualTo(1);
    }

    @Test
    @DisplayName("a superseding update keeps a retrying job's backoff and attempts")
    void supersedeKeepsBackoff() {
      WriteJob first = enqueue(upsert("a1", clock.instant()));
      claim("w1", 1);
      queue.retryLater(first.id(), "w1", clock.instant().plusSeconds(90), "http-429");
      WriteJob merged = queue.enqueue(request(GOOGLE, "a1", Operation.UPSERT, Map.of("revision", "3"),
          clock.instant())).job();
      assertThat(merged.id()).isEqualTo(first.id());
      assertThat(merged.attempts()).isEqualTo(1);
      assertThat(merged.notBefore()).isEqualTo(clock.instant().plusSeconds(90));
      assertThat(merged.lastError()).contains("http-429");
    }

    @Test
    @DisplayName("a cancel does not merge into a waiting create: both run, in order")
    void cancelAfterWaitingCreate() {
      WriteJob create = enqueue(upsert("a1", clock.instant()));
      WriteJob cancel = enqueue(request(GOOGLE, "a1", Operation.CANCEL, Map.of(), clock.instant()));
      assertThat(cancel.id()).isNotEqualTo(create.id());
      assertThat(cancel.sequence()).isGreaterThan(create.sequence());
      assertThat(claim("w1", 10)).extracting(WriteJob::id).containsExactly(create.id());
    }

    @Test
    @DisplayName("an update behind a cancel is a new job, not merged into an older update")
    void noMergeAcrossCancel() {
      WriteJob create = enqueue(upsert("a1", clock.instant()));
      WriteJob cancel = enqueue(request(GOOGLE, "a1", Operation.CANCEL, Map.of(), clock.instant()));
      WriteJob rebook = enqueue(upsert("a1", clock.instant()));
      assertThat(List.of(create.id(), cancel.id(), rebook.id())).doesNotHaveDuplicates();
      assertThat(queue.stats().depth()).isEqualTo(3);
    }
  }

  @Nested
  @DisplayName("failures and dead letters")
  class Failures {
    @Test
    @DisplayName("a failed attempt is counted and retried at the given time")
    void retryLater() {
      WriteJob job = enqueue(upsert("a1", clock.instant()));
      claim("w1", 1);
      queue.retryLater(job.id(), "w1", clock.instant().plusSeconds(120), "http-503");
      WriteJob after = queue.find(job.id()).orElseThrow();
      assertThat(after.state()).isEqualTo(State.PENDING);
      assertThat(after.attempts()).isEqualTo(1);
      assertThat(after.lastError()).contains("http-503");
      assertThat(claim("w1", 1)).isEmpty();
      clock.advance(Duration.ofSeconds(120));
      assertThat(claim("w1", 1)).hasSize(1);
    }

    @Test
    @DisplayName("a dead-lettered job is listed with its last error, and an admin can retry it")
    void deadLetterRetry() {
      WriteJob job = enqueue(upsert("a1", clock.instant()));
      claim("w1", 1);
      queue.deadLetter(job.id(), "w1", "http-403");
      assertThat(queue.deadLetters()).singleElement().satisfies(d -> {
        assertThat(d.id()).isEqualTo(job.id());
        assertThat(d.attempts()).isEqualTo(1);
        assertThat(d.lastError()).contains("http-403");
      });
      assertThat(queue.stats().depth()).isZero();
      assertThat(queue.stats().deadLetters()).isEqualTo(1);
      WriteJob requeued = queue.retryDead(job.id());
      assertThat(queue.deadLetters()).isEmpty();
      assertThat(requeued.state()).isEqualTo(State.PENDING);
      assertThat(requeued.attempts()).isZero();
      assertThat(queue.find(job.id())).contains(requeued);
      assertThat(claim("w1", 1)).hasSize(1);
    }

    @Test
    @DisplayName("a dead-lettered job can be discarded; only dead jobs can be retried or discarded")
    void discard() {
      WriteJob job = enqueue(upsert("a1", clock.instant()));
      assertThatThrownBy(() -> queue.retryDead(job.id())).isInstanceOf(StorageConflictException.class);
      assertThatThrownBy(() -> queue.discardDead(job.id())).isInstanceOf(StorageConflictException.class);
      claim("w1", 1);
      queue.deadLetter(job.id(), "w1", "http-403");
      assertThat(queue.discardDead(job.id()).id()).isEqualTo(job.id());
      assertThat(queue.find(job.id())).isEmpty();
      assertThat(queue.stats().deadLetters()).isZero();
    }
  }

  @Nested
  @DisplayName("undo and health")
  class UndoAndHealth {
    @Test
    @DisplayName("reverting an enqueue removes the job it added")
    void revertAdded() {
      WriteQueue.Enqueued e = queue.enqueue(upsert("a1", clock.instant()));
      queue.revert(e);
      assertThat(queue.find(e.job().id())).isEmpty();
      assertThat(queue.stats().depth()).isZero();
      assertThat(claim("w1", 10)).isEmpty();
    }

    @Test
    @DisplayName("reverting a superseding enqueue puts the older job back as it was")
    void revertSuperseding() {
      WriteJob first = enqueue(upsert("a1", clock.instant()));
      WriteQueue.Enqueued e = queue.enqueue(request(GOOGLE, "a1", Operation.UPSERT, Map.of("revision", "2"),
          clock.instant()));
      queue.revert(e);
      assertThat(queue.find(first.id())).contains(first);
    }

    @Test
    @DisplayName("an enqueue cannot be reverted once its job was claimed")
    void revertClaimed() {
      WriteQueue.Enqueued e = queue.enqueue(upsert("a1", clock.instant()));
      claim("w1", 1);
      assertThatThrownBy(() -> queue.revert(e)).isInstanceOf(StorageConflictException.class);
    }

    @Test
    @DisplayName("the stats give depth, the oldest pending job's age and the dead-letter count")
    void stats() {
      assertThat(queue.stats().oldestPending()).isEmpty();
      assertThat(queue.stats().oldestPendingAge(clock.instant())).isZero();
      enqueue(upsert("a1", clock.instant()));
      Instant first = clock.instant();
      clock.advance(Duration.ofMinutes(5));
      WriteJob second = enqueue(upsert("a2", clock.instant()));
      clock.advance(Duration.ofMinutes(5));
      WriteQueue.Stats stats = queue.stats();
      assertThat(stats.depth()).isEqualTo(2);
      assertThat(stats.oldestPending()).contains(first);
      assertThat(stats.oldestPendingAge(clock.instant())).isEqualTo(Duration.ofMinutes(10));
      List<WriteJob> claimed = claim("w1", 10);
      assertThat(claimed).hasSize(2);
      queue.deadLetter(claimed.get(0).id(), "w1", "http-400");
      stats = queue.stats();
      assertThat(stats.depth()).isEqualTo(1);
      assertThat(stats.deadLetters()).isEqualTo(1);
      assertThat(stats.oldestPending()).contains(second.createdAt());
    }
  }
}
