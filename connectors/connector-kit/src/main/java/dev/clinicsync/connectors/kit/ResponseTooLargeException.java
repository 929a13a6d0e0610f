package dev.clinicsync.connectors.kit;

import dev.clinicsync.core.PermanentConnectorException;
import org.jspecify.annotations.Nullable;

/**
 * A vendor response body was larger than the connector's cap ({@link HttpSettings#maxBodyBytes()},
 * counted after decompression). Reading stopped at the cap, so neither an endless body nor a small
 * gzip that inflates to gigabytes can exhaust memory. Permanent: the same request gets the same body.
 * Catch it by type, never by its message.
 */
public final class ResponseTooLargeException extends PermanentConnectorException {
  private static final long serialVersionUID = 1L;

  private final long limitBytes;

  /**
   * @param connectorId the connector that read the body
   * @param limitBytes the cap that was exceeded
   * @param httpStatus the response's status
   * @param vendorRequestId the vendor's request id, when the response had one
   */
  public ResponseTooLargeException(String connectorId, long limitBytes, int httpStatus, @Nullable String vendorRequestId) {
    super(connectorId, "the vendor response is larger than " + limitBytes + " bytes after decompression",
        httpStatus, vendorRequestId, null);
    this.limitBytes = limitBytes;
  }

  /** The cap, in bytes after decompression. */
  public long limitBytes() {
    return limitBytes;
  }
}
