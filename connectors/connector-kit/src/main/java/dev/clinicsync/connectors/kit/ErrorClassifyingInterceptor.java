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
 * auth or permanent, with the status, the vendor request id and the Retry-After. Stateless.
 */
public final class ErrorClassifyingInterceptor implements Interceptor {
  private final HttpErrorClassifier classifier;

  public ErrorClassifyingInterceptor(HttpErrorClassifier classifier) {
    this.classifier = Checks.notNull(classifier, "error classifier");
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
    Optional<ConnectorException> failure = classifier.classify(response);
    if (failure.isPresent()) {
      response.close();
      throw new ClassifiedIOException(failure.get());
    }
    return response;
  }
}
