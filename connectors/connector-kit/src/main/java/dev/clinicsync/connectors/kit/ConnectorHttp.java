package dev.clinicsync.connectors.kit;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.ConnectorId;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.random.RandomGenerator;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * One connector instance's HTTP: a variant of the {@linkplain HttpClients#shared() shared client}
 * (same pool) with the connector's timeouts and the kit's interceptors, in this order —
 * {@link AuthInterceptor} (when an {@link AccessTokenProvider} is given),
 * {@link ErrorClassifyingInterceptor}, {@link RateLimitInterceptor} (when a {@link RateLimiter}
 * is given), {@link RedactingLoggingInterceptor} — plus a {@link RetryExecutor} around each call.
 *
 * <pre>{@code
 * ConnectorHttp http = ConnectorHttp.builder(config.id(), context.clock())
 *     .settings(HttpSettings.from(config))
 *     .accessTokens(tokenSource)
 *     .rateLimiter(RateLimiter.fromConfig(config, 10, context.clock(), Sleeper.system()))
 *     .build();
 * Page page = http.execute(request, response -> mapper.page(response.json()));
 * }</pre>
 *
 * <p>{@link #execute} reads the body whole (at most {@link Builder#maxBodyBytes}) before the
 * handler runs, so a connection reset mid-body is a classified, retryable failure and never a
 * half-read page.
 */
public final class ConnectorHttp {
  /** The largest body read unless another limit is set: 32 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = VendorJson.MAX_DOCUMENT_LENGTH;

  private final OkHttpClient client;
  private final HttpErrorClassifier classifier;
  private final RetryExecutor retries;
  private final long maxBodyBytes;

  private ConnectorHttp(Builder b) {
    this.classifier = HttpErrorClassifier.forConnector(b.connectorId, b.clock).withRequestIdHeaders(b.requestIdHeaders);
    OkHttpClient.Builder cb = HttpClients.withSettings(b.baseClient.newBuilder(), b.settings);
    if (b.ssrfGuard != null) {
      cb.dns(b.ssrfGuard.dns());
    }
    if (b.accessTokens != null) {
      cb.addInterceptor(new AuthInterceptor(b.accessTokens, classifier));
    }
    cb.addInterceptor(new ErrorClassifyingInterceptor(classifier, b.errorRules));
    if (b.rateLimiter != null) {
      cb.addInterceptor(new RateLimitInterceptor(b.rateLimiter));
    }
    cb.addInterceptor(new RedactingLoggingInterceptor(b.redaction, classifier));
    this.client = cb.build();
    this.retries = b.retries;
    this.maxBodyBytes = b.maxBodyBytes;
  }

  /** A builder for a connector instance; {@code clock} reads HTTP-date Retry-After values. */
  public static Builder builder(ConnectorId connectorId, Clock clock) {
    return new Builder(connectorId, clock);
  }

  /** The configured client, for libraries that take an OkHttp client (no retries around it). */
  public OkHttpClient client() {
    return client;
  }

  public HttpErrorClassifier classifier() {
    return classifier;
  }

  public RetryExecutor retries() {
    return retries;
  }

  /**
   * Sends an idempotent request, retrying retryable failures (of the call and of the handler)
   * under the {@link RetryExecutor}.
   *
   * @throws dev.clinicsync.core.ConnectorException classified, when the call finally fails
   */
  public <T> T execute(Request request, ResponseHandler<T> handler) {
    return retries.call(() -> executeOnce(request, handler));
  }

  /** Sends a request once, without retries (non-idempotent writes). */
  public <T> T executeOnce(Request request, ResponseHandler<T> handler) {
    VendorResponse response;
    try (Response r = client.newCall(request).execute()) {
      response = new VendorResponse(r.code(), r.headers(), readBody(r), classifier);
    } catch (IOException e) {
      throw classifier.classify(e);
    }
    return handler.handle(response);
  }

  private byte[] readBody(Response r) throws IOException {
    ResponseBody body = r.body();
    BufferedSource source = body.source();
    if (source.request(maxBodyBytes + 1)) {
      throw new ClassifiedIOException(classifier.permanent(
          "the vendor response is larger than " + maxBodyBytes + " bytes", r.code(),
          classifier.requestId(r).orElse(null), null));
    }
    return source.readByteArray();
  }

  @Override
  public String toString() {
    return "ConnectorHttp[" + classifier.connectorId() + "]";
  }

  /** Builds a {@link ConnectorHttp}. */
  public static final class Builder {
    private final ConnectorId connectorId;
    private final Clock clock;
    private HttpSettings settings = HttpSettings.DEFAULTS;
    private OkHttpClient baseClient = HttpClients.shared();
    private @Nullable AccessTokenProvider accessTokens;
    private @Nullable RateLimiter rateLimiter;
    private @Nullable SsrfGuard ssrfGuard;
    private RetryExecutor retries = RetryExecutor.of(Backoff.DEFAULT, Sleeper.system(), RandomGenerator.getDefault());
    private Redaction redaction = Redaction.defaults();
    private List<String> requestIdHeaders = HttpErrorClassifier.DEFAULT_REQUEST_ID_HEADERS;
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private VendorErrorRules errorRules = VendorErrorRules.NONE;

    private Builder(ConnectorId connectorId, Clock clock) {
      this.connectorId = Checks.notNull(connectorId, "connector id");
      this.clock = Checks.notNull(clock, "clock");
    }

    public Builder settings(HttpSettings s) {
      this.settings = Checks.notNull(s, "HTTP settings");
      return this;
    }

    /** The client to derive from; {@link HttpClients#shared()} unless given. */
    public Builder baseClient(OkHttpClient client) {
      this.baseClient = Checks.notNull(client, "base client");
      return this;
    }

    public Builder accessTokens(AccessTokenProvider provider) {
      this.accessTokens = Checks.notNull(provider, "access token provider");
      return this;
    }

    public Builder rateLimiter(RateLimiter limiter) {
      this.rateLimiter = Checks.notNull(limiter, "rate limiter");
      return this;
    }

    /** Checks every resolved address (for URLs that come from configuration or data). */
    public Builder ssrfGuard(SsrfGuard guard) {
      this.ssrfGuard = Checks.notNull(guard, "SSRF guard");
      return this;
    }

    public Builder retries(RetryExecutor executor) {
      this.retries = Checks.notNull(executor, "retry executor");
      return this;
    }

    public Builder redaction(Redaction r) {
      this.redaction = Checks.notNull(r, "redaction");
      return this;
    }

    public Builder requestIdHeaders(List<String> headers) {
      this.requestIdHeaders = List.copyOf(headers);
      return this;
    }

    public Builder maxBodyBytes(long bytes) {
      if (bytes < 1) {
        throw new ValidationException("max body bytes must be positive: " + bytes);
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /** The vendor's error facts, consulted before the generic classification; none unless given. */
    public Builder errorRules(VendorErrorRules rules) {
      this.errorRules = Checks.notNull(rules, "vendor error rules");
      return this;
    }

    public ConnectorHttp build() {
      return new ConnectorHttp(this);
    }
  }
}
