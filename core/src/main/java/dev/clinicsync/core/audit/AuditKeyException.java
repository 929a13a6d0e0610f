package dev.clinicsync.core.audit;

import dev.clinicsync.core.ValidationException;

/**
 * The audit chain's signing key is missing from the host's {@link dev.clinicsync.core.store.SecretStore}
 * or is too short. The message names the secret (a name, never its value) and what is wrong with it.
 */
public class AuditKeyException extends ValidationException {
  private static final long serialVersionUID = 1L;

  private final String secretName;

  public AuditKeyException(String secretName, String message) {
    super(message);
    this.secretName = secretName;
  }

  /** The name of the secret the key is read from. */
  public String secretName() {
    return secretName;
  }
}
