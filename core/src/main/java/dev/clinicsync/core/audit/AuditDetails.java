package dev.clinicsync.core.audit;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * What {@link AuditLog#record} accepts as actor, subject and details, so that free text (a host's
 * note, a vendor's description, a patient's name and surname) never lands in the audit trail,
 * which is kept for years and read by auditors.
 *
 * <ul>
 *   <li>A detail key is a lowercase code: {@code [a-z][a-z0-9._-]{0,63}}.
 *   <li>A detail value is a code, an id, a number or a time: 0-{@value #MAX_VALUE_LENGTH} visible
 *       ASCII characters (no space, no control or non-ASCII character), or exactly one of the
 *       SDK's fixed {@link #PHRASES}. Anything with a space is refused: sentences are free text.
 *   <li>At most {@value #MAX_ENTRIES} details.
 *   <li>The actor (a user id) follows the value rule and is not empty; the subject (an id)
 *       follows the value rule and may be empty.
 * </ul>
 *
 * <p>The shape rule stops sentences, not a single word that happens to be a name: callers pass
 * only values whose origin they know to be codes or ids. A value that comes from outside and may
 * not fit (a vendor's record id) goes through {@link #reference(String)}. A refused value fails
 * with a {@link ValidationException} naming the detail key, never the value.
 */
public final class AuditDetails {
  /** The most details an event carries. */
  public static final int MAX_ENTRIES = 32;
  /** The longest detail value, actor or subject, in characters. */
  public static final int MAX_VALUE_LENGTH = 512;
  /**
   * The fixed phrases of the SDK's sync and mirror decisions: the only values with spaces. "reverted:
   * edited at Google" and "reverted: deleted at Google" record a mirror restored after a change made
   * in Google; "local change, not at the source" a change made in ClinicSync that its vendor could
   * not be told of.
   */
  public static final Set<String> PHRASES = Set.of("new at source", "changed at source", "gone from source",
      "reverted: edited at Google", "reverted: deleted at Google", "edited at Google", "deleted at Google",
      "local change, not at the source");

  private static final String VALUE_RULE = "0-" + MAX_VALUE_LENGTH
      + " visible ASCII characters without spaces (an id, code, number or time), or one of the fixed phrases";

  private AuditDetails() {}

  /**
   * Checks every key and value.
   *
   * @return an unmodifiable copy
   * @throws ValidationException naming the offending key (or the key's position, when the key itself is refused)
   */
  public static Map<String, String> check(Map<String, String> details) {
    Checks.notNull(details, "audit details");
    if (details.size() > MAX_ENTRIES) {
      throw new ValidationException("audit details hold at most " + MAX_ENTRIES + " entries, got " + details.size());
    }
    for (Map.Entry<String, String> e : details.entrySet()) {
      String key = Checks.notNull(e.getKey(), "audit detail key");
      if (!isKey(key)) {
        throw new ValidationException("an audit detail key must be a lowercase code [a-z][a-z0-9._-]{0,63} (length "
            + key.length() + ")");
      }
      String value = Checks.notNull(e.getValue(), () -> "audit detail '" + key + "'");
      if (!isValue(value)) {
        throw new ValidationException("audit detail '" + key + "' must be " + VALUE_RULE + " (length "
            + value.length() + ")");
      }
    }
    return Map.copyOf(details);
  }

  /** Checks an actor: a non-empty value without spaces. */
  public static String checkActor(String actor) {
    Checks.notNull(actor, "audit actor");
    if (actor.isEmpty() || !isToken(actor)) {
      throw new ValidationException("audit actor must be 1-" + MAX_VALUE_LENGTH
          + " visible ASCII characters without spaces (length " + actor.length() + ")");
    }
    return actor;
  }

  /** Checks a subject: an id without spaces, or empty. */
  public static String checkSubject(String subject) {
    Checks.notNull(subject, "audit subject");
    if (!isToken(subject)) {
      throw new ValidationException("audit subject must be 0-" + MAX_VALUE_LENGTH
          + " visible ASCII characters without spaces (length " + subject.length() + ")");
    }
    return subject;
  }

  /** Whether a detail value is acceptable: a token without spaces, or one of the {@link #PHRASES}. */
  public static boolean isValue(String value) {
    return isToken(value) || PHRASES.contains(value);
  }

  /**
   * A value from outside (a vendor's record id or version) made fit for the audit trail: itself
   * when it is a token without spaces, otherwise {@code sha256:} and the first 32 hex digits of
   * the SHA-256 of its UTF-8 bytes, which still tells equal values apart without storing the text.
   */
  public static String reference(String outside) {
    Checks.notNull(outside, "audit reference");
    if (isToken(outside)) {
      return outside;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(outside.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  private static boolean isKey(String key) {
    int n = key.length();
    if (n == 0 || n > 64) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = key.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (i > 0 && ((c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'));
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** 0-512 characters from {@code !} to {@code ~}: no space, control or non-ASCII character. */
  private static boolean isToken(String value) {
    int n = value.length();
    if (n > MAX_VALUE_LENGTH) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c < '!' || c > '~') {
        return false;
      }
    }
    return true;
  }
}
