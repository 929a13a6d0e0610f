package dev.clinicsync.core;

import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A vendor call failed. Carries what support needs to chase it with the vendor — the connector,
 * the HTTP status and the vendor's request id — and nothing of the payload.
 *
 * <p>The subclass names the category, not the endpoint (as Stripe's exceptions do):
 * {@link RetryableConnectorException}, {@link ConnectorAuthException},
 * {@link PermanentConnectorException}, {@link CursorExpiredException}.
 */
public class ConnectorException extends ClinicSyncException {
  private static final long serialVersionUID = 1L;

  private final String connectorId;
  private final int httpStatus;
  private final @Nullable String vendorRequestId;

  /**
   * @param connectorId the connector instance that failed
   * @param message a PHI-free description
   * @param httpStatus the HTTP status, or 0 when there was none (a transport failure)
   * @param vendorRequestId the vendor's request/correlation id, when the response had one
   * @param cause the underlying failure, if any
   */
  public ConnectorException(
      String connectorId,
      String message,
      int httpStatus,
      @Nullable String vendorRequestId,
      @Nullable Throwable cause) {
    super(describe(connectorId, message, httpStatus, vendorRequestId), cause);
    this.connectorId = connectorId;
    this.httpStatus = httpStatus;
    this.vendorRequestId = vendorRequestId;
  }

  private static String describe(
      String connectorId, String message, int httpStatus, @Nullable String requestId) {
    StringBuilder sb = new StringBuilder().append('[').append(connectorId).append("] ").append(message);
    if (httpStatus > 0) {
      sb.append(" (HTTP ").append(httpStatus);
      if (requestId != null) {
        sb.append(", request id ").append(requestId);
      }
      sb.append(')');
    } else if (requestId != null) {
      sb.append(" (request id ").append(requestId).append(')');
    }
    return sb.toString();
  }

  /** The id of the connector instance that failed. */
  public String connectorId() {
    return connectorId;
  }

  /** The HTTP status of the failed call, empty for transport failures. */
  public OptionalInt httpStatus() {
    return httpStatus > 0 ? OptionalInt.of(httpStatus) : OptionalInt.empty();
  }

  /** The vendor's request id, when the vendor sent one. */
  public Optional<String> vendorRequestId() {
    return Optional.ofNullable(vendorRequestId);
  }

  /** Whether retrying the same call later may succeed. */
  public boolean isRetryable() {
    return false;
  }
}
