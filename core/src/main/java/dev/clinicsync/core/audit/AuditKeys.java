package dev.clinicsync.core.audit;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.store.SecretStore;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys of the audit chain, read from the host's {@link SecretStore}: the key named by
 * {@link #currentKeyId()} signs new events and checkpoints; any key id the store still holds
 * verifies the events written under it. The secret of key id {@code k} is named
 * {@code prefix + k}; by default {@value #DEFAULT_PREFIX}{@value #DEFAULT_KEY_ID}, i.e.
 * {@value #DEFAULT_SECRET_NAME}.
 *
 * <p><b>Rotation.</b> Store a new key under a new id ({@code secrets.put(keys.secretName("v2"),
 * AuditKeys.newKey())}), then build the log with {@code fromSecretStore(secrets, "v2")}. New events
 * and checkpoints carry {@code v2}; events and checkpoints written under {@code v1} keep verifying
 * as long as the store still holds {@code clinicsync/audit-hmac/v1}. Never change the value stored
 * under an id that has been used, and delete an old key only when its events no longer need to
 * verify.
 *
 * <p>Each key must be at least {@value #MIN_KEY_BYTES} bytes; {@link #newKey()} makes a random one.
 * The key must not be readable by those who can write the audit store: with it, they could re-sign
 * a rewritten chain.
 */
public final class AuditKeys {
  /** The secret-name prefix of audit keys unless another is given. */
  public static final String DEFAULT_PREFIX = "clinicsync/audit-hmac/";
  /** The key id new events are signed with unless another is given. */
  public static final String DEFAULT_KEY_ID = "v1";
  /** The secret the SDK reads its audit key from by default. */
  public static final String DEFAULT_SECRET_NAME = DEFAULT_PREFIX + DEFAULT_KEY_ID;
  /** The shortest key accepted, in bytes. */
  public static final int MIN_KEY_BYTES = 32;

  static final String KEY_ID_RULE = "1-64 letters, digits and ._- starting with a letter or digit";
  private static final String HMAC = "HmacSHA256";

  private final SecretStore secrets;
  private final String prefix;
  private final String currentKeyId;
  private final long lastUnkeyedSequence;
  private final ConcurrentHashMap<String, SecretKeySpec> loaded;

  private AuditKeys(SecretStore secrets, String prefix, String currentKeyId, long lastUnkeyedSequence,
      ConcurrentHashMap<String, SecretKeySpec> loaded) {
    this.secrets = secrets;
    this.prefix = prefix;
    this.currentKeyId = currentKeyId;
    this.lastUnkeyedSequence = lastUnkeyedSequence;
    this.loaded = loaded;
  }

  /**
   * Keys under {@value #DEFAULT_PREFIX}, signing with {@value #DEFAULT_KEY_ID}.
   *
   * @throws AuditKeyException when {@value #DEFAULT_SECRET_NAME} is missing or too short
   */
  public static AuditKeys fromSecretStore(SecretStore secrets) {
    return fromSecretStore(secrets, DEFAULT_PREFIX, DEFAULT_KEY_ID);
  }

  /**
   * Keys under {@value #DEFAULT_PREFIX}, signing with the given key id.
   *
   * @throws AuditKeyException when that key is missing or too short
   */
  public static AuditKeys fromSecretStore(SecretStore secrets, String currentKeyId) {
    return fromSecretStore(secrets, DEFAULT_PREFIX, currentKeyId);
  }

  /**
   * Keys named {@code prefix + keyId}, signing with {@code currentKeyId}. The current key is read
   * now, so a missing key fails at startup rather than at the first audited operation.
   *
   * @throws AuditKeyException when the current key is missing or shorter than {@value #MIN_KEY_BYTES} bytes
   * @throws ValidationException when the prefix is blank or the key id malformed
   */
  public static AuditKeys fromSecretStore(SecretStore secrets, String prefix, String currentKeyId) {
    Checks.notNull(secrets, "audit key secret store");
    Checks.notBlank(prefix, "audit key secret prefix");
    checkKeyId(currentKeyId, "current audit key id");
    AuditKeys keys = new AuditKeys(secrets, prefix, currentKeyId, 0, new ConcurrentHashMap<>());
    String name = keys.secretName(currentKeyId);
    Secret secret = secrets.get(name).orElseThrow(() -> new AuditKeyException(name,
        "the audit HMAC key '" + name + "' is not in the secret store"));
    if (secret.length() < MIN_KEY_BYTES) {
      throw new AuditKeyException(name, "the audit HMAC key '" + name + "' must be at least " + MIN_KEY_BYTES
          + " bytes, was " + secret.length());
    }
    keys.loaded.put(currentKeyId, new SecretKeySpec(secret.bytes(), HMAC));
    return keys;
  }

  /**
   * A random key held in this process only, under a key id of its own ({@code process-} and 12 hex
   * digits), for the SDK's in-memory defaults when the host gives no secret store. A trail signed
   * with it cannot be verified after a restart, and says so ({@link AuditVerification.Failure#UNKNOWN_KEY})
   * instead of looking tampered with. Hosts that keep their audit trail use {@link #fromSecretStore}.
   */
  public static AuditKeys inProcess() {
    byte[] id = new byte[6];
    new SecureRandom().nextBytes(id);
    String keyId = "process-" + HexFormat.of().formatHex(id);
    AuditKeys keys = new AuditKeys(NO_SECRETS, DEFAULT_PREFIX, keyId, 0, new ConcurrentHashMap<>());
    keys.loaded.put(keyId, new SecretKeySpec(newKey().bytes(), HMAC));
    return keys;
  }

  /** A secret store that holds nothing: the in-process key is never stored. */
  private static final SecretStore NO_SECRETS = new SecretStore() {
    @Override
    public Optional<Secret> get(String name) {
      return Optional.empty();
    }

    @Override
    public void put(String name, Secret secret) {
      throw new StorageException("the in-process audit key set stores no secrets");
    }

    @Override
    public void delete(String name) {
      // nothing is stored
    }
  };

  /**
   * These keys, also accepting the unkeyed (plain SHA-256) events 1 to {@code lastUnkeyedSequence}
   * that a version before the keyed chain wrote. Give the sequence of the last event the old
   * version wrote, once, when upgrading; every later event must be keyed. The keyed event that
   * follows covers the unkeyed prefix's last hash, so the prefix cannot be rewritten either.
   */
  public AuditKeys withUnkeyedPrefix(long lastUnkeyedSequence) {
    if (lastUnkeyedSequence < 0) {
      throw new ValidationException("the last unkeyed audit sequence must not be negative: " + lastUnkeyedSequence);
    }
    return new AuditKeys(secrets, prefix, currentKeyId, lastUnkeyedSequence, loaded);
  }

  /** A new random key of {@value #MIN_KEY_BYTES} bytes, for the host to put in its secret store. */
  public static Secret newKey() {
    byte[] bytes = new byte[MIN_KEY_BYTES];
    new SecureRandom().nextBytes(bytes);
    return Secret.of(bytes);
  }

  /** The key id new events and checkpoints are signed with. */
  public String currentKeyId() {
    return currentKeyId;
  }

  /** The secret name a key id is read from. */
  public String secretName(String keyId) {
    return prefix + keyId;
  }

  /** Events up to this sequence may be unkeyed; 0 when none may. */
  public long lastUnkeyedSequence() {
    return lastUnkeyedSequence;
  }

  /** Whether a string is a well-formed key id: {@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}}. */
  public static boolean isKeyId(String s) {
    int n = s.length();
    if (n == 0 || n > 64) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
        return false;
      }
    }
    return true;
  }

  static String checkKeyId(String keyId, String what) {
    Checks.notNull(keyId, what);
    if (!isKeyId(keyId)) {
      throw new ValidationException(what + " must be " + KEY_ID_RULE + " (length " + keyId.length() + ")");
    }
    return keyId;
  }

  /** A MAC under the current key. */
  Mac currentMac() {
    return newMac(Objects.requireNonNull(loaded.get(currentKeyId), "the current key is loaded"));
  }

  /**
   * A MAC under a key id, when the store holds a usable key for it. Keys found are kept: a key
   * id's value never changes.
   */
  Optional<Mac> mac(String keyId) {
    if (!isKeyId(keyId)) {
      return Optional.empty();
    }
    SecretKeySpec key = loaded.get(keyId);
    if (key == null) {
      Optional<Secret> secret = secrets.get(secretName(keyId));
      if (secret.isEmpty() || secret.get().length() < MIN_KEY_BYTES) {
        return Optional.empty();
      }
      key = loaded.computeIfAbsent(keyId, id -> new SecretKeySpec(secret.get().bytes(), HMAC));
    }
    return Optional.of(newMac(key));
  }

  private static Mac newMac(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
    }
  }

  /** Names and ids only, never key material. */
  @Override
  public String toString() {
    return "AuditKeys[" + prefix + "{" + currentKeyId + "}, unkeyed through " + lastUnkeyedSequence + "]";
  }
}
