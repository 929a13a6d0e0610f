package dev.clinicsync.connectors.athena.internal;

import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import dev.clinicsync.connectors.kit.AccessTokenProvider;
import dev.clinicsync.core.Checks;

/**
 * Puts {@code Authorization: Bearer <token>} on every FHIR request, asking the
 * {@link AccessTokenProvider} each time (HAPI's {@code BearerTokenAuthInterceptor} holds one fixed
 * token, which expires). Holds no token itself: stateless and shareable. The one refresh after a
 * 401 is {@link FhirApi}'s.
 */
public final class BearerTokenInterceptor implements IClientInterceptor {
  private final AccessTokenProvider tokens;

  public BearerTokenInterceptor(AccessTokenProvider tokens) {
    this.tokens = Checks.notNull(tokens, "access token provider");
  }

  @Override
  public void interceptRequest(IHttpRequest request) {
    request.removeHeaders("Authorization");
    request.addHeader("Authorization", tokens.token().bearerHeader());
  }

  @Override
  public void interceptResponse(IHttpResponse response) {
    // nothing: error statuses never reach HAPI, connector-kit classifies them first
  }

  @Override
  public String toString() {
    return "BearerTokenInterceptor";
  }
}
