package dev.clinicsync.connectors.google.internal;

import com.google.api.client.auth.oauth2.AuthorizationCodeFlow;
import com.google.api.client.auth.oauth2.AuthorizationCodeRequestUrl;
import com.google.api.client.auth.oauth2.BearerToken;
import com.google.api.client.auth.oauth2.ClientParametersAuthentication;
import com.google.api.client.auth.oauth2.TokenResponse;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.json.gson.GsonFactory;
import dev.clinicsync.connectors.kit.ClassifiedIOException;
import dev.clinicsync.connectors.kit.ConnectorHttp;
import dev.clinicsync.core.ConnectorAuthException;
import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.connector.AccountLinking;
import dev.clinicsync.core.connector.ConsentGrant;
import dev.clinicsync.core.connector.ConsentRequest;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.store.SecretStore;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Google side of a therapist's consent, with google-oauth-client's
 * {@link AuthorizationCodeFlow}: the authorization URL ({@link AuthorizationCodeRequestUrl}, with
 * {@code access_type=offline} and {@code prompt=consent} so Google always returns a refresh token)
 * and the code exchange ({@code AuthorizationCodeTokenRequest}), both over connector-kit's pipeline
 * through {@link KitHttpTransport}; the revocation, which the library does not offer, through the
 * same {@link ConnectorHttp}.
 *
 * <p><b>PKCE.</b> The coordinator makes the verifier and its S256 challenge and keeps the verifier
 * server-side with the state; this class sets the challenge on the URL
 * ({@link AuthorizationCodeRequestUrl#setCodeChallenge}) and the verifier on the token request.
 * The library's own PKCE ({@code Builder.enablePKCE()}) is not used: in 1.39.0 its verifier lives in
 * a package-private {@code PKCE} object made once per flow instance and never exposed, so a
 * consent begun on one request (or node) could only be finished by the very same flow object.
 *
 * <p>A flow is built per call from the OAuth client credentials in the host's
 * {@link SecretStore}, so rotated client credentials take effect at once. Failures are the kit's
 * classification with {@link GoogleErrorRules#tokenEndpoint()}: a refused code or grant
 * ({@code invalid_grant}) is a {@link ConnectorAuthException} with {@code reconsentRequired}.
 */
public final class GoogleConsentFlow implements AccountLinking {
  private static final Logger LOG = LoggerFactory.getLogger(GoogleConsentFlow.class);

  private final String connectorId;
  private final ClinicianId clinician;
  private final String grantSecretName;
  private final ConnectorHttp tokenHttp;
  private final KitHttpTransport transport;
  private final String tokenUrl;
  private final String authorizationUrl;
  private final HttpUrl revokeUrl;
  private final List<String> scopes;
  private final SecretStore secrets;
  private final String clientIdName;
  private final String clientSecretName;

  /**
   * @param tokenHttp the token endpoint's pipeline (no access-token provider, no retries)
   * @param grantSecretName where the connector reads the refresh token from
   */
  public GoogleConsentFlow(String connectorId, ClinicianId clinician, String grantSecretName, ConnectorHttp tokenHttp,
      String tokenUrl, String authorizationUrl, String revokeUrl, List<String> scopes, SecretStore secrets,
      String clientIdName, String clientSecretName) {
    this.connectorId = connectorId;
    this.clinician = clinician;
    this.grantSecretName = grantSecretName;
    this.tokenHttp = tokenHttp;
    this.transport = new KitHttpTransport(tokenHttp);
    this.tokenUrl = tokenUrl;
    this.authorizationUrl = authorizationUrl;
    HttpUrl revoke = HttpUrl.parse(revokeUrl);
    if (revoke == null) {
      throw new IllegalArgumentException("the revoke URL was validated by the settings");
    }
    this.revokeUrl = revoke;
    this.scopes = List.copyOf(scopes);
    this.secrets = secrets;
    this.clientIdName = clientIdName;
    this.clientSecretName = clientSecretName;
  }

  @Override
  public ClinicianId clinician() {
    return clinician;
  }

  @Override
  public String grantSecretName() {
    return grantSecretName;
  }

  @Override
  public URI authorizationUrl(ConsentRequest request) {
    AuthorizationCodeRequestUrl url = flow().newAuthorizationUrl()
        .setState(request.state())
        .setRedirectUri(request.redirectUri().toString());
    url.setCodeChallenge(request.codeChallenge());
    url.setCodeChallengeMethod("S256");
    url.set("access_type", "offline");
    url.set("prompt", "consent");
    url.set("include_granted_scopes", "true");
    return URI.create(url.build());
  }

  @Override
  public Secret exchange(ConsentGrant grant) {
    TokenResponse response;
    try {
      response = flow().newTokenRequest(grant.code())
          .setRedirectUri(grant.redirectUri().toString())
          .set("code_verifier", grant.codeVerifier())
          .execute();
    } catch (ClassifiedIOException e) {
      throw e.exception();
    } catch (IOException e) {
      throw tokenHttp.classifier().classify(e);
    } catch (IllegalArgumentException e) { // the library's parser refusing the body
      throw tokenHttp.classifier().malformed("the token response is not a Google token response", 200, null);
    }
    String refresh = response.getRefreshToken();
    if (refresh == null || refresh.isBlank()) {
      throw new PermanentConnectorException(connectorId, "Google answered the code exchange without a refresh token",
          200, null, null);
    }
    LOG.info("[{}] exchanged the therapist's authorization code", connectorId);
    return Secret.of(refresh);
  }

  @Override
  public void revoke(Secret grant) {
    Request request = new Request.Builder().url(revokeUrl)
        .post(new FormBody.Builder().add("token", grant.asString()).build())
        .build();
    try {
      tokenHttp.executeOnce(request, r -> Boolean.TRUE);
      LOG.info("[{}] revoked the therapist's Google grant", connectorId);
    } catch (ConnectorAuthException e) {
      if (e.httpStatus().orElse(0) != 400) {
        throw e;
      }
      // Google answers 400 invalid_token for a grant it no longer knows: already revoked
      LOG.info("[{}] Google no longer knew the therapist's grant; nothing to revoke", connectorId);
    }
  }

  private AuthorizationCodeFlow flow() {
    String clientId = secret(clientIdName);
    String clientSecret = secret(clientSecretName);
    return new AuthorizationCodeFlow.Builder(BearerToken.authorizationHeaderAccessMethod(), transport,
        GsonFactory.getDefaultInstance(), new GenericUrl(tokenUrl),
        new ClientParametersAuthentication(clientId, clientSecret), clientId, authorizationUrl)
        .setScopes(scopes)
        .build();
  }

  private String secret(String name) {
    Optional<Secret> s = secrets.get(name);
    if (s.isEmpty() || s.get().length() == 0) {
      throw new ConnectorAuthException(connectorId, "the Google OAuth client secret '" + name + "' is missing",
          0, null, false, null);
    }
    return s.get().asString().strip();
  }

  @Override
  public String toString() {
    return "GoogleConsentFlow[" + connectorId + "]";
  }
}
