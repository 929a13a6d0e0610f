package dev.clinicsync.core.phi;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.PatientRef;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.store.SecretStore;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a vendor's patient id into a {@link PatientRef}: HMAC-SHA256 under a key from the host's
 * {@link SecretStore}, base64url without padding. The same id in the same namespace always gets
 * the same token; without the key, the token reveals nothing.
 *
 * <p>The namespace says whose ids these are. Two sources that share a patient-id space (a
 * practice's SimplePractice feed and its CSV export) use the same namespace, so their tokens
 * match and cross-source duplicates can be recognised.
 */
public final class PatientTokenizer {
  /** The secret name the key is read from unless another is given. */
  public static final String DEFAULT_KEY_NAME = "clinicsync/patient-token-key";

  private static final int MIN_KEY_BYTES = 32;

  private final SecretKeySpec key;

  private PatientTokenizer(byte[] keyBytes) {
    this.key = new SecretKeySpec(keyBytes, "HmacSHA256");
  }

  /**
   * A tokenizer keyed by a secret from the store.
   *
   * @throws ValidationException when the secret is missing or shorter than 32 bytes
   */
  public static PatientTokenizer fromSecretStore(SecretStore secrets, String keyName) {
    Secret secret = secrets.get(keyName).orElseThrow(() -> new ValidationException(
        "the patient-token HMAC key '" + keyName + "' is not in the secret store"));
    return fromKey(secret);
  }

  /** A tokenizer keyed by the default secret name. */
  public static PatientTokenizer fromSecretStore(SecretStore secrets) {
    return fromSecretStore(secrets, DEFAULT_KEY_NAME);
  }

  /**
   * A tokenizer with the given key.
   *
   * @throws ValidationException when the key is shorter than 32 bytes
   */
  public static PatientTokenizer fromKey(Secret key) {
    byte[] bytes = key.bytes();
    if (bytes.length < MIN_KEY_BYTES) {
      throw new ValidationException("the patient-token HMAC key must be at least " + MIN_KEY_BYTES
          + " bytes, was " + bytes.length);
    }
    return new PatientTokenizer(bytes);
  }

  /** The token of a vendor patient id within a namespace (usually the source system id). */
  public PatientRef tokenize(String namespace, String vendorPatientId) {
    Checks.notBlank(namespace, "patient namespace");
    Checks.notBlank(vendorPatientId, "vendor patient id");
    Mac mac = newMac();
    mac.update(namespace.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) 0);
    byte[] digest = mac.doFinal(vendorPatientId.strip().getBytes(StandardCharsets.UTF_8));
    return new PatientRef(Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "PatientTokenizer[HmacSHA256]";
  }
}
