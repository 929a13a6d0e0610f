package dev.clinicsync.connectors.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clinicsync.core.ConnectorAuthException;
import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.store.SecretStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OAuth 2.0 client-credentials {@link AccessTokenProvider}. The client id and secret are read
 * from the host's {@link SecretStore} at every refresh (so rotated credentials are picked up) and
 * never logged. The token is cached and refreshed {@link Builder#refreshSkew ahead of} its expiry;
 * one refresh runs at a time while other callers wait for its result.
 *
 * <p>Vendors differ, so the shape of the token request is configured:
 * <ul>
 *   <li>athenahealth: form body, HTTP Basic client authentication, a {@code scope};
 *   <li>Zocdoc: JSON (or form) body with the credentials in it and an {@code audience}.
 * </ul>
 *
 * <p>Failures are classified: a refused client (400/401/403 from the token endpoint) is a
 * {@link ConnectorAuthException}; 429 and 5xx are retryable; a response without an
 * {@code access_token} is permanent; a body over {@link Builder#maxBodyBytes} (counted after
 * decompression, {@value #DEFAULT_MAX_BODY_BYTES} bytes unless set) is a
 * {@link ResponseTooLargeException}. The call runs under the client's call timeout.
 */
public final class ClientCredentialsTokenSource implements AccessTokenProvider {
  private static final Logger LOG = LoggerFactory.getLogger(ClientCredentialsTokenSource.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  /** The largest token response read unless another limit is set: 256 KiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 256L * 1024;

  /** How the token request's parameters travel. */
  public enum BodyFormat {
    /** {@code application/x-www-form-urlencoded} (RFC 6749). */
    FORM,
    /** A JSON object (Zocdoc's documented form). */
    JSON
  }

  /** How the client authenticates at the token endpoint. */
  public enum ClientAuthentication {
    /** HTTP Basic with client id and secret ({@code client_secret_basic}). */
    BASIC,
    /** {@code client_id} and {@code client_secret} in the body ({@code client_secret_post}). */
    BODY
  }

  private final HttpUrl tokenUrl;
  private final SecretStore secrets;
  private final String clientIdSecret;
  private final String clientSecretSecret;
  private final BodyFormat bodyFormat;
  private final ClientAuthentication clientAuthentication;
  private final Map<String, String> parameters;
  private final Duration refreshSkew;
  private final Duration defaultLifetime;
  private final Clock clock;
  private final OkHttpClient client;
  private final HttpErrorClassifier classifier;
  private final long maxBodyBytes;
  private final AtomicReference<@Nullable AccessToken> cached = new AtomicReference<>();
  private final ReentrantLock refreshLock = new ReentrantLock();

  private ClientCredentialsTokenSource(Builder b) {
    this.tokenUrl = Checks.notNull(b.tokenUrl, "token URL");
    this.secrets = b.secrets;
    this.clientIdSecret = Checks.notBlank(b.clientIdSecret, "client id secret name");
    this.clientSecretSecret = Checks.notBlank(b.clientSecretSecret, "client secret secret name");
    this.bodyFormat = b.bodyFormat;
    this.clientAuthentication = b.clientAuthentication;
    this.parameters = Map.copyOf(b.parameters);
    this.refreshSkew = b.refreshSkew;
    this.defaultLifetime = b.defaultLifetime;
    this.clock = b.clock;
    this.client = b.client;
    this.classifier = HttpErrorClassifier.forConnector(b.connectorId, b.clock);
    this.maxBodyBytes = b.maxBodyBytes;
  }

  /**
   * A builder.
   *
   * @param connectorId the connector the tokens are for (named in errors)
   * @param tokenUrl the token endpoint
   * @param secrets where the client id and secret are read
   * @param clock decides when a token is due for refresh
   */
  public static Builder builder(ConnectorId connectorId, String tokenUrl, SecretStore secrets, Clock clock) {
    return new Builder(connectorId, tokenUrl, secrets, clock);
  }

  @Override
  public AccessToken token() {
    AccessToken current = cached.get();
    if (current != null && isFresh(current)) {
      return current;
    }
    refreshLock.lock();
    try {
      current = cached.get();
      if (current != null && isFresh(current)) {
        return current;
      }
      AccessToken fresh = fetch();
      cached.set(fresh);
      return fresh;
    } finally {
      refreshLock.unlock();
    }
  }

  @Override
  public void invalidate(AccessToken rejected) {
    cached.compareAndSet(rejected, null);
  }

  private boolean isFresh(AccessToken token) {
    return !token.expiresBefore(clock.instant().plus(refreshSkew));
  }

  private AccessToken fetch() {
    Secret clientId = secret(clientIdSecret);
    Secret clientSecret = secret(clientSecretSecret);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("grant_type", "client_credentials");
    if (clientAuthentication == ClientAuthentication.BODY) {
      params.put("client_id", clientId.asString());
      params.put("client_secret", clientSecret.asString());
    }
    params.putAll(parameters);
    Request.Builder request = new Request.Builder().url(tokenUrl).post(body(params))
        .header("Accept", "application/json");
    if (clientAuthentication == ClientAuthentication.BASIC) {
      request.header("Authorization", Credentials.basic(clientId.asString(), clientSecret.asString()));
    }
    Instant requestedAt = clock.instant();
    try (Response response = client.newCall(request.build()).execute()) {
      String requestId = classifier.requestId(response).orElse(null);
      if (response.code() == 400 || response.code() == 401 || response.code() == 403) {
        throw classifier.auth("the token endpoint refused the client credentials", response.code(), requestId);
      }
      Optional<ConnectorException> failure = classifier.classify(response);
      if (failure.isPresent()) {
        throw failure.get();
      }
      JsonNode json = VendorJson.read(readCapped(response, requestId), classifier, response.code(), requestId);
      return parse(json, requestedAt, response.code(), requestId);
    } catch (IOException e) {
      throw classifier.classify(e);
    }
  }

  private byte[] readCapped(Response response, @Nullable String requestId) throws IOException {
    okhttp3.ResponseBody body = response.body();
    if (body.contentLength() > maxBodyBytes || body.source().request(maxBodyBytes + 1)) {
      throw classifier.tooLarge(maxBodyBytes, response.code(), requestId);
    }
    return body.source().readByteArray();
  }

  private AccessToken parse(JsonNode json, Instant requestedAt, int status, @Nullable String requestId) {
    JsonNode token = json.path("access_token");
    if (!token.isTextual() || token.asText().isBlank()) {
      throw classifier.malformed("token response without access_token", status, requestId);
    }
    JsonNode type = json.path("token_type");
    if (!type.isMissingNode() && !type.asText().toLowerCase(Locale.ROOT).equals("bearer")) {
      throw classifier.malformed("token type is not Bearer", status, requestId);
    }
    Duration lifetime = defaultLifetime;
    JsonNode expiresIn = json.path("expires_in");
    if (!expiresIn.isMissingNode() && !expiresIn.isNull()) {
      long seconds = expiresIn.isNumber() ? expiresIn.asLong() : parseSeconds(expiresIn.asText(), status, requestId);
      lifetime = Duration.ofSeconds(seconds);
    }
    Instant expiresAt = requestedAt.plus(lifetime);
    LOG.debug("[{}] access token refreshed, expires at {}", classifier.connectorId(), expiresAt);
    return AccessToken.of(token.asText(), expiresAt);
  }

  private long parseSeconds(String text, int status, @Nullable String requestId) {
    try {
      long v = Long.parseLong(text.strip());
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw classifier.malformed("expires_in is not a number of seconds", status, requestId);
    }
  }

  private RequestBody body(Map<String, String> params) {
    if (bodyFormat == BodyFormat.JSON) {
      ObjectNode node = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
      params.forEach(node::put);
      return RequestBody.create(node.toString(), JSON);
    }
    FormBody.Builder form = new FormBody.Builder();
    params.forEach(form::add);
    return form.build();
  }

  private Secret secret(String name) {
    return secrets.get(name).orElseThrow(() -> new ConnectorAuthException(classifier.connectorId().value(),
        "secret '" + name + "' is not in the secret store", 0, null, false, null));
  }

  @Override
  public String toString() {
    return "ClientCredentialsTokenSource[" + classifier.connectorId() + " " + tokenUrl.host() + ", "
        + bodyFormat + ", " + clientAuthentication + "]";
  }

  /** Builds a {@link ClientCredentialsTokenSource}. */
  public static final class Builder {
    private final ConnectorId connectorId;
    private final HttpUrl tokenUrl;
    private final SecretStore secrets;
    private final Clock clock;
    private @Nullable String clientIdSecret;
    private @Nullable String clientSecretSecret;
    private BodyFormat bodyFormat = BodyFormat.FORM;
    private ClientAuthentication clientAuthentication = ClientAuthentication.BASIC;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private Duration refreshSkew = Duration.ofMinutes(1);
    private Duration defaultLifetime = Duration.ofMinutes(5);
    private OkHttpClient client = HttpClients.shared();
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

    private Builder(ConnectorId connectorId, String tokenUrl, SecretStore secrets, Clock clock) {
      this.connectorId = Checks.notNull(connectorId, "connector id");
      Checks.notBlank(tokenUrl, "token URL");
      HttpUrl url = HttpUrl.parse(tokenUrl);
      if (url == null) {
        throw new ValidationException("connector " + connectorId + ": token URL is not an http(s) URL");
      }
      this.tokenUrl = url;
      this.secrets = Checks.notNull(secrets, "secret store");
      this.clock = Checks.notNull(clock, "clock");
    }

    /** The names of the client id and client secret in the {@link SecretStore}. */
    public Builder credentials(String clientIdSecretName, String clientSecretSecretName) {
      this.clientIdSecret = Checks.notBlank(clientIdSecretName, "client id secret name");
      this.clientSecretSecret = Checks.notBlank(clientSecretSecretName, "client secret secret name");
      return this;
    }

    public Builder bodyFormat(BodyFormat format) {
      this.bodyFormat = Checks.notNull(format, "body format");
      return this;
    }

    public Builder clientAuthentication(ClientAuthentication auth) {
      this.clientAuthentication = Checks.notNull(auth, "client authentication");
      return this;
    }

    /** The {@code scope} parameter (space-separated scopes). */
    public Builder scope(String scope) {
      return parameter("scope", scope);
    }

    /** The {@code audience} parameter (Zocdoc, Auth0-style servers). */
    public Builder audience(String audience) {
      return parameter("audience", audience);
    }

    /** Any other token-request parameter. */
    public Builder parameter(String name, String value) {
      Checks.notBlank(name, "token parameter name");
      if (name.equals("grant_type") || name.equals("client_secret")) {
        throw new ValidationException("token parameter '" + name + "' is set by the token source itself");
      }
      parameters.put(name, Checks.notBlank(value, "token parameter " + name));
      return this;
    }

    /** How long before expiry a token is refreshed; one minute unless set (athena: 15 minutes). */
    public Builder refreshSkew(Duration skew) {
      Checks.notNull(skew, "refresh skew");
      if (skew.isNegative()) {
        throw new ValidationException("refresh skew must not be negative: " + skew);
      }
      this.refreshSkew = skew;
      return this;
    }

    /** The lifetime assumed when the response has no {@code expires_in}; 5 minutes unless set. */
    public Builder defaultLifetime(Duration lifetime) {
      Checks.notNull(lifetime, "default token lifetime");
      if (lifetime.isNegative() || lifetime.isZero()) {
        throw new ValidationException("default token lifetime must be positive: " + lifetime);
      }
      this.defaultLifetime = lifetime;
      return this;
    }

    /** The client for token requests (without the auth interceptor!); the shared one unless set. */
    public Builder httpClient(OkHttpClient httpClient) {
      this.client = Checks.notNull(httpClient, "token HTTP client");
      return this;
    }

    /** The largest token response read, after decompression; {@value #DEFAULT_MAX_BODY_BYTES} unless set. */
    public Builder maxBodyBytes(long bytes) {
      HttpSettings.checkMaxBodyBytes(bytes, "token response max body bytes");
      this.maxBodyBytes = bytes;
      return this;
    }

    public ClientCredentialsTokenSource build() {
      if (clientIdSecret == null || clientSecretSecret == null) {
        throw new ValidationException("connector " + connectorId + ": token source needs credentials(idName, secretName)");
      }
      return new ClientCredentialsTokenSource(this);
    }
  }
}
