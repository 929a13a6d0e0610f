package dev.clinicsync.connectors.kit;

import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.Checks;
import java.io.IOException;
import java.util.Optional;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Turns every error response (status 400 and up) and every transport failure into a classified
 * {@link ConnectorException}, carried out of OkHttp as a {@link ClassifiedIOException}: retryable,
 * auth or permanent, with the status, the vendor request id and the Retry-After. A vendor's
 * {@link VendorErrorRules} are consulted first, with the start of the error body; the generic
 * classification decides whatever they leave. Stateless.
 */
public final class ErrorClassifyingInterceptor implements Interceptor {
  private final HttpErrorClassifier classifier;
  private final VendorErrorRules rules;

  public ErrorClassifyingInterceptor(HttpErrorClassifier classifier) {
    this(classifier, VendorErrorRules.NONE);
  }

  public ErrorClassifyingInterceptor(HttpErrorClassifier classifier, VendorErrorRules rules) {
    this.classifier = Checks.notNull(classifier, "error classifier");
    this.rules = Checks.notNull(rules, "vendor error rules");
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response;
    try {
      response = chain.proceed(chain.request());
    } catch (ClassifiedIOException e) {
      throw e;
    } catch (IOException e) {
      throw new ClassifiedIOException(classifier.classify(e));
    }
    if (response.code() < 400) {
      return response;
    }
    Optional<ConnectorException> failure;
    try {
      failure = rules == VendorErrorRules.NONE ? Optional.empty() : rules.classify(response, errorBody(response), classifier);
      if (failure.isEmpty()) {
        failure = classifier.classify(response);
      }
    } finally {
      response.close();
    }
    throw new ClassifiedIOException(failure.orElseThrow());
  }

  /** The start of an error body; empty when there is none or it cannot be read. */
  private static byte[] errorBody(Response response) {
    try {
      return response.peekBody(VendorErrorRules.MAX_ERROR_BODY_BYTES).bytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }
}
