package dev.clinicsync.core.audit;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A signed statement of the audit trail's head: "at {@code at}, the trail held {@code sequence}
 * events and the newest one had hash {@code headHash}". {@link AuditLog#checkpoint()} makes one;
 * the host keeps it <b>outside</b> the audit store (another database, write-once storage, an
 * operator's mailbox), where whoever can write the audit store cannot. {@link
 * AuditLog#verify(AuditCheckpoint)} then detects a truncated, emptied or replaced trail, which no
 * chain can detect by itself.
 *
 * <p>Nothing in a checkpoint is secret or PHI; {@link #toText()} and {@link #parse(String)} give
 * it a one-line form to store.
 *
 * @param sequence how many events the trail held (the head's sequence; 0 for an empty trail)
 * @param headHash the head's hash; {@link AuditEvent#GENESIS_HASH} for an empty trail
 * @param at when the checkpoint was taken
 * @param keyId the id of the key that signed it
 * @param signature HMAC-SHA256 over the other fields under that key, 64 lowercase hex digits
 */
public record AuditCheckpoint(long sequence, String headHash, Instant at, String keyId, String signature) {

  private static final String TEXT_VERSION = "clinicsync-audit-checkpoint-v1";

  public AuditCheckpoint {
    if (sequence < 0) {
      throw new ValidationException("audit checkpoint sequence must not be negative: " + sequence);
    }
    Checks.notNull(headHash, "audit checkpoint head hash");
    Checks.notNull(at, "audit checkpoint time");
    AuditKeys.checkKeyId(keyId, "audit checkpoint key id");
    Checks.notNull(signature, "audit checkpoint signature");
    if (!Hex.isHex64(headHash) || !Hex.isHex64(signature)) {
      throw new ValidationException("audit checkpoint head hash and signature must be 64 lowercase hex digits");
    }
  }

  /**
   * One line: {@code clinicsync-audit-checkpoint-v1 <sequence> <headHash> <at> <keyId> <signature>},
   * the time in ISO-8601.
   */
  public String toText() {
    return TEXT_VERSION + " " + sequence + " " + headHash + " " + at + " " + keyId + " " + signature;
  }

  /**
   * Reads {@link #toText()}'s form.
   *
   * @throws ValidationException naming the field that is malformed
   */
  public static AuditCheckpoint parse(String text) {
    Checks.notNull(text, "audit checkpoint text");
    String[] f = text.strip().split(" ", -1);
    if (f.length != 6 || !f[0].equals(TEXT_VERSION)) {
      throw new ValidationException("audit checkpoint text must be '" + TEXT_VERSION
          + " <sequence> <headHash> <at> <keyId> <signature>'");
    }
    long sequence;
    try {
      sequence = Long.parseLong(f[1]);
    } catch (NumberFormatException e) {
      throw new ValidationException("audit checkpoint sequence must be a whole number");
    }
    Instant at;
    try {
      at = Instant.parse(f[3]);
    } catch (DateTimeParseException e) {
      throw new ValidationException("audit checkpoint time must be an ISO-8601 instant");
    }
    return new AuditCheckpoint(sequence, f[2], at, f[4], f[5]);
  }
}
