package dev.clinicsync.core.phi;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.store.SecretStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a {@link PhiRecord} into an opaque box and opens it again: AES-256-GCM with a fresh 96-bit
 * nonce per seal and the appointment id as associated data, so a box moved to another appointment
 * fails to open rather than showing the wrong patient. A box is the nonce followed by the
 * ciphertext and its tag; nothing in it is readable without the key. The one sealing code of every
 * vault that keeps PHI encrypted (in memory, in a database). Thread-safe.
 */
public final class PhiCipher {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  /** Cipher lookup goes through the provider list: once per thread, not once per record. */
  private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM is unavailable in this JVM", e);
    }
  });

  private final SecretKey key;
  private final SecureRandom random = new SecureRandom();

  private PhiCipher(byte[] keyBytes) {
    this.key = new SecretKeySpec(keyBytes, "AES");
  }

  /**
   * A cipher keyed by a 32-byte secret.
   *
   * @throws ValidationException when the key is not 32 bytes
   */
  public static PhiCipher withKey(Secret key) {
    Checks.notNull(key, "PHI vault key");
    byte[] bytes = key.bytes();
    if (bytes.length != 32) {
      throw new ValidationException("the PHI vault key must be 32 bytes (AES-256), was " + bytes.length);
    }
    return new PhiCipher(bytes);
  }

  /**
   * A cipher keyed by a secret from the store.
   *
   * @throws ValidationException when the store has no such secret, or it is not 32 bytes
   */
  public static PhiCipher fromSecretStore(SecretStore secrets, String keyName) {
    Checks.notNull(secrets, "secret store");
    Checks.notNull(keyName, "PHI vault key name");
    return withKey(secrets.get(keyName).orElseThrow(() -> new ValidationException(
        "the PHI vault key '" + keyName + "' is not in the secret store")));
  }

  /** A cipher with a fresh random key: what it seals is unreadable once it is gone. */
  public static PhiCipher withRandomKey() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return new PhiCipher(bytes);
  }

  /** The sealed box of an appointment's PHI: nonce, then ciphertext and tag. */
  public byte[] seal(AppointmentId id, PhiRecord record) {
    Checks.notNull(id, "appointment id");
    Checks.notNull(record, "PHI record");
    byte[] plain = encode(record);
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      Cipher cipher = CIPHER.get();
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(id.value().getBytes(StandardCharsets.UTF_8));
      byte[] ct = cipher.doFinal(plain);
      byte[] out = new byte[NONCE_BYTES + ct.length];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      System.arraycopy(ct, 0, out, NONCE_BYTES, ct.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new StorageException("could not encrypt the PHI of appointment " + id, e);
    }
  }

  /**
   * The PHI in a box sealed for the same appointment under the same key.
   *
   * @throws StorageException when the box fails authentication (tampered, moved from another
   *     appointment, or sealed under another key) or cannot be decoded
   */
  public PhiRecord open(AppointmentId id, byte[] box) {
    Checks.notNull(id, "appointment id");
    Checks.notNull(box, "sealed PHI");
    if (box.length < NONCE_BYTES) {
      throw new StorageException("the PHI of appointment " + id + " is too short to be a sealed record");
    }
    byte[] plain;
    try {
      Cipher cipher = CIPHER.get();
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, box, 0, NONCE_BYTES));
      cipher.updateAAD(id.value().getBytes(StandardCharsets.UTF_8));
      plain = cipher.doFinal(box, NONCE_BYTES, box.length - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new StorageException("the PHI of appointment " + id
          + " failed authentication (tampered, or stored under another key)");
    }
    return decode(plain);
  }

  private static byte[] encode(PhiRecord record) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(record.asMap().size());
      for (var e : record.asMap().entrySet()) {
        out.writeUTF(e.getKey().name());
        byte[] v = e.getValue().getBytes(StandardCharsets.UTF_8);
        out.writeInt(v.length);
        out.write(v);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PhiRecord decode(byte[] plain) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain));
      int n = in.readInt();
      PhiRecord.Builder b = PhiRecord.builder();
      for (int i = 0; i < n; i++) {
        PhiField field = PhiField.valueOf(in.readUTF());
        byte[] v = in.readNBytes(in.readInt());
        b.put(field, new String(v, StandardCharsets.UTF_8));
      }
      return b.build();
    } catch (IOException | IllegalArgumentException e) {
      throw new StorageException("a PHI record could not be decoded", e);
    }
  }

  @Override
  public String toString() {
    return "PhiCipher[AES-256-GCM]";
  }
}
