package dev.clinicsync.core.audit;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The outcome of checking an audit trail. Its texts name sequence numbers and reasons only,
 * never event contents.
 *
 * @param eventsChecked how many events were read
 * @param firstBrokenSequence the first sequence number that cannot be trusted, if any; {@code 0}
 *     when the checkpoint itself is not authentic
 * @param failure why, when broken
 * @param problem what is wrong, in words; empty when intact
 */
public record AuditVerification(
    long eventsChecked, OptionalLong firstBrokenSequence, Optional<Failure> failure, String problem) {

  /** Why a trail failed verification. */
  public enum Failure {
    /** An event's sequence number is not the next one: events were removed or reordered. */
    SEQUENCE_GAP,
    /** An event's previous hash is not the hash of the event before it: an event was inserted, removed or replaced. */
    BROKEN_LINK,
    /** An event's hash does not match its fields under its key: it was altered, or written without the key. */
    BAD_HASH,
    /** An event names a key id the secret store does not hold (rotated out and deleted, or forged). */
    UNKNOWN_KEY,
    /** An event without a key id after the accepted unkeyed prefix: written without the key. */
    UNKEYED_EVENT,
    /** The chain ends before the newest event the store reports: events were removed. */
    MISSING_EVENTS,
    /** The checkpoint's signature does not verify, or its key is not in the secret store. */
    CHECKPOINT_INVALID,
    /** The trail holds fewer events than the checkpoint signed: the tail was removed or the trail emptied. */
    TRUNCATED,
    /** The event at the checkpoint's sequence is not the one it signed: the trail was rewritten or replaced. */
    HEAD_MISMATCH
  }

  public AuditVerification {
    Checks.notNull(firstBrokenSequence, "audit verification broken sequence");
    Checks.notNull(failure, "audit verification failure");
    Checks.notNull(problem, "audit verification problem");
    if (firstBrokenSequence.isPresent() != failure.isPresent()) {
      throw new ValidationException("audit verification needs both a broken sequence and a failure, or neither");
    }
  }

  static AuditVerification intact(long checked) {
    return new AuditVerification(checked, OptionalLong.empty(), Optional.empty(), "");
  }

  static AuditVerification broken(long checked, long sequence, Failure failure, String problem) {
    return new AuditVerification(checked, OptionalLong.of(sequence), Optional.of(failure), problem);
  }

  public boolean isIntact() {
    return firstBrokenSequence.isEmpty();
  }
}
