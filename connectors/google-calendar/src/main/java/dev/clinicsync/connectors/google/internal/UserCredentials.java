package dev.clinicsync.connectors.google.internal;

import com.google.api.client.auth.oauth2.ClientParametersAuthentication;
import com.google.api.client.auth.oauth2.RefreshTokenRequest;
import com.google.api.client.auth.oauth2.TokenErrorResponse;
import com.google.api.client.auth.oauth2.TokenResponse;
import com.google.api.client.auth.oauth2.TokenResponseException;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.json.JsonFactory;
import dev.clinicsync.core.ConnectorAuthException;
import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.store.SecretStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One therapist's Google user credentials: the refresh token (and the OAuth client id and secret)
 * from the host's {@link SecretStore}, read again on every refresh so that a re-consent takes
 * effect without rebuilding the connector; access tokens fetched with google-oauth-client's
 * {@link RefreshTokenRequest} from the configured token endpoint and cached until a minute before
 * they expire (by the injected clock).
 *
 * <p>A revoked or expired grant ({@code invalid_grant}) is a {@link ConnectorAuthException} with
 * {@code reconsentRequired}: it concerns this therapist's connector only. Other token-endpoint
 * failures go through the connector's error policy. Thread-safe.
 */
public final class UserCredentials implements GoogleHttp.UserCredentialsSource {
  private static final Logger LOG = LoggerFactory.getLogger(UserCredentials.class);
  private static final Duration EARLY_REFRESH = Duration.ofMinutes(1);
  private static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

  private final String connectorId;
  private final HttpTransport transport;
  private final JsonFactory json;
  private final GenericUrl tokenUrl;
  private final SecretStore secrets;
  private final String clientIdName;
  private final String clientSecretName;
  private final String refreshTokenName;
  private final Clock clock;
  private final GoogleErrors errors;
  private final GoogleHttp.RequestSettings requestSettings;

  private @Nullable String accessToken;
  private Instant expiresAt = Instant.MIN;

  public UserCredentials(
      String connectorId,
      HttpTransport transport,
      JsonFactory json,
      String tokenUrl,
      SecretStore secrets,
      String clientIdName,
      String clientSecretName,
      String refreshTokenName,
      Clock clock,
      GoogleErrors errors,
      GoogleHttp.RequestSettings requestSettings) {
    this.connectorId = connectorId;
    this.transport = transport;
    this.json = json;
    this.tokenUrl = new GenericUrl(tokenUrl);
    this.secrets = secrets;
    this.clientIdName = clientIdName;
    this.clientSecretName = clientSecretName;
    this.refreshTokenName = refreshTokenName;
    this.clock = clock;
    this.errors = errors;
    this.requestSettings = requestSettings;
  }

  /** A valid access token, refreshed when missing or about to expire. */
  @Override
  public synchronized String accessToken() {
    if (accessToken == null || !clock.instant().isBefore(expiresAt.minus(EARLY_REFRESH))) {
      refresh();
    }
    return accessToken;
  }

  /** Forgets the token after Google refused it, unless another thread already replaced it. */
  @Override
  public synchronized void invalidate(@Nullable String refused) {
    if (refused != null && refused.equals(accessToken)) {
      accessToken = null;
      expiresAt = Instant.MIN;
    }
  }

  private void refresh() {
    String refreshToken = secret(refreshTokenName, true);
    String clientId = secret(clientIdName, false);
    String clientSecret = secret(clientSecretName, false);
    TokenResponse response;
    try {
      response = new RefreshTokenRequest(transport, json, tokenUrl, refreshToken)
          .setClientAuthentication(new ClientParametersAuthentication(clientId, clientSecret))
          .setRequestInitializer(requestSettings::apply)
          .execute();
    } catch (TokenResponseException e) {
      throw classify(e);
    } catch (IOException e) {
      throw errors.classify(e);
    } catch (IllegalArgumentException e) {
      throw errors.classifier().malformed("unreadable token response", 200, null);
    }
    if (response.getAccessToken() == null || response.getAccessToken().isBlank()) {
      throw errors.classifier().malformed("token response without an access_token", 200, null);
    }
    accessToken = response.getAccessToken();
    Long expiresIn = response.getExpiresInSeconds();
    expiresAt = clock.instant().plus(expiresIn == null || expiresIn <= 0 ? DEFAULT_LIFETIME : Duration.ofSeconds(expiresIn));
    String rotated = response.getRefreshToken();
    if (rotated != null && !rotated.isBlank() && !rotated.equals(refreshToken)) {
      secrets.put(refreshTokenName, Secret.of(rotated));
      LOG.info("[{}] Google rotated the refresh token; stored the new one", connectorId);
    }
    LOG.debug("[{}] refreshed the Google access token", connectorId);
  }

  private ConnectorException classify(TokenResponseException e) {
    String error = Optional.ofNullable(e.getDetails()).map(TokenErrorResponse::getError).orElse("");
    int status = e.getStatusCode();
    if (error.equals("invalid_grant")) {
      LOG.warn("[{}] the therapist's Google grant was revoked or expired: re-consent needed", connectorId);
      return new ConnectorAuthException(connectorId,
          "the therapist's Google authorization was revoked or has expired (invalid_grant); "
              + "the therapist must connect their Google account again", status, null, true, null);
    }
    if (error.equals("invalid_client") || error.equals("unauthorized_client")) {
      return new ConnectorAuthException(connectorId,
          "Google refused the OAuth client credentials (" + error + ")", status, null, false, null);
    }
    ConnectorException generic = errors.classify(e);
    if (status == 400 || status == 401) {
      return new ConnectorAuthException(connectorId, "Google refused to refresh the access token", status,
          generic.vendorRequestId().orElse(null), false, null);
    }
    return generic;
  }

  private String secret(String name, boolean perTherapist) {
    Optional<Secret> s = secrets.get(name);
    if (s.isEmpty() || s.get().length() == 0) {
      if (perTherapist) {
        return failMissing("no Google refresh token is stored for this therapist (secret '" + name
            + "'); the therapist must connect their Google account", true);
      }
      return failMissing("the Google OAuth client secret '" + name + "' is missing", false);
    }
    return s.get().asString().strip();
  }

  private String failMissing(String message, boolean reconsent) {
    throw new ConnectorAuthException(connectorId, message, 0, null, reconsent, null);
  }

  @Override
  public String toString() {
    return "UserCredentials[" + connectorId + "]";
  }
}
