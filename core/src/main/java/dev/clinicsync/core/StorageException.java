package dev.clinicsync.core;

/** A storage SPI failed (the host's database, or one of the SDK's defaults). */
public class StorageException extends ClinicSyncException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
