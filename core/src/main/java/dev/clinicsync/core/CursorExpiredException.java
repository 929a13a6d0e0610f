package dev.clinicsync.core;

import org.jspecify.annotations.Nullable;

/**
 * The vendor no longer accepts the stored incremental cursor (Google's 410 Gone). The
 * coordinator discards the cursor and runs a full, reconciling sync of the window.
 */
public class CursorExpiredException extends ConnectorException {
  private static final long serialVersionUID = 1L;

  public CursorExpiredException(
      String connectorId, int httpStatus, @Nullable String vendorRequestId, @Nullable Throwable cause) {
    super(connectorId, "the incremental sync cursor has expired; a full sync is needed",
        httpStatus, vendorRequestId, cause);
  }
}
