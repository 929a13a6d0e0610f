package dev.clinicsync.core.memory;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.store.WriteJob;
import dev.clinicsync.core.store.WriteJob.State;
import dev.clinicsync.core.store.WriteQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A {@link WriteQueue} in memory; "due" and claim expiry are judged by the given clock. Jobs are
 * kept per ordering key, so a claim looks only at the head job of each key.
 */
public final class InMemoryWriteQueue implements WriteQueue {
  private static final Comparator<WriteJob> DUE_ORDER =
      Comparator.comparing(WriteJob::notBefore).thenComparingLong(WriteJob::sequence);

  private final Clock clock;
  private final Map<String, WriteJob> byId = new HashMap<>();
  /** Per ordering key, its jobs by sequence; a key with no job left is removed. */
  private final Map<String, TreeMap<Long, WriteJob>> byKey = new LinkedHashMap<>();
  private long sequence;

  public InMemoryWriteQueue(Clock clock) {
    this.clock = Checks.notNull(clock, "clock");
  }

  @Override
  public synchronized Enqueued enqueue(WriteJob.Request request) {
    Checks.notNull(request, "write request");
    String key = request.target().value() + '/' + request.idempotencyKey();
    TreeMap<Long, WriteJob> jobs = byKey.get(key);
    if (jobs != null) {
      WriteJob newest = jobs.lastEntry().getValue();
      if (newest.state() == State.PENDING && newest.operation() == request.operation()) {
        Instant notBefore = newest.attempts() == 0 && request.notBefore().isBefore(newest.notBefore())
            ? request.notBefore() : newest.notBefore();
        WriteJob merged = new WriteJob(newest.id(), newest.sequence(), newest.target(), request.appointmentId(),
            newest.operation(), newest.idempotencyKey(), request.attributes(), State.PENDING, newest.attempts(),
            newest.createdAt(), notBefore, Optional.empty(), Optional.empty(), newest.lastError());
        put(merged);
        return new Enqueued(merged, Optional.of(newest));
      }
    }
    WriteJob job = new WriteJob(UUID.randomUUID().toString(), ++sequence, request.target(), request.appointmentId(),
        request.operation(), request.idempotencyKey(), request.attributes(), State.PENDING, 0, clock.instant(),
        request.notBefore(), Optional.empty(), Optional.empty(), Optional.empty());
    put(job);
    return new Enqueued(job, Optional.empty());
  }

  @Override
  public synchronized void revert(Enqueued enqueued) {
    Checks.notNull(enqueued, "enqueued job");
    WriteJob job = enqueued.job();
    WriteJob now = byId.get(job.id());
    if (now == null || !now.equals(job)) {
      throw new StorageConflictException(job.id(), "write job " + job.id() + " changed since it was enqueued");
    }
    if (enqueued.superseded().isPresent()) {
      put(enqueued.superseded().get());
    } else {
      remove(job);
    }
  }

  @Override
  public synchronized List<WriteJob> claim(ConnectorId target, String worker, int max, Duration claimFor) {
    Checks.notNull(target, "claim target");
    Checks.notBlank(worker, "worker");
    if (max <= 0) {
      throw new ValidationException("claim size must be positive: " + max);
    }
    Checks.notNull(claimFor, "claim duration");
    if (claimFor.isNegative() || claimFor.isZero()) {
      throw new ValidationException("claim duration must be positive: " + claimFor);
    }
    Instant now = clock.instant();
    List<WriteJob> due = new ArrayList<>();
    for (TreeMap<Long, WriteJob> jobs : byKey.values()) {
      WriteJob head = jobs.firstEntry().getValue(); // only the head of a key may run
      if (!head.target().equals(target)) {
        continue;
      }
      boolean lapsed = head.state() == State.IN_FLIGHT && !head.claimExpiresAt().orElseThrow().isAfter(now);
      if (head.isDue(now) || lapsed) {
        due.add(head);
      }
    }
    due.sort(DUE_ORDER);
    List<WriteJob> claimed = new ArrayList<>(Math.min(max, due.size()));
    for (WriteJob job : due) {
      if (claimed.size() == max) {
        break;
      }
      WriteJob c = with(job, State.IN_FLIGHT, job.attempts(), job.notBefore(),
          Optional.of(worker), Optional.of(now.plus(claimFor)), job.lastError());
      put(c);
      claimed.add(c);
    }
    return List.copyOf(claimed);
  }

  @Override
  public synchronized void complete(String jobId, String worker) {
    remove(claimedBy(jobId, worker));
  }

  @Override
  public synchronized void retryLater(String jobId, String worker, Instant retryAt, String error) {
    Checks.notNull(retryAt, "retry time");
    Checks.notBlank(error, "error");
    WriteJob job = claimedBy(jobId, worker);
    put(with(job, State.PENDING, job.attempts() + 1, retryAt, Optional.empty(), Optional.empty(), Optional.of(error)));
  }

  @Override
  public synchronized void deadLetter(String jobId, String worker, String error) {
    Checks.notBlank(error, "error");
    WriteJob job = claimedBy(jobId, worker);
    put(with(job, State.DEAD, job.attempts() + 1, job.notBefore(), Optional.empty(), Optional.empty(),
        Optional.of(error)));
  }

  @Override
  public synchronized List<WriteJob> deadLetters() {
    List<WriteJob> out = new ArrayList<>();
    for (WriteJob job : byId.values()) {
      if (job.state() == State.DEAD) {
        out.add(job);
      }
    }
    out.sort(Comparator.comparingLong(WriteJob::sequence));
    return List.copyOf(out);
  }

  @Override
  public synchronized WriteJob retryDead(String jobId) {
    WriteJob job = dead(jobId);
    WriteJob requeued = with(job, State.PENDING, 0, clock.instant(), Optional.empty(), Optional.empty(), job.lastError());
    put(requeued);
    return requeued;
  }

  @Override
  public synchronized WriteJob discardDead(String jobId) {
    WriteJob job = dead(jobId);
    remove(job);
    return job;
  }

  @Override
  public synchronized Optional<WriteJob> find(String jobId) {
    return Optional.ofNullable(byId.get(jobId));
  }

  @Override
  public synchronized Stats stats() {
    long depth = 0;
    long dead = 0;
    Instant oldest = null;
    for (WriteJob job : byId.values()) {
      if (job.state() == State.DEAD) {
        dead++;
      } else {
        depth++;
        if (oldest == null || job.createdAt().isBefore(oldest)) {
          oldest = job.createdAt();
        }
      }
    }
    return new Stats(depth, Optional.ofNullable(oldest), dead);
  }

  private void put(WriteJob job) {
    byId.put(job.id(), job);
    byKey.computeIfAbsent(job.orderingKey(), k -> new TreeMap<>()).put(job.sequence(), job);
  }

  private void remove(WriteJob job) {
    byId.remove(job.id());
    TreeMap<Long, WriteJob> jobs = byKey.get(job.orderingKey());
    if (jobs != null) {
      jobs.remove(job.sequence());
      if (jobs.isEmpty()) {
        byKey.remove(job.orderingKey());
      }
    }
  }

  private WriteJob dead(String jobId) {
    WriteJob job = byId.get(Checks.notBlank(jobId, "write job id"));
    if (job == null || job.state() != State.DEAD) {
      throw new StorageConflictException(jobId, "write job " + jobId + " is not dead-lettered");
    }
    return job;
  }

  private WriteJob claimedBy(String jobId, String worker) {
    WriteJob job = byId.get(jobId);
    if (job == null || job.state() != State.IN_FLIGHT || !job.claimedBy().orElseThrow().equals(worker)) {
      throw new StorageConflictException(jobId, "write job " + jobId + " is not claimed by " + worker);
    }
    return job;
  }

  private static WriteJob with(WriteJob j, State state, int attempts, Instant notBefore,
      Optional<String> claimedBy, Optional<Instant> claimExpiresAt, Optional<String> lastError) {
    return new WriteJob(j.id(), j.sequence(), j.target(), j.appointmentId(), j.operation(), j.idempotencyKey(),
        j.attributes(), state, attempts, j.createdAt(), notBefore, claimedBy, claimExpiresAt, lastError);
  }
}
