package dev.clinicsync.core;

import org.jspecify.annotations.Nullable;

/**
 * A vendor failure that retrying will not fix: a 4xx other than 401/408/429, a malformed
 * payload, a permission error.
 */
public class PermanentConnectorException extends ConnectorException {
  private static final long serialVersionUID = 1L;

  public PermanentConnectorException(
      String connectorId,
      String message,
      int httpStatus,
      @Nullable String vendorRequestId,
      @Nullable Throwable cause) {
    super(connectorId, message, httpStatus, vendorRequestId, cause);
  }
}
