package dev.clinicsync.connectors.kit;

import dev.clinicsync.core.ConnectorException;
import java.io.IOException;
import java.net.ProtocolException;

/**
 * Carries an already classified {@link ConnectorException} through OkHttp's interceptor chain,
 * whose interceptors may only throw {@link IOException}. {@link ConnectorHttp} and
 * {@link HttpErrorClassifier#classify(IOException)} unwrap it.
 *
 * <p>It is a {@link ProtocolException} so that OkHttp, when one is thrown below its retry layer
 * (by the {@link SsrfGuard}'s socket or network interceptor), treats it as final and neither
 * retries the request on another route nor sends it again.
 */
public final class ClassifiedIOException extends ProtocolException {
  private static final long serialVersionUID = 1L;

  private final ConnectorException exception;

  public ClassifiedIOException(ConnectorException exception) {
    super(exception.getMessage());
    initCause(exception);
    this.exception = exception;
  }

  /** The classified failure. */
  public ConnectorException exception() {
    return exception;
  }
}
