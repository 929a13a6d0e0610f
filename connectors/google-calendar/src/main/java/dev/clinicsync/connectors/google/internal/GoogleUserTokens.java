package dev.clinicsync.connectors.google.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clinicsync.connectors.kit.AccessToken;
import dev.clinicsync.connectors.kit.AccessTokenProvider;
import dev.clinicsync.connectors.kit.ConnectorHttp;
import dev.clinicsync.connectors.kit.VendorResponse;
import dev.clinicsync.core.ConnectorAuthException;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.store.SecretStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One therapist's Google user credentials behind connector-kit's {@link AccessTokenProvider}: the
 * OAuth 2.0 refresh-token grant against the configured token endpoint, sent through a
 * {@link ConnectorHttp} of its own (the kit's timeouts, SSRF guard, body cap, redacted logging and
 * error classification, with {@link GoogleErrorRules#tokenEndpoint()}; no auth interceptor).
 *
 * <p>The refresh token and the OAuth client id and secret are read from the host's
 * {@link SecretStore} on every refresh, so a re-consent takes effect without rebuilding the
 * connector; a refresh token Google rotates is stored back. Access tokens are cached until a minute
 * before they expire, by the injected clock. A revoked or expired grant ({@code invalid_grant}) is a
 * {@link ConnectorAuthException} with {@code reconsentRequired}: it concerns this therapist's
 * connector only.
 *
 * <p>The token request is sent once per call of {@link #token()}: it runs inside a Calendar call,
 * whose retry executor retries the whole call on a retryable failure. Thread-safe.
 */
public final class GoogleUserTokens implements AccessTokenProvider {
  private static final Logger LOG = LoggerFactory.getLogger(GoogleUserTokens.class);
  private static final Duration EARLY_REFRESH = Duration.ofMinutes(1);
  private static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

  private final String connectorId;
  private final ConnectorHttp http;
  private final HttpUrl tokenUrl;
  private final SecretStore secrets;
  private final String clientIdName;
  private final String clientSecretName;
  private final String refreshTokenName;
  private final Clock clock;

  private @Nullable AccessToken current;

  /**
   * @param http the token endpoint's pipeline, without an access-token provider
   * @param tokenUrl the token endpoint
   * @param clientIdName the secret holding the OAuth client id
   * @param clientSecretName the secret holding the OAuth client secret
   * @param refreshTokenName the secret holding this therapist's refresh token
   */
  public GoogleUserTokens(String connectorId, ConnectorHttp http, HttpUrl tokenUrl, SecretStore secrets,
      String clientIdName, String clientSecretName, String refreshTokenName, Clock clock) {
    this.connectorId = connectorId;
    this.http = http;
    this.tokenUrl = tokenUrl;
    this.secrets = secrets;
    this.clientIdName = clientIdName;
    this.clientSecretName = clientSecretName;
    this.refreshTokenName = refreshTokenName;
    this.clock = clock;
  }

  @Override
  public synchronized AccessToken token() {
    AccessToken token = current;
    if (token == null || token.expiresBefore(clock.instant().plus(EARLY_REFRESH))) {
      token = refresh();
      current = token;
    }
    return token;
  }

  @Override
  public synchronized void invalidate(AccessToken rejected) {
    if (rejected.equals(current)) {
      current = null;
    }
  }

  private AccessToken refresh() {
    String refreshToken = secret(refreshTokenName, true);
    String clientId = secret(clientIdName, false);
    String clientSecret = secret(clientSecretName, false);
    Request request = new Request.Builder().url(tokenUrl)
        .header("Accept", "application/json")
        .post(new FormBody.Builder()
            .add("grant_type", "refresh_token")
            .add("refresh_token", refreshToken)
            .add("client_id", clientId)
            .add("client_secret", clientSecret)
            .build())
        .build();
    Instant requestedAt = clock.instant();
    AccessToken token = http.executeOnce(request, response -> parse(response, refreshToken, requestedAt));
    LOG.debug("[{}] refreshed the Google access token", connectorId);
    return token;
  }

  private AccessToken parse(VendorResponse response, String refreshToken, Instant requestedAt) {
    JsonNode json = response.json();
    JsonNode access = json.path("access_token");
    if (!access.isTextual() || access.asText().isBlank()) {
      throw response.malformed("token response without an access_token");
    }
    JsonNode expiresIn = json.path("expires_in");
    Duration lifetime = expiresIn.canConvertToLong() && expiresIn.asLong() > 0
        ? Duration.ofSeconds(expiresIn.asLong()) : DEFAULT_LIFETIME;
    JsonNode rotated = json.path("refresh_token");
    if (rotated.isTextual() && !rotated.asText().isBlank() && !rotated.asText().equals(refreshToken)) {
      secrets.put(refreshTokenName, Secret.of(rotated.asText()));
      LOG.info("[{}] Google rotated the refresh token; stored the new one", connectorId);
    }
    return AccessToken.of(access.asText(), requestedAt.plus(lifetime));
  }

  private String secret(String name, boolean perTherapist) {
    Optional<Secret> s = secrets.get(name);
    if (s.isEmpty() || s.get().length() == 0) {
      if (perTherapist) {
        throw new ConnectorAuthException(connectorId, "no Google refresh token is stored for this therapist (secret '"
            + name + "'); the therapist must connect their Google account", 0, null, true, null);
      }
      throw new ConnectorAuthException(connectorId, "the Google OAuth client secret '" + name + "' is missing",
          0, null, false, null);
    }
    return s.get().asString().strip();
  }

  @Override
  public String toString() {
    return "GoogleUserTokens[" + connectorId + "]";
  }
}
