package dev.clinicsync.core.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The audit chain's stored encodings written again, from their documentation, with nothing but
 * {@link DataOutputStream}, {@link Mac} and {@link MessageDigest}: tests compare the SDK against
 * it, and the insider in the tampering tests forges with it (the encoding is public; the key is not).
 */
final class IndependentEncoding {
  private IndependentEncoding() {}

  /** The bytes a keyed event's HMAC is computed over. */
  static byte[] event(long sequence, Instant at, String actor, String action, String subject,
      Map<String, String> details, String keyId, String previousHash) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      string(out, "clinicsync-audit-event-v1");
      out.writeLong(sequence);
      out.writeLong(at.getEpochSecond());
      out.writeInt(at.getNano());
      string(out, actor);
      string(out, action);
      string(out, subject);
      out.writeInt(details.size());
      for (Map.Entry<String, String> e : new TreeMap<>(details).entrySet()) {
        string(out, e.getKey());
        string(out, e.getValue());
      }
      string(out, keyId);
      string(out, previousHash);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The bytes a checkpoint's signature is computed over. */
  static byte[] checkpoint(long sequence, String headHash, Instant at, String keyId) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      string(out, "clinicsync-audit-checkpoint-v1");
      out.writeLong(sequence);
      string(out, headHash);
      out.writeLong(at.getEpochSecond());
      out.writeInt(at.getNano());
      string(out, keyId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static String hmac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(message));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(byte[] message) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(message));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }
}
