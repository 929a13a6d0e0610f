package dev.clinicsync.connectors.kit;

import dev.clinicsync.core.ConnectorAuthException;
import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.Checks;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Adds {@code Authorization: Bearer <token>}, asking the {@link AccessTokenProvider} on every
 * call (nothing is kept in a field: the interceptor is stateless and shareable). On a 401 it
 * invalidates the token and retries once with a fresh one; a second 401 fails with
 * {@link ConnectorAuthException}. Place it before (outside) the
 * {@link ErrorClassifyingInterceptor}, whose classified 401 it also understands.
 */
public final class AuthInterceptor implements Interceptor {
  private final AccessTokenProvider tokens;
  private final HttpErrorClassifier classifier;

  public AuthInterceptor(AccessTokenProvider tokens, HttpErrorClassifier classifier) {
    this.tokens = Checks.notNull(tokens, "access token provider");
    this.classifier = Checks.notNull(classifier, "error classifier");
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    AccessToken first = token();
    Outcome outcome = attempt(chain, request, first);
    if (outcome.response != null) {
      return outcome.response;
    }
    tokens.invalidate(first);
    Outcome retried = attempt(chain, request, token());
    if (retried.response != null) {
      return retried.response;
    }
    throw new ClassifiedIOException(classifier.auth(
        "the vendor refused the credentials after one token refresh", 401, retried.requestId));
  }

  /** Either a response, or a 401 with its request id. */
  private record Outcome(@Nullable Response response, @Nullable String requestId) {}

  private Outcome attempt(Chain chain, Request request, AccessToken token) throws IOException {
    Request authorized = request.newBuilder().header("Authorization", token.bearerHeader()).build();
    try {
      Response response = chain.proceed(authorized);
      if (response.code() != 401) {
        return new Outcome(response, null);
      }
      String requestId = classifier.requestId(response).orElse(null);
      response.close();
      return new Outcome(null, requestId);
    } catch (ClassifiedIOException e) {
      if (e.exception() instanceof ConnectorAuthException a && a.httpStatus().orElse(0) == 401) {
        return new Outcome(null, a.vendorRequestId().orElse(null));
      }
      throw e;
    }
  }

  private AccessToken token() throws ClassifiedIOException {
    try {
      return tokens.token();
    } catch (ConnectorException e) {
      throw new ClassifiedIOException(e);
    }
  }
}
