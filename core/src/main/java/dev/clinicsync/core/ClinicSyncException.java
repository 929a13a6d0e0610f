package dev.clinicsync.core;

import org.jspecify.annotations.Nullable;

/**
 * Root of every exception the SDK throws. Unchecked, and deliberately not sealed: third-party
 * connectors may add their own subclasses.
 *
 * <p>Messages never contain PHI: they name ids, fields and vendor record ids, never patient data.
 */
public class ClinicSyncException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ClinicSyncException(String message) {
    super(message);
  }

  public ClinicSyncException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
