package dev.clinicsync.core.store;

import dev.clinicsync.core.model.ConnectorId;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A durable outbound write: mirror, update or cancel one appointment at one target connector.
 * Its {@link #idempotencyKey()} derives from the canonical appointment id, so a retried write
 * cannot create a duplicate at the vendor.
 *
 * @param id the job id
 * @param sequence the queue's order of enqueueing: positive, increasing; jobs of one
 *     {@link #orderingKey() appointment and target} run in this order
 * @param target the connector that performs the write
 * @param appointmentId the appointment written
 * @param operation what to do
 * @param idempotencyKey the vendor-side key of the write
 * @param attributes PHI-free parameters of the write (an ETag, a projection name)
 * @param state where the job stands
 * @param attempts how many attempts have failed so far
 * @param createdAt when it was enqueued
 * @param notBefore the earliest time of the next attempt
 * @param claimedBy the worker holding it, while {@link State#IN_FLIGHT}
 * @param claimExpiresAt when an in-flight claim lapses and the job becomes claimable again
 * @param lastError the PHI-free error of the last failed attempt
 */
public record WriteJob(
    String id,
    long sequence,
    ConnectorId target,
    AppointmentId appointmentId,
    Operation operation,
    String idempotencyKey,
    Map<String, String> attributes,
    State state,
    int attempts,
    Instant createdAt,
    Instant notBefore,
    Optional<String> claimedBy,
    Optional<Instant> claimExpiresAt,
    Optional<String> lastError) {

  /** What the write does. */
  public enum Operation {
    /** Create the vendor copy, or update it when it exists. */
    UPSERT,
    /** Mark the vendor copy cancelled. */
    CANCEL,
    /** Remove the vendor copy. */
    DELETE
  }

  /** Where a job stands. A completed or discarded job leaves the queue. */
  public enum State {
    /** Waiting for its {@code notBefore} (and for the earlier jobs of its appointment and target). */
    PENDING,
    /** Claimed by a worker. */
    IN_FLIGHT,
    /**
     * Parked after its last attempt; an admin retries or discards it. It keeps its place: later
     * jobs of the same appointment and target wait behind it, so a cancel never overtakes its create.
     */
    DEAD
  }

  public WriteJob {
    Checks.notBlank(id, "write job id");
    if (sequence <= 0) {
      throw new ValidationException("write job " + id + " sequence must be positive");
    }
    Checks.notNull(target, () -> "write job " + id + " target");
    Checks.notNull(appointmentId, () -> "write job " + id + " appointment id");
    Checks.notNull(operation, () -> "write job " + id + " operation");
    Checks.notBlank(idempotencyKey, () -> "write job " + id + " idempotency key");
    attributes = Map.copyOf(Checks.notNull(attributes, () -> "write job " + id + " attributes"));
    Checks.notNull(state, () -> "write job " + id + " state");
    if (attempts < 0) {
      throw new ValidationException("write job " + id + " attempts must not be negative");
    }
    Checks.notNull(createdAt, () -> "write job " + id + " creation time");
    Checks.notNull(notBefore, () -> "write job " + id + " not-before time");
    Checks.notNull(claimedBy, () -> "write job " + id + " claimant");
    Checks.notNull(claimExpiresAt, () -> "write job " + id + " claim expiry");
    Checks.notNull(lastError, () -> "write job " + id + " last error");
    if ((state == State.IN_FLIGHT) != claimedBy.isPresent() || claimedBy.isPresent() != claimExpiresAt.isPresent()) {
      throw new ValidationException("write job " + id + " must have a claimant and claim expiry exactly when in flight");
    }
  }

  /**
   * What orders and supersedes jobs: the target and the idempotency key (which derives from the
   * appointment). Jobs with equal keys run one at a time, in {@link #sequence()} order.
   */
  public String orderingKey() {
    return target.value() + '/' + idempotencyKey;
  }

  /** Whether the job is pending and due at {@code now}. */
  public boolean isDue(Instant now) {
    return state == State.PENDING && !notBefore.isAfter(now);
  }

  /**
   * A write to enqueue.
   *
   * @param target the connector that performs the write
   * @param appointmentId the appointment written
   * @param operation what to do
   * @param idempotencyKey the vendor-side key of the write
   * @param attributes PHI-free parameters
   * @param notBefore the earliest time of the first attempt
   */
  public record Request(
      ConnectorId target,
      AppointmentId appointmentId,
      Operation operation,
      String idempotencyKey,
      Map<String, String> attributes,
      Instant notBefore) {
    public Request {
      Checks.notNull(target, "write request target");
      Checks.notNull(appointmentId, "write request appointment id");
      Checks.notNull(operation, "write request operation");
      Checks.notBlank(idempotencyKey, "write request idempotency key");
      attributes = Map.copyOf(Checks.notNull(attributes, "write request attributes"));
      Checks.notNull(notBefore, "write request not-before time");
    }
  }
}
