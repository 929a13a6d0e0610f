package dev.clinicsync.core;

import org.jspecify.annotations.Nullable;

/** A storage SPI failed (the host's database, or one of the SDK's defaults). */
public class StorageException extends ClinicSyncException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
