package dev.clinicsync.core.audit;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

/**
 * One audit record, chained to the one before it: {@link #hash()} is SHA-256 over this event's
 * fields and {@link #previousHash()}, so editing, removing or reordering any event breaks the
 * chain from there on. Details are PHI-free by construction of the SDK's callers: ids, counts,
 * reasons, never patient data.
 *
 * @param sequence 1 for the first event, then consecutive
 * @param at when it happened
 * @param actor the user id (or the SDK's system principal)
 * @param action what happened
 * @param subject what it happened to (an appointment id, a connector id), possibly empty
 * @param details PHI-free particulars
 * @param previousHash the previous event's hash; {@link #GENESIS_HASH} for the first event
 * @param hash this event's hash
 */
public record AuditEvent(
    long sequence,
    Instant at,
    String actor,
    AuditAction action,
    String subject,
    Map<String, String> details,
    String previousHash,
    String hash) {

  /** The previous hash of the first event. */
  public static final String GENESIS_HASH = "0".repeat(64);

  /** {@code [0-9a-f]{64}}, without a regex: every audited change builds an event. */
  private static boolean isHex64(String s) {
    if (s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  public AuditEvent {
    if (sequence < 1) {
      throw new ValidationException("audit event sequence must be positive: " + sequence);
    }
    Checks.notNull(at, "audit event time");
    Checks.notBlank(actor, "audit event actor");
    Checks.notNull(action, "audit event action");
    Checks.notNull(subject, "audit event subject");
    details = Map.copyOf(Checks.notNull(details, "audit event details"));
    Checks.notNull(previousHash, "audit event previous hash");
    Checks.notNull(hash, "audit event hash");
    if (!isHex64(previousHash) || !isHex64(hash)) {
      throw new ValidationException("audit event " + sequence + " hashes must be 64 lowercase hex digits");
    }
  }

  /** Builds the next event of a chain, computing its hash. */
  static AuditEvent chained(
      long sequence, Instant at, String actor, AuditAction action, String subject,
      Map<String, String> details, String previousHash) {
    return new AuditEvent(sequence, at, actor, action, subject, details, previousHash,
        computeHash(sequence, at, actor, action, subject, details, previousHash));
  }

  /** The hash these fields should have; {@link AuditLog#verify()} compares it with {@link #hash()}. */
  public String expectedHash() {
    return computeHash(sequence, at, actor, action, subject, details, previousHash);
  }

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  });

  /**
   * SHA-256 over an unambiguous encoding of the fields: numbers in fixed width, every string
   * length-prefixed, details sorted by key, the previous hash last.
   */
  static String computeHash(
      long sequence, Instant at, String actor, AuditAction action, String subject,
      Map<String, String> details, String previousHash) {
    MessageDigest sha = SHA256.get();
    sha.reset();
    updateLong(sha, sequence);
    updateLong(sha, at.getEpochSecond());
    updateInt(sha, at.getNano());
    update(sha, actor);
    update(sha, action.name());
    update(sha, subject);
    String[] keys = details.keySet().toArray(new String[0]);
    Arrays.sort(keys);
    updateInt(sha, keys.length);
    for (String key : keys) {
      update(sha, key);
      update(sha, details.get(key));
    }
    update(sha, previousHash);
    return HexFormat.of().formatHex(sha.digest());
  }

  private static void update(MessageDigest sha, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    updateInt(sha, b.length);
    sha.update(b);
  }

  /** Big-endian, byte by byte: no buffer allocated per number. */
  private static void updateInt(MessageDigest sha, int v) {
    sha.update((byte) (v >>> 24));
    sha.update((byte) (v >>> 16));
    sha.update((byte) (v >>> 8));
    sha.update((byte) v);
  }

  private static void updateLong(MessageDigest sha, long v) {
    updateInt(sha, (int) (v >>> 32));
    updateInt(sha, (int) v);
  }
}
