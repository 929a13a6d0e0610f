package dev.clinicsync.core.store;

import java.util.Optional;

/**
 * The host's secrets: OAuth tokens, API keys, the patient-token HMAC key, users' refresh tokens.
 * Names are plain strings such as {@code "google/refresh-token/dr-lee"}.
 */
public interface SecretStore {

  Optional<Secret> get(String name);

  /**
   * Stores or replaces a secret.
   *
   * @throws dev.clinicsync.core.StorageException when the store is read-only
   */
  void put(String name, Secret secret);

  /** Removes a secret; does nothing when absent. */
  void delete(String name);
}
