package dev.clinicsync.core.audit;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ClinicSyncException;
import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.audit.AuditVerification.Failure;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import org.jspecify.annotations.Nullable;

/**
 * Appends keyed, hash-chained events to an {@link AuditSink}, signs checkpoints of its head and
 * verifies both. The SDK writes the audit trail; hosts read it (through the coordinator, as
 * admins) but never write it.
 *
 * <p><b>The chain.</b> Each event's hash is HMAC-SHA256, under the key {@link AuditKeys#currentKeyId()}
 * names, over: the text {@code clinicsync-audit-event-v1}, the sequence (8 bytes), the time
 * (epoch second, 8 bytes; nano, 4 bytes), actor, action name, subject, the details (count, 4
 * bytes, then key and value of each, sorted by key), the key id and the previous event's hash,
 * every string as its UTF-8 length (4 bytes) and bytes, numbers big-endian. The event stores its
 * key id. Whoever can write the audit store but not read the key cannot produce a passing chain:
 * an edited, backdated, inserted, removed, reordered or renumbered event, and one re-chained with
 * plain SHA-256 or any other key, fails {@link #verify()}.
 *
 * <p><b>Checkpoints.</b> A chain cannot show that its newest events were removed or that it was
 * emptied. {@link #checkpoint()} signs the head (count, head hash, time) for the host to keep
 * outside the audit store; {@link #verify(AuditCheckpoint)} checks the chain and that it still
 * reaches that head unchanged. Events after the newest checkpoint are protected by the chain only,
 * so take checkpoints regularly (after each verification, say) and keep the last one.
 *
 * <p>Appends are serialised within this instance; across nodes sharing one sink, the sink's
 * "next sequence only" rule refuses a forked chain, and the append is retried on the new head.
 */
public final class AuditLog {
  private static final int READ_BATCH = 1_000;
  private static final int MAX_APPEND_ATTEMPTS = 5;

  private final AuditSink sink;
  private final AuditKeys keys;
  private final Clock clock;
  /** Guarded by {@code this}: a {@link Mac} is not thread-safe. */
  private final Mac signer;

  /**
   * @param sink where events are stored
   * @param keys the signing key and the keys of older events
   * @param clock the time of each event and checkpoint
   */
  public AuditLog(AuditSink sink, AuditKeys keys, Clock clock) {
    this.sink = Checks.notNull(sink, "audit sink");
    this.keys = Checks.notNull(keys, "audit keys");
    this.clock = Checks.notNull(clock, "clock");
    this.signer = keys.currentMac();
  }

  /**
   * Records an event, chained onto the newest one and signed with the current key.
   *
   * @param actor the user id
   * @param action what happened
   * @param subject what it happened to (an id), or empty
   * @param details PHI-free particulars, checked by {@link AuditDetails#check}
   * @return the appended event
   * @throws dev.clinicsync.core.ValidationException when the actor, subject or a detail is not a
   *     code or id (nothing is appended)
   * @throws AuditAppendException when the event could not be appended: the sink failed, or other
   *     writers took the next sequence 5 times in a row. The caller
   *     must then treat its operation as not audited.
   */
  public synchronized AuditEvent record(String actor, AuditAction action, String subject, Map<String, String> details) {
    AuditDetails.checkActor(actor);
    Checks.notNull(action, "audit action");
    AuditDetails.checkSubject(subject);
    Map<String, String> checked = AuditDetails.check(details);
    String keyId = keys.currentKeyId();
    StorageConflictException lastConflict = null;
    long sequence = 0;
    for (int attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
      try {
        Optional<AuditEvent> head = sink.last();
        sequence = head.map(e -> e.sequence() + 1).orElse(1L);
        String previous = head.map(AuditEvent::hash).orElse(AuditEvent.GENESIS_HASH);
        Instant at = clock.instant();
        AuditEvent event = new AuditEvent(sequence, at, actor, action, subject, checked, keyId, previous,
            AuditEncoding.eventMac(signer, sequence, at, actor, action, subject, checked, keyId, previous));
        sink.append(event);
        return event;
      } catch (StorageConflictException e) {
        lastConflict = e; // another node appended first: chain onto its event
      } catch (RuntimeException e) {
        throw new AuditAppendException("audit event " + sequence + " (" + action + ") could not be appended: "
            + (e instanceof ClinicSyncException ? e.getMessage() : e.getClass().getSimpleName()), sequence, e);
      }
    }
    throw new AuditAppendException("audit event " + sequence + " (" + action + ") could not be appended: "
        + "other writers took the next sequence " + MAX_APPEND_ATTEMPTS + " times", sequence, lastConflict);
  }

  /** Events from {@code fromSequence} on, at most {@code limit}. */
  public List<AuditEvent> read(long fromSequence, int limit) {
    return sink.read(fromSequence, limit);
  }

  /**
   * A signed statement of the current head, for the host to keep outside the audit store. Verify
   * the trail against the previous checkpoint before replacing it with this one: a checkpoint
   * signs whatever the head is now.
   */
  public AuditCheckpoint checkpoint() {
    Optional<AuditEvent> head = sink.last();
    long sequence = head.map(AuditEvent::sequence).orElse(0L);
    String headHash = head.map(AuditEvent::hash).orElse(AuditEvent.GENESIS_HASH);
    Instant at = clock.instant();
    String keyId = keys.currentKeyId();
    String signature;
    synchronized (this) {
      signature = AuditEncoding.checkpointMac(signer, sequence, headHash, at, keyId);
    }
    return new AuditCheckpoint(sequence, headHash, at, keyId, signature);
  }

  /**
   * Walks the whole chain: sequence numbers consecutive from 1, each event's previous hash equal
   * to the hash of the event before it, each hash the HMAC of its fields under its key (or, within
   * the accepted unkeyed prefix, their SHA-256). Does not detect events removed from the end or an
   * emptied trail: {@link #verify(AuditCheckpoint)} does.
   */
  public AuditVerification verify() {
    return walk(null);
  }

  /**
   * {@link #verify()}, and also: the checkpoint is authentic, the trail still holds at least the
   * events it signed, and the event at its sequence is the one it signed. Events appended after
   * the checkpoint must chain on as usual.
   */
  public AuditVerification verify(AuditCheckpoint checkpoint) {
    Checks.notNull(checkpoint, "audit checkpoint");
    Optional<Mac> mac = keys.mac(checkpoint.keyId());
    if (mac.isEmpty()) {
      return AuditVerification.broken(0, 0, Failure.CHECKPOINT_INVALID,
          "the checkpoint names a key id the secret store does not hold");
    }
    String expected = AuditEncoding.checkpointMac(mac.get(), checkpoint.sequence(), checkpoint.headHash(),
        checkpoint.at(), checkpoint.keyId());
    if (!Hex.sameDigest(expected, checkpoint.signature())) {
      return AuditVerification.broken(0, 0, Failure.CHECKPOINT_INVALID,
          "the checkpoint's signature does not match its contents (it was altered, or signed with another key)");
    }
    return walk(checkpoint);
  }

  private AuditVerification walk(@Nullable AuditCheckpoint checkpoint) {
    // the head is read first: events appended while verifying are not mistaken for tampering
    long head = sink.last().map(AuditEvent::sequence).orElse(0L);
    Map<String, Optional<Mac>> macs = new HashMap<>();
    long expectedSequence = 1;
    String previousHash = AuditEvent.GENESIS_HASH;
    long checked = 0;
    while (expectedSequence <= head) {
      List<AuditEvent> batch = sink.read(expectedSequence, (int) Math.min(READ_BATCH, head - expectedSequence + 1));
      if (batch.isEmpty()) {
        break;
      }
      for (AuditEvent e : batch) {
        checked++;
        long n = e.sequence();
        if (n != expectedSequence) {
          return AuditVerification.broken(checked, expectedSequence, Failure.SEQUENCE_GAP,
              "expected event " + expectedSequence + " but found event " + n
                  + " (an event was removed or the events were reordered)");
        }
        if (!e.previousHash().equals(previousHash)) {
          return AuditVerification.broken(checked, n, Failure.BROKEN_LINK,
              "event " + n + " does not chain onto the event before it");
        }
        if (e.isUnkeyed()) {
          if (n > keys.lastUnkeyedSequence()) {
            return AuditVerification.broken(checked, n, Failure.UNKEYED_EVENT,
                "event " + n + " has no key id, but only events up to " + keys.lastUnkeyedSequence()
                    + " were written before the chain was keyed");
          }
          if (!AuditEncoding.unkeyedHash(e).equals(e.hash())) {
            return AuditVerification.broken(checked, n, Failure.BAD_HASH,
                "event " + n + " was altered after it was written");
          }
        } else {
          Optional<Mac> mac = macs.computeIfAbsent(e.keyId(), keys::mac);
          if (mac.isEmpty()) {
            return AuditVerification.broken(checked, n, Failure.UNKNOWN_KEY,
                "event " + n + " names a key id the secret store does not hold (rotated out, or forged)");
          }
          if (!Hex.sameDigest(AuditEncoding.eventMac(mac.get(), e), e.hash())) {
            return AuditVerification.broken(checked, n, Failure.BAD_HASH,
                "event " + n + " does not match its hash under its key (altered after it was written, "
                    + "or not written with the audit key)");
          }
        }
        if (checkpoint != null && n == checkpoint.sequence() && !e.hash().equals(checkpoint.headHash())) {
          return AuditVerification.broken(checked, n, Failure.HEAD_MISMATCH,
              "event " + n + " is not the event the checkpoint signed (the trail was rewritten or replaced)");
        }
        previousHash = e.hash();
        expectedSequence++;
      }
    }
    if (head != expectedSequence - 1) {
      return AuditVerification.broken(checked, expectedSequence, Failure.MISSING_EVENTS,
          "the chain stops at event " + (expectedSequence - 1) + " but the newest event is "
              + head + " (an event was removed)");
    }
    if (checkpoint != null && head < checkpoint.sequence()) {
      return AuditVerification.broken(checked, head + 1, Failure.TRUNCATED,
          "the trail ends at event " + head + " but the checkpoint signed " + checkpoint.sequence()
              + " events (events were removed from the end, or the trail was emptied or replaced)");
    }
    return AuditVerification.intact(checked);
  }
}
