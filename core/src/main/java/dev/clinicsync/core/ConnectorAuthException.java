package dev.clinicsync.core;

import org.jspecify.annotations.Nullable;

/**
 * The vendor refused our credentials after one refresh, or a user grant was revoked. Needs a
 * human: new credentials, or re-consent by the user named in {@link #principalHint()}.
 */
public class ConnectorAuthException extends ConnectorException {
  private static final long serialVersionUID = 1L;

  private final boolean reconsentRequired;

  public ConnectorAuthException(
      String connectorId,
      String message,
      int httpStatus,
      @Nullable String vendorRequestId,
      boolean reconsentRequired,
      @Nullable Throwable cause) {
    super(connectorId, message, httpStatus, vendorRequestId, cause);
    this.reconsentRequired = reconsentRequired;
  }

  /** True when a user grant was revoked or expired and only that user's re-consent fixes it. */
  public boolean reconsentRequired() {
    return reconsentRequired;
  }

  /** Always the connector id: which account needs attention, never who the patient was. */
  public String principalHint() {
    return connectorId();
  }
}
