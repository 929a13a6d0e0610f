package dev.clinicsync.examples.cli;

import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.audit.AuditKeys;
import dev.clinicsync.core.memory.EnvironmentSecretStore;
import dev.clinicsync.core.phi.AesGcmPhiVault;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.store.SecretStore;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The CLI's secrets: a properties file of {@code name=value} lines (owner-readable only), and
 * {@code CLINICSYNC_*} environment variables for what the file does not hold. Secrets the CLI
 * stores — a Google grant after {@code connect-google}, the two signing keys and the PHI vault's
 * key made on first use —
 * go to the file, rewritten atomically; without a file they cannot be stored and the CLI says so.
 */
final class CliSecrets implements SecretStore {
  /** The secret holding the PHI vault's key: base64 of 32 random bytes, made on first use. */
  static final String PHI_VAULT_KEY = AesGcmPhiVault.DEFAULT_KEY_NAME;

  private final Optional<Path> file;
  private final EnvironmentSecretStore environment;

  CliSecrets(Optional<Path> file, Map<String, String> environment) {
    this.file = file;
    this.environment = new EnvironmentSecretStore("CLINICSYNC_", environment);
  }

  /**
   * Makes the patient-token and audit keys when neither the file nor the environment holds them:
   * random 32-byte keys written to the secrets file. Without a file, a missing key is an error
   * naming the environment variable to set.
   */
  void ensureKeys(SecureRandom random) {
    for (String name : new String[] {PatientTokenizer.DEFAULT_KEY_NAME, AuditKeys.DEFAULT_SECRET_NAME, PHI_VAULT_KEY}) {
      if (get(name).isEmpty()) {
        if (file.isEmpty()) {
          throw new StorageException("secret '" + name + "' is missing: set " + environment.variableFor(name)
              + " or name a secrets-file in the configuration");
        }
        byte[] key = new byte[32];
        random.nextBytes(key);
        put(name, Secret.of(name.equals(PHI_VAULT_KEY) ? Base64.getEncoder().encodeToString(key)
            : Base64.getUrlEncoder().withoutPadding().encodeToString(key)));
      }
    }
  }

  /**
   * The PHI vault's AES-256 key: the secret {@value #PHI_VAULT_KEY} (base64 of 32 bytes; the URL-safe
   * alphabet is accepted too), from the secrets file, else from the environment.
   *
   * @throws ConfigException when it is missing, not base64 or not 32 bytes: names the secret and the
   *     file (with its line) or the environment variable it came from, never the value
   */
  Secret phiVaultKey() {
    Optional<Path> inFile = file.filter(f -> read().getProperty(PHI_VAULT_KEY, "").length() > 0);
    String variable = environment.variableFor(PHI_VAULT_KEY);
    String text = get(PHI_VAULT_KEY).map(Secret::asString).orElseThrow(() -> ConfigException.fromEnvironment(
        variable, PHI_VAULT_KEY, "the PHI vault key is missing: set the variable or name a secrets-file"));
    byte[] key;
    String problem = "";
    try {
      String t = text.strip();
      key = (t.indexOf('-') >= 0 || t.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(t);
      if (key.length != 32) {
        problem = "must be base64 of 32 bytes (AES-256), decodes to " + key.length;
      }
    } catch (IllegalArgumentException e) {
      key = new byte[0];
      problem = "is not base64 (expected 32 bytes, base64-encoded)";
    }
    if (!problem.isEmpty()) {
      java.util.Arrays.fill(key, (byte) 0);
      throw inFile.isPresent() ? new ConfigException(inFile.get(), lineOf(inFile.get(), PHI_VAULT_KEY), PHI_VAULT_KEY,
          problem) : ConfigException.fromEnvironment(variable, PHI_VAULT_KEY, problem);
    }
    Secret secret = Secret.of(key);
    java.util.Arrays.fill(key, (byte) 0);
    return secret;
  }

  /** The 1-based line of {@code name=} in the secrets file; 0 when it cannot be told. */
  private static int lineOf(Path f, String name) {
    try {
      java.util.List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String l = lines.get(i).stripLeading();
        if (l.startsWith(name) && l.substring(name.length()).stripLeading().matches("^[=:].*")) {
          return i + 1;
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  @Override
  public Optional<Secret> get(String name) {
    String v = read().getProperty(name);
    return v != null && !v.isEmpty() ? Optional.of(Secret.of(v)) : environment.get(name);
  }

  @Override
  public synchronized void put(String name, Secret secret) {
    Properties p = read();
    p.setProperty(name, secret.asString());
    write(p, name);
  }

  @Override
  public synchronized void delete(String name) {
    Properties p = read();
    if (p.remove(name) != null) {
      write(p, name);
    }
  }

  private Properties read() {
    Properties p = new Properties();
    if (file.isEmpty() || !Files.exists(file.get())) {
      return p;
    }
    try (Reader r = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
      p.load(r);
      return p;
    } catch (IOException | IllegalArgumentException e) {
      throw new StorageException("the secrets file " + file.get().getFileName() + " cannot be read", e);
    }
  }

  private void write(Properties p, String name) {
    Path target = file.orElseThrow(() -> new StorageException(
        "secret '" + name + "' cannot be stored: name a secrets-file in the configuration"));
    try {
      Path dir = java.util.Objects.requireNonNull(target.toAbsolutePath().getParent(), "a file's directory");
      Files.createDirectories(dir);
      Path tmp = dir.resolve(target.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      try {
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
        Files.createFile(tmp);
      }
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        p.store(w, "clinicsync secrets: keep this file private");
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new StorageException("the secrets file " + target.getFileName() + " cannot be written", e);
    }
  }

  @Override
  public String toString() {
    return "CliSecrets[" + file.map(f -> f.getFileName().toString()).orElse("environment only") + "]";
  }
}
