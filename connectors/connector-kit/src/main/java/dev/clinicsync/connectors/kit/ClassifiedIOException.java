package dev.clinicsync.connectors.kit;

import dev.clinicsync.core.ConnectorException;
import java.io.IOException;

/**
 * Carries an already classified {@link ConnectorException} through OkHttp's interceptor chain,
 * whose interceptors may only throw {@link IOException}. {@link ConnectorHttp} and
 * {@link HttpErrorClassifier#classify(IOException)} unwrap it.
 */
public final class ClassifiedIOException extends IOException {
  private static final long serialVersionUID = 1L;

  private final ConnectorException exception;

  public ClassifiedIOException(ConnectorException exception) {
    super(exception.getMessage(), exception);
    this.exception = exception;
  }

  /** The classified failure. */
  public ConnectorException exception() {
    return exception;
  }
}
