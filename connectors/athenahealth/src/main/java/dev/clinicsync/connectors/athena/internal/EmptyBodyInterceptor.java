package dev.clinicsync.connectors.athena.internal;

import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import dev.clinicsync.connectors.kit.HttpErrorClassifier;
import dev.clinicsync.core.Checks;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Tells an empty successful response (a proxy that cut the body, a server that sent none) from a
 * malformed one before HAPI parses it: empty is retryable, malformed is permanent. The body is
 * buffered for HAPI to read after; connector-kit's body cap has already bounded it.
 */
public final class EmptyBodyInterceptor implements IClientInterceptor {
  private final HttpErrorClassifier classifier;

  public EmptyBodyInterceptor(HttpErrorClassifier classifier) {
    this.classifier = Checks.notNull(classifier, "error classifier");
  }

  @Override
  public void interceptRequest(IHttpRequest request) {
    // nothing
  }

  @Override
  public void interceptResponse(IHttpResponse response) throws IOException {
    int status = response.getStatus();
    if (status < 200 || status >= 300 || status == 204) {
      return;
    }
    response.bufferEntity();
    try (InputStream in = response.readEntity()) {
      if (in == null || in.read() < 0) {
        throw classifier.emptyResponse(status, requestId(response));
      }
    }
  }

  private @Nullable String requestId(IHttpResponse response) {
    return classifier.requestId(name -> {
      List<String> values = response.getHeaders(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }).orElse(null);
  }

  @Override
  public String toString() {
    return "EmptyBodyInterceptor";
  }
}
