package dev.clinicsync.core.store;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.ConnectorId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable outbound write jobs: the outbox of every mirror write (create, update, cancel) and every
 * write-back to a vendor. The coordinator enqueues a job in the same unit of work as the change
 * that causes it; workers claim jobs per target in small batches.
 *
 * <p>Contract, for every implementation (checked by {@code WriteQueueContract} in the core
 * test-jar):
 * <ul>
 *   <li><b>Ordering.</b> Jobs with the same {@link WriteJob#orderingKey() target and idempotency
 *       key} (one appointment at one target) run one at a time in {@link WriteJob#sequence()}
 *       order: a job is claimable only when no earlier job of its key is still in the queue —
 *       pending, in flight or dead. A cancel never overtakes its create.
 *   <li><b>Superseding.</b> Enqueueing a request whose key's newest job is pending (not in
 *       flight, not dead) with the same operation replaces that job's attributes instead of adding
 *       a second one (a newer update supersedes an older one still waiting); the job keeps its id,
 *       sequence, attempts and last error, and its not-before time unless it has not been tried
 *       yet (then the earlier of the two). Any other request adds a job behind the key's others.
 *   <li><b>Claims.</b> {@link #claim} hands out due jobs of one target, earliest {@code notBefore}
 *       first (then sequence), to one worker at a time; a claim that lapses (the worker died) makes
 *       the job claimable again, and the old worker can no longer complete, retry or park it.
 *   <li><b>Leaving.</b> A completed or discarded job leaves the queue ({@link #find} is empty).
 *   <li><b>Undo.</b> {@link #revert} takes back an enqueue whose change was not stored (stores
 *       without transactions compensate; a transactional implementation may instead enqueue inside
 *       the caller's transaction and roll back with it).
 * </ul>
 * Errors stored with a job are PHI-free (a status code, an exception type, a fixed phrase).
 */
public interface WriteQueue {

  /** The batch size a worker claims per target unless configured otherwise. */
  int DEFAULT_BATCH = 10;

  /**
   * Adds a job, or supersedes the pending newest job of the same key and operation.
   *
   * @return the job as queued now, and what it replaced
   */
  Enqueued enqueue(WriteJob.Request request);

  /**
   * Takes back an {@link #enqueue}: removes the job it added, or puts back the job it superseded.
   *
   * @throws dev.clinicsync.core.StorageConflictException when the job was claimed or changed since
   */
  void revert(Enqueued enqueued);

  /**
   * Claims up to {@code max} due jobs of {@code target} for {@code worker}, for {@code claimFor}.
   *
   * @return the claimed jobs, earliest {@code notBefore} first; empty when none is due
   */
  List<WriteJob> claim(ConnectorId target, String worker, int max, Duration claimFor);

  /** Marks a claimed job done: it leaves the queue and the next job of its key may run. */
  void complete(String jobId, String worker);

  /** Records a failed attempt (PHI-free {@code error}) and makes the job due again at {@code retryAt}. */
  void retryLater(String jobId, String worker, Instant retryAt, String error);

  /** Parks a claimed job after its last attempt, counting the attempt, with its PHI-free last error. */
  void deadLetter(String jobId, String worker, String error);

  /** Parked jobs, oldest first (by sequence). */
  List<WriteJob> deadLetters();

  /**
   * Puts a parked job back in the queue, due now, with its attempts reset (its last error kept).
   *
   * @return the job as queued now
   * @throws dev.clinicsync.core.StorageConflictException when it is not dead-lettered
   */
  WriteJob retryDead(String jobId);

  /**
   * Removes a parked job for good; the next job of its key may run.
   *
   * @return the job removed
   * @throws dev.clinicsync.core.StorageConflictException when it is not dead-lettered
   */
  WriteJob discardDead(String jobId);

  /** A job still in the queue (pending, in flight or dead). */
  Optional<WriteJob> find(String jobId);

  /** Depth, oldest pending job and dead letters, read at once. */
  Stats stats();

  /**
   * What {@link #enqueue} did.
   *
   * @param job the job as queued now
   * @param superseded the pending job it replaced, as it was; empty when a job was added
   */
  record Enqueued(WriteJob job, Optional<WriteJob> superseded) {
    public Enqueued {
      Checks.notNull(job, "enqueued job");
      Checks.notNull(superseded, "superseded job");
    }
  }

  /**
   * The queue's health.
   *
   * @param depth jobs pending or in flight
   * @param oldestPending the creation time of the oldest job pending or in flight; empty when none
   * @param deadLetters jobs parked after their last attempt
   */
  record Stats(long depth, Optional<Instant> oldestPending, long deadLetters) {
    public Stats {
      if (depth < 0 || deadLetters < 0) {
        throw new ValidationException("queue counts must not be negative");
      }
      Checks.notNull(oldestPending, "oldest pending job time");
    }

    /** How long the oldest pending job has waited at {@code now}; zero when none is pending. */
    public Duration oldestPendingAge(Instant now) {
      return oldestPending.map(t -> t.isAfter(now) ? Duration.ZERO : Duration.between(t, now)).orElse(Duration.ZERO);
    }
  }
}
