package dev.clinicsync.core.memory;

import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.store.WriteJob;
import dev.clinicsync.core.store.WriteJob.State;
import dev.clinicsync.core.store.WriteQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A {@link WriteQueue} in memory; "due" and claim expiry are judged by the given clock. */
public final class InMemoryWriteQueue implements WriteQueue {
  private static final Comparator<WriteJob> DUE_ORDER =
      Comparator.comparing(WriteJob::notBefore).thenComparing(WriteJob::createdAt).thenComparing(WriteJob::id);

  private final Clock clock;
  private final Map<String, WriteJob> jobs = new LinkedHashMap<>();

  public InMemoryWriteQueue(Clock clock) {
    this.clock = Checks.notNull(clock, "clock");
  }

  @Override
  public synchronized WriteJob enqueue(WriteJob.Request request) {
    Checks.notNull(request, "write request");
    for (WriteJob job : jobs.values()) {
      if (job.idempotencyKey().equals(request.idempotencyKey()) && job.state() == State.PENDING) {
        WriteJob merged = new WriteJob(job.id(), request.target(), request.appointmentId(), request.operation(),
            job.idempotencyKey(), request.attributes(), State.PENDING, job.attempts(), job.createdAt(),
            min(job.notBefore(), request.notBefore()), Optional.empty(), Optional.empty(), job.lastError());
        jobs.put(job.id(), merged);
        return merged;
      }
    }
    WriteJob job = new WriteJob(UUID.randomUUID().toString(), request.target(), request.appointmentId(),
        request.operation(), request.idempotencyKey(), request.attributes(), State.PENDING, 0, clock.instant(),
        request.notBefore(), Optional.empty(), Optional.empty(), Optional.empty());
    jobs.put(job.id(), job);
    return job;
  }

  @Override
  public synchronized List<WriteJob> claim(String worker, int max, Duration claimFor) {
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
    for (WriteJob job : jobs.values()) {
      boolean pendingDue = job.state() == State.PENDING && !job.notBefore().isAfter(now);
      boolean claimLapsed = job.state() == State.IN_FLIGHT && !job.claimExpiresAt().orElseThrow().isAfter(now);
      if ((pendingDue || claimLapsed) && !inFlightWithSameKey(job)) {
        due.add(job);
      }
    }
    due.sort(DUE_ORDER);
    List<WriteJob> claimed = new ArrayList<>();
    for (WriteJob job : due) {
      if (claimed.size() == max) {
        break;
      }
      WriteJob c = withState(job, State.IN_FLIGHT, job.attempts(), job.notBefore(),
          Optional.of(worker), Optional.of(now.plus(claimFor)), job.lastError());
      jobs.put(c.id(), c);
      claimed.add(c);
    }
    return List.copyOf(claimed);
  }

  private boolean inFlightWithSameKey(WriteJob candidate) {
    if (candidate.state() == State.IN_FLIGHT) {
      return false;
    }
    Instant now = clock.instant();
    for (WriteJob other : jobs.values()) {
      if (other != candidate && other.state() == State.IN_FLIGHT && other.idempotencyKey().equals(candidate.idempotencyKey())
          && other.claimExpiresAt().orElseThrow().isAfter(now)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public synchronized void complete(String jobId, String worker) {
    WriteJob job = claimedBy(jobId, worker);
    jobs.put(jobId, withState(job, State.DONE, job.attempts(), job.notBefore(),
        Optional.empty(), Optional.empty(), job.lastError()));
  }

  @Override
  public synchronized void retryLater(String jobId, String worker, Instant retryAt, String error) {
    Checks.notNull(retryAt, "retry time");
    Checks.notBlank(error, "error");
    WriteJob job = claimedBy(jobId, worker);
    jobs.put(jobId, withState(job, State.PENDING, job.attempts() + 1, retryAt,
        Optional.empty(), Optional.empty(), Optional.of(error)));
  }

  @Override
  public synchronized void deadLetter(String jobId, String worker, String error) {
    Checks.notBlank(error, "error");
    WriteJob job = claimedBy(jobId, worker);
    jobs.put(jobId, withState(job, State.DEAD, job.attempts() + 1, job.notBefore(),
        Optional.empty(), Optional.empty(), Optional.of(error)));
  }

  @Override
  public synchronized List<WriteJob> deadLetters() {
    List<WriteJob> out = new ArrayList<>();
    for (WriteJob job : jobs.values()) {
      if (job.state() == State.DEAD) {
        out.add(job);
      }
    }
    out.sort(Comparator.comparing(WriteJob::createdAt).thenComparing(WriteJob::id));
    return List.copyOf(out);
  }

  @Override
  public synchronized void requeue(String jobId) {
    WriteJob job = jobs.get(jobId);
    if (job == null || job.state() != State.DEAD) {
      throw new StorageConflictException(jobId, "write job " + jobId + " is not dead-lettered");
    }
    jobs.put(jobId, withState(job, State.PENDING, 0, clock.instant(), Optional.empty(), Optional.empty(), job.lastError()));
  }

  @Override
  public synchronized Optional<WriteJob> find(String jobId) {
    return Optional.ofNullable(jobs.get(jobId));
  }

  @Override
  public synchronized long depth() {
    return jobs.values().stream().filter(j -> j.state() == State.PENDING || j.state() == State.IN_FLIGHT).count();
  }

  private WriteJob claimedBy(String jobId, String worker) {
    WriteJob job = jobs.get(jobId);
    if (job == null || job.state() != State.IN_FLIGHT || !job.claimedBy().orElseThrow().equals(worker)) {
      throw new StorageConflictException(jobId, "write job " + jobId + " is not claimed by " + worker);
    }
    return job;
  }

  private static WriteJob withState(WriteJob j, State state, int attempts, Instant notBefore,
      Optional<String> claimedBy, Optional<Instant> claimExpiresAt, Optional<String> lastError) {
    return new WriteJob(j.id(), j.target(), j.appointmentId(), j.operation(), j.idempotencyKey(), j.attributes(),
        state, attempts, j.createdAt(), notBefore, claimedBy, claimExpiresAt, lastError);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
