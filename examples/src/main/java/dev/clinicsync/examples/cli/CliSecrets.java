package dev.clinicsync.examples.cli;

import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.audit.AuditKeys;
import dev.clinicsync.core.memory.EnvironmentSecretStore;
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
 * stores — a Google grant after {@code connect-google}, the two signing keys made on first use —
 * go to the file, rewritten atomically; without a file they cannot be stored and the CLI says so.
 */
final class CliSecrets implements SecretStore {
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
    for (String name : new String[] {PatientTokenizer.DEFAULT_KEY_NAME, AuditKeys.DEFAULT_SECRET_NAME}) {
      if (get(name).isEmpty()) {
        if (file.isEmpty()) {
          throw new StorageException("secret '" + name + "' is missing: set " + environment.variableFor(name)
              + " or name a secrets-file in the configuration");
        }
        byte[] key = new byte[32];
        random.nextBytes(key);
        put(name, Secret.of(Base64.getUrlEncoder().withoutPadding().encodeToString(key)));
      }
    }
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
