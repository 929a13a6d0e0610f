package dev.clinicsync.core;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A transient vendor failure — 429, 5xx, a timeout, a reset connection, an empty response.
 * Retrying later may succeed; {@link #retryAfter()} carries the vendor's Retry-After when given.
 */
public class RetryableConnectorException extends ConnectorException {
  private static final long serialVersionUID = 1L;

  private final @Nullable Duration retryAfter;

  public RetryableConnectorException(
      String connectorId,
      String message,
      int httpStatus,
      @Nullable String vendorRequestId,
      @Nullable Duration retryAfter,
      @Nullable Throwable cause) {
    super(connectorId, message, httpStatus, vendorRequestId, cause);
    if (retryAfter != null && retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
    }
    this.retryAfter = retryAfter;
  }

  /** How long the vendor asked us to wait, when it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
