package dev.clinicsync.core.phi;

import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.phi.PhiVault;
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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The default {@link PhiVault}: each record AES-256-GCM encrypted in memory, with a fresh 96-bit
 * nonce per write and the appointment id as associated data, so a ciphertext moved to another
 * appointment fails to decrypt rather than showing the wrong patient. Thread-safe.
 */
public final class AesGcmPhiVault implements PhiVault {
  /** The secret name the key is read from unless another is given. */
  public static final String DEFAULT_KEY_NAME = "clinicsync/phi-vault-key";

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKey key;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentHashMap<AppointmentId, byte[]> sealed = new ConcurrentHashMap<>();
  /** Cipher lookup goes through the provider list: once per thread, not once per record. */
  private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM is unavailable in this JVM", e);
    }
  });

  private AesGcmPhiVault(byte[] keyBytes) {
    this.key = new SecretKeySpec(keyBytes, "AES");
  }

  /**
   * A vault keyed by a 32-byte secret.
   *
   * @throws ValidationException when the key is not 32 bytes
   */
  public static AesGcmPhiVault withKey(Secret key) {
    byte[] bytes = key.bytes();
    if (bytes.length != 32) {
      throw new ValidationException("the PHI vault key must be 32 bytes (AES-256), was " + bytes.length);
    }
    return new AesGcmPhiVault(bytes);
  }

  /** A vault keyed by a secret from the store. */
  public static AesGcmPhiVault fromSecretStore(SecretStore secrets, String keyName) {
    return withKey(secrets.get(keyName).orElseThrow(() -> new ValidationException(
        "the PHI vault key '" + keyName + "' is not in the secret store")));
  }

  /** A vault with a fresh random key: its content is unreadable once the vault is gone. */
  public static AesGcmPhiVault withRandomKey() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return new AesGcmPhiVault(bytes);
  }

  @Override
  public void put(AppointmentId id, PhiRecord record) {
    Checks.notNull(id, "appointment id");
    Checks.notNull(record, "PHI record");
    sealed.put(id, seal(id, encode(record)));
  }

  @Override
  public Optional<PhiRecord> get(AppointmentId id) {
    byte[] box = sealed.get(id);
    return box == null ? Optional.empty() : Optional.of(decode(open(id, box)));
  }

  @Override
  public boolean delete(AppointmentId id) {
    return sealed.remove(id) != null;
  }

  /** The stored ciphertext of an appointment (nonce followed by ciphertext and tag); for tests. */
  Optional<byte[]> ciphertext(AppointmentId id) {
    return Optional.ofNullable(sealed.get(id)).map(byte[]::clone);
  }

  private byte[] seal(AppointmentId id, byte[] plain) {
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

  private byte[] open(AppointmentId id, byte[] box) {
    try {
      Cipher cipher = CIPHER.get();
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, box, 0, NONCE_BYTES));
      cipher.updateAAD(id.value().getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(box, NONCE_BYTES, box.length - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new StorageException("the PHI of appointment " + id
          + " failed authentication (tampered, or stored under another key)");
    }
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
    return "AesGcmPhiVault[" + sealed.size() + " records]";
  }
}
