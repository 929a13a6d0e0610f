package dev.clinicsync.core.audit;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import java.time.Instant;
import java.util.Map;

/**
 * One audit record, chained to the one before it. {@link #hash()} is HMAC-SHA256, under the key
 * named by {@link #keyId()}, over this event's fields, its key id and {@link #previousHash()}
 * (the encoding is described on {@link AuditLog}). Editing, removing, inserting or reordering
 * events breaks the chain, and without the key nobody can re-chain them: see {@link AuditLog#verify()}.
 *
 * <p>This is a stored format: an {@link AuditSink} keeps every component exactly as given,
 * the key id included, and gives back equal events.
 *
 * @param sequence 1 for the first event, then consecutive
 * @param at when it happened
 * @param actor the user id (or the SDK's system principal)
 * @param action what happened
 * @param subject what it happened to (an appointment id, a connector id), possibly empty
 * @param details PHI-free particulars: codes, ids, counts and times (see {@link AuditDetails})
 * @param keyId the id of the key the hash was computed with; {@link #UNKEYED} for events written
 *     by versions before the chain was keyed (plain SHA-256, see {@link AuditKeys#withUnkeyedPrefix})
 * @param previousHash the previous event's hash; {@link #GENESIS_HASH} for the first event
 * @param hash this event's hash, 64 lowercase hex digits
 */
public record AuditEvent(
    long sequence,
    Instant at,
    String actor,
    AuditAction action,
    String subject,
    Map<String, String> details,
    String keyId,
    String previousHash,
    String hash) {

  /** The previous hash of the first event. */
  public static final String GENESIS_HASH = "0".repeat(64);

  /** The key id of an event written before the chain was keyed. */
  public static final String UNKEYED = "";

  public AuditEvent {
    if (sequence < 1) {
      throw new ValidationException("audit event sequence must be positive: " + sequence);
    }
    Checks.notNull(at, "audit event time");
    Checks.notBlank(actor, "audit event actor");
    Checks.notNull(action, "audit event action");
    Checks.notNull(subject, "audit event subject");
    details = Map.copyOf(Checks.notNull(details, "audit event details"));
    Checks.notNull(keyId, "audit event key id");
    if (!keyId.isEmpty() && !AuditKeys.isKeyId(keyId)) {
      throw new ValidationException("audit event " + sequence + " key id must be empty or " + AuditKeys.KEY_ID_RULE);
    }
    Checks.notNull(previousHash, "audit event previous hash");
    Checks.notNull(hash, "audit event hash");
    if (!Hex.isHex64(previousHash) || !Hex.isHex64(hash)) {
      throw new ValidationException("audit event " + sequence + " hashes must be 64 lowercase hex digits");
    }
  }

  /** Whether this event was written before the chain was keyed (its hash is plain SHA-256). */
  public boolean isUnkeyed() {
    return keyId.isEmpty();
  }
}
