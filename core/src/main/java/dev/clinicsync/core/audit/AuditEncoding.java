package dev.clinicsync.core.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;

/**
 * The stored encodings of the audit trail. Changing any of them makes every stored chain fail to
 * verify, so they are pinned by published test vectors ({@code AuditChainFormatTest},
 * {@code AuditEventHashTest}).
 *
 * <p>Building blocks: numbers big-endian in fixed width (long 8 bytes, int 4), every string as
 * its UTF-8 length (int) then its UTF-8 bytes, details as their count (int) then key and value
 * of each, sorted by key.
 */
final class AuditEncoding {
  /** The first field of every keyed event encoding: a MAC over an event is never a MAC over anything else. */
  static final String EVENT_DOMAIN = "clinicsync-audit-event-v1";
  /** The first field of every checkpoint encoding. */
  static final String CHECKPOINT_DOMAIN = "clinicsync-audit-checkpoint-v1";

  private AuditEncoding() {}

  /**
   * The hash of a keyed event: HMAC-SHA256 over the event domain, sequence, time (epoch second,
   * then nano), actor, action name, subject, details, key id and previous hash.
   */
  static String eventMac(Mac mac, long sequence, Instant at, String actor, AuditAction action, String subject,
      Map<String, String> details, String keyId, String previousHash) {
    mac.reset();
    Out out = new MacOut(mac);
    out.string(EVENT_DOMAIN);
    fields(out, sequence, at, actor, action, subject, details);
    out.string(keyId);
    out.string(previousHash);
    return HexFormat.of().formatHex(mac.doFinal());
  }

  /** The hash a keyed event should have. */
  static String eventMac(Mac mac, AuditEvent e) {
    return eventMac(mac, e.sequence(), e.at(), e.actor(), e.action(), e.subject(), e.details(), e.keyId(),
        e.previousHash());
  }

  /**
   * The signature of a checkpoint: HMAC-SHA256 over the checkpoint domain, sequence, head hash,
   * time (epoch second, then nano) and key id.
   */
  static String checkpointMac(Mac mac, long sequence, String headHash, Instant at, String keyId) {
    mac.reset();
    Out out = new MacOut(mac);
    out.string(CHECKPOINT_DOMAIN);
    out.int64(sequence);
    out.string(headHash);
    out.int64(at.getEpochSecond());
    out.int32(at.getNano());
    out.string(keyId);
    return HexFormat.of().formatHex(mac.doFinal());
  }

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  });

  /**
   * The hash of an event written before the chain was keyed: plain SHA-256 over sequence, time,
   * actor, action, subject, details and previous hash (no domain, no key id). Only verified, never
   * written any more.
   */
  static String unkeyedHash(long sequence, Instant at, String actor, AuditAction action, String subject,
      Map<String, String> details, String previousHash) {
    MessageDigest sha = SHA256.get();
    sha.reset();
    Out out = new DigestOut(sha);
    fields(out, sequence, at, actor, action, subject, details);
    out.string(previousHash);
    return HexFormat.of().formatHex(sha.digest());
  }

  static String unkeyedHash(AuditEvent e) {
    return unkeyedHash(e.sequence(), e.at(), e.actor(), e.action(), e.subject(), e.details(), e.previousHash());
  }

  private static void fields(Out out, long sequence, Instant at, String actor, AuditAction action, String subject,
      Map<String, String> details) {
    out.int64(sequence);
    out.int64(at.getEpochSecond());
    out.int32(at.getNano());
    out.string(actor);
    out.string(action.name());
    out.string(subject);
    String[] keys = details.keySet().toArray(new String[0]);
    Arrays.sort(keys);
    out.int32(keys.length);
    for (String key : keys) {
      out.string(key);
      out.string(Objects.requireNonNull(details.get(key), "audit details hold no null values"));
    }
  }

  /** Writes the building blocks straight into a MAC or digest: no buffer per number. */
  private abstract static class Out {
    abstract void put(byte b);

    abstract void put(byte[] b);

    final void int32(int v) {
      put((byte) (v >>> 24));
      put((byte) (v >>> 16));
      put((byte) (v >>> 8));
      put((byte) v);
    }

    final void int64(long v) {
      int32((int) (v >>> 32));
      int32((int) v);
    }

    final void string(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      int32(b.length);
      put(b);
    }
  }

  private static final class MacOut extends Out {
    private final Mac mac;

    MacOut(Mac mac) {
      this.mac = mac;
    }

    @Override
    void put(byte b) {
      mac.update(b);
    }

    @Override
    void put(byte[] b) {
      mac.update(b);
    }
  }

  private static final class DigestOut extends Out {
    private final MessageDigest digest;

    DigestOut(MessageDigest digest) {
      this.digest = digest;
    }

    @Override
    void put(byte b) {
      digest.update(b);
    }

    @Override
    void put(byte[] b) {
      digest.update(b);
    }
  }
}
