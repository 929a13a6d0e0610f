package dev.clinicsync.core.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Someone who can rewrite the audit store and has read the SDK's source (so knows the encoding),
 * but cannot read the audit key from the secret store. They re-sign what they change with the best
 * they have: plain SHA-256 over the documented encoding, or HMAC under a key of their own.
 */
final class Insider {
  /** How the insider computes a hash. */
  enum Tool { SHA256, OWN_KEY }

  /** The insider's own key: 32 bytes, the right length, the wrong key. */
  static final byte[] OWN_KEY = "an insider's own key, 32 bytes!!".getBytes(StandardCharsets.UTF_8);

  private final List<AuditEvent> rows;

  Insider(List<AuditEvent> rows) {
    this.rows = rows;
  }

  /** An event with these fields, hashed with the tool. */
  static AuditEvent sign(Tool tool, long sequence, Instant at, String actor, AuditAction action, String subject,
      Map<String, String> details, String keyId, String previousHash) {
    byte[] encoding = IndependentEncoding.event(sequence, at, actor, action.name(), subject, details, keyId,
        previousHash);
    String hash = tool == Tool.SHA256 ? IndependentEncoding.sha256(encoding) : IndependentEncoding.hmac(OWN_KEY, encoding);
    return new AuditEvent(sequence, at, actor, action, subject, details, keyId, previousHash, hash);
  }

  /** Re-signs an event as it stands (after the insider edited a field). */
  static AuditEvent resign(Tool tool, AuditEvent e, long sequence, String previousHash) {
    return sign(tool, sequence, e.at(), e.actor(), e.action(), e.subject(), e.details(), e.keyId(), previousHash);
  }

  /** A made-up event under the SDK's key id. */
  static AuditEvent forged(Tool tool, long sequence, Instant at, String previousHash) {
    return sign(tool, sequence, at, "u-insider", AuditAction.CANCEL_APPOINTMENT, "appt-forged",
        Map.of("reason", "gone from source"), AuditKeys.DEFAULT_KEY_ID, previousHash);
  }

  /** Renumbers and re-chains every row from {@code index} on, so sequence and links look right again. */
  void rechainFrom(int index, Tool tool) {
    for (int i = index; i < rows.size(); i++) {
      String previous = i == 0 ? AuditEvent.GENESIS_HASH : rows.get(i - 1).hash();
      rows.set(i, resign(tool, rows.get(i), i + 1, previous));
    }
  }

  /** Replaces one row with an edited copy (hash left as it was; re-chain to fix it up). */
  void edit(int index, Instant at, String actor, AuditAction action, Map<String, String> details, String keyId) {
    AuditEvent e = rows.get(index);
    rows.set(index, new AuditEvent(e.sequence(), at, actor, action, e.subject(), details, keyId, e.previousHash(),
        e.hash()));
  }
}
