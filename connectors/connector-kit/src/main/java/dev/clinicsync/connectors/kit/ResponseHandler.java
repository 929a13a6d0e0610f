package dev.clinicsync.connectors.kit;

/**
 * Maps a successful {@link VendorResponse} to the connector's result. May throw the classified
 * failures of the response's parsing helpers; {@link ConnectorHttp#execute} retries the whole
 * call when they are retryable.
 *
 * @param <T> the result
 */
@FunctionalInterface
public interface ResponseHandler<T> {
  T handle(VendorResponse response);
}
