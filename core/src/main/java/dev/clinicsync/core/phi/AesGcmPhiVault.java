package dev.clinicsync.core.phi;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.phi.PhiVault;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.store.SecretStore;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default {@link PhiVault}: each record AES-256-GCM encrypted in memory, with a fresh 96-bit
 * nonce per write and the appointment id as associated data, so a ciphertext moved to another
 * appointment fails to decrypt rather than showing the wrong patient (the sealing is
 * {@link PhiCipher}'s). Thread-safe.
 */
public final class AesGcmPhiVault implements PhiVault {
  /** The secret name the key is read from unless another is given. */
  public static final String DEFAULT_KEY_NAME = "clinicsync/phi-vault-key";

  private final PhiCipher cipher;
  private final ConcurrentHashMap<AppointmentId, byte[]> sealed = new ConcurrentHashMap<>();

  private AesGcmPhiVault(PhiCipher cipher) {
    this.cipher = cipher;
  }

  /**
   * A vault keyed by a 32-byte secret.
   *
   * @throws ValidationException when the key is not 32 bytes
   */
  public static AesGcmPhiVault withKey(Secret key) {
    return new AesGcmPhiVault(PhiCipher.withKey(key));
  }

  /** A vault keyed by a secret from the store. */
  public static AesGcmPhiVault fromSecretStore(SecretStore secrets, String keyName) {
    return new AesGcmPhiVault(PhiCipher.fromSecretStore(secrets, keyName));
  }

  /** A vault with a fresh random key: its content is unreadable once the vault is gone. */
  public static AesGcmPhiVault withRandomKey() {
    return new AesGcmPhiVault(PhiCipher.withRandomKey());
  }

  @Override
  public void put(AppointmentId id, PhiRecord record) {
    Checks.notNull(id, "appointment id");
    Checks.notNull(record, "PHI record");
    sealed.put(id, cipher.seal(id, record));
  }

  @Override
  public Optional<PhiRecord> get(AppointmentId id) {
    byte[] box = sealed.get(id);
    return box == null ? Optional.empty() : Optional.of(cipher.open(id, box));
  }

  @Override
  public boolean delete(AppointmentId id) {
    return sealed.remove(id) != null;
  }

  /** The stored ciphertext of an appointment (nonce followed by ciphertext and tag); for tests. */
  Optional<byte[]> ciphertext(AppointmentId id) {
    return Optional.ofNullable(sealed.get(id)).map(byte[]::clone);
  }

  @Override
  public String toString() {
    return "AesGcmPhiVault[" + sealed.size() + " records]";
  }
}
