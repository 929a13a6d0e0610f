package dev.clinicsync.core.memory;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.store.SecretStore;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link SecretStore} in memory, for tests and demos. */
public final class InMemorySecretStore implements SecretStore {
  private final ConcurrentHashMap<String, Secret> secrets = new ConcurrentHashMap<>();

  @Override
  public Optional<Secret> get(String name) {
    return Optional.ofNullable(secrets.get(name));
  }

  @Override
  public void put(String name, Secret secret) {
    secrets.put(Checks.notBlank(name, "secret name"), Checks.notNull(secret, "secret"));
  }

  @Override
  public void delete(String name) {
    secrets.remove(name);
  }

  /** Names only, never values. */
  @Override
  public String toString() {
    return "InMemorySecretStore" + secrets.keySet();
  }
}
