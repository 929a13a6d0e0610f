package dev.clinicsync.core.memory;

import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.store.SecretStore;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A read-only {@link SecretStore} over environment variables: the secret
 * {@code google/client-secret} is read from {@code CLINICSYNC_GOOGLE_CLIENT_SECRET} (prefix, then
 * the name upper-cased with every character that is not a letter or digit turned into {@code _}).
 */
public final class EnvironmentSecretStore implements SecretStore {
  private final String prefix;
  private final Map<String, String> environment;

  /** Reads {@code System.getenv()} with the prefix {@code CLINICSYNC_}. */
  public EnvironmentSecretStore() {
    this("CLINICSYNC_", System.getenv());
  }

  /** Reads the given variables (tests pass a map) with a prefix. */
  public EnvironmentSecretStore(String prefix, Map<String, String> environment) {
    this.prefix = Checks.notNull(prefix, "prefix");
    this.environment = Map.copyOf(Checks.notNull(environment, "environment"));
  }

  /** The variable a secret name is read from. */
  public String variableFor(String name) {
    return prefix + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  @Override
  public Optional<Secret> get(String name) {
    return Optional.ofNullable(environment.get(variableFor(name))).filter(v -> !v.isEmpty()).map(Secret::of);
  }

  @Override
  public void put(String name, Secret secret) {
    throw new StorageException("environment secret store is read-only (tried to write '" + name + "')");
  }

  @Override
  public void delete(String name) {
    throw new StorageException("environment secret store is read-only (tried to delete '" + name + "')");
  }

  @Override
  public String toString() {
    return "EnvironmentSecretStore[" + prefix + "*]";
  }
}
