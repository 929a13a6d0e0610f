package dev.clinicsync.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable outbound write jobs.
 *
 * <p>Contract: a job is claimed by one worker at a time; a claim that lapses (the worker died)
 * makes the job claimable again; jobs are claimed in {@code notBefore} order and never before
 * it; enqueueing a request whose idempotency key matches a pending job returns that job with the
 * newer request's operation and attributes instead of adding a second one (a job already in
 * flight is not changed under its worker: a new job is added, and it is not claimed while the
 * other is in flight, so writes for one key never run concurrently).
 */
public interface WriteQueue {

  /** Adds a job, or coalesces into a pending job with the same idempotency key. */
  WriteJob enqueue(WriteJob.Request request);

  /**
   * Claims up to {@code max} due jobs for {@code worker}, for {@code claimFor}.
   *
   * @return the claimed jobs, in {@code notBefore} order; empty when none is due
   */
  List<WriteJob> claim(String worker, int max, Duration claimFor);

  /** Marks a claimed job done. */
  void complete(String jobId, String worker);

  /** Records a failed attempt and makes the job due again at {@code retryAt}. */
  void retryLater(String jobId, String worker, Instant retryAt, String error);

  /** Parks a job after its last attempt. */
  void deadLetter(String jobId, String worker, String error);

  /** Parked jobs, oldest first. */
  List<WriteJob> deadLetters();

  /** Puts a parked job back in the queue, due now, with its attempts reset. */
  void requeue(String jobId);

  Optional<WriteJob> find(String jobId);

  /** Jobs pending or in flight. */
  long depth();
}
