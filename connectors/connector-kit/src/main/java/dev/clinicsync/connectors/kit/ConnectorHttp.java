package dev.clinicsync.connectors.kit;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.model.ConnectorId;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
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
 * (same pool) with the connector's {@link HttpSettings} and the kit's interceptors, in this order —
 * {@link BodyLimitInterceptor}, the {@link SsrfGuard}'s first-hop check, {@link AuthInterceptor}
 * (when an {@link AccessTokenProvider} is given), {@link ErrorClassifyingInterceptor},
 * {@link RateLimitInterceptor} (when a {@link RateLimiter} is given),
 * {@link RedactingLoggingInterceptor} — the guard's socket factory and network interceptor, and a
 * {@link RetryExecutor} around each call.
 *
 * <pre>{@code
 * ConnectorHttp http = ConnectorHttp.builder(config.id(), context.clock())
 *     .config(config)                   // HttpSettings.from(config) and SsrfGuard.from(config)
 *     .accessTokens(tokenSource)
 *     .rateLimiter(RateLimiter.fromConfig(config, 10, context.clock(), Sleeper.system()))
 *     .build();
 * Page page = http.execute(request, response -> mapper.page(response.json()));
 * }</pre>
 *
 * <p>Every call, through {@link #execute}, {@link #executeOnce} or {@link #client()}:
 * <ul>
 *   <li>is guarded: {@link SsrfGuard#strict()} unless another guard is given — https only, public
 *       addresses only, on every hop; a refusal is a {@link BlockedAddressException};
 *   <li>ends within the call timeout ({@link HttpSettings#callTimeout()}, which must be positive
 *       here), the whole body read included: a body dripping byte by byte ends as a retryable
 *       timeout;
 *   <li>reads at most {@link HttpSettings#maxBodyBytes()} bytes of body, counted after
 *       decompression; more is a {@link ResponseTooLargeException}.
 * </ul>
 * {@link #execute} reads the body whole before the handler runs, so a connection reset mid-body
 * is a classified, retryable failure and never a half-read page.
 */
public final class ConnectorHttp {
  /** The largest body read unless another limit is set: 32 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = HttpSettings.DEFAULT_MAX_BODY_BYTES;

  private final OkHttpClient client;
  private final HttpErrorClassifier classifier;
  private final RetryExecutor retries;
  private final long maxBodyBytes;

  private ConnectorHttp(Builder b) {
    this.classifier = HttpErrorClassifier.forConnector(b.connectorId, b.clock)
        .withRequestIdHeaders(b.requestIdHeaders).withKnownReasons(b.reasons);
    if (b.settings.callTimeout().isZero()) {
      throw new ValidationException("connector " + b.connectorId + ": ConnectorHttp needs a positive call timeout");
    }
    this.maxBodyBytes = b.maxBodyBytes != null ? b.maxBodyBytes : b.settings.maxBodyBytes();
    OkHttpClient.Builder cb = HttpClients.withSettings(b.baseClient.newBuilder(), b.settings);
    cb.addInterceptor(new BodyLimitInterceptor(maxBodyBytes, classifier));
    b.ssrfGuard.applyTo(cb, classifier);
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
  }

  /** A builder for a connector instance; {@code clock} reads HTTP-date Retry-After values. */
  public static Builder builder(ConnectorId connectorId, Clock clock) {
    return new Builder(connectorId, clock);
  }

  /**
   * The configured client, for libraries that take an OkHttp client (no retries around it; the
   * guard, the call timeout and the body cap hold).
   */
  public OkHttpClient client() {
    return client;
  }

  public HttpErrorClassifier classifier() {
    return classifier;
  }

  public RetryExecutor retries() {
    return retries;
  }

  /** The body cap, in bytes after decompression. */
  public long maxBodyBytes() {
    return maxBodyBytes;
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

  /**
   * Whether a failed call may still have reached the vendor: a transport failure without an HTTP
   * answer, other than one that happened before anything was sent (no route, no connection, no
   * name). A timeout is the usual case. A write failing this way has an unknown outcome: read it
   * back before sending it again. Told by the exception types the pipeline keeps as the cause.
   */
  public static boolean answerLost(ConnectorException e) {
    if (e.httpStatus().isPresent()) {
      return false;
    }
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException) {
        return false;
      }
      if (t instanceof InterruptedIOException || t instanceof SocketException || t instanceof EOFException) {
        return true;
      }
    }
    return false;
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
    if (body.contentLength() > maxBodyBytes) {
      throw new ClassifiedIOException(classifier.tooLarge(maxBodyBytes, r.code(), classifier.requestId(r).orElse(null)));
    }
    BufferedSource source = body.source();
    if (source.request(maxBodyBytes + 1)) {
      throw new ClassifiedIOException(classifier.tooLarge(maxBodyBytes, r.code(), classifier.requestId(r).orElse(null)));
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
    private SsrfGuard ssrfGuard = SsrfGuard.strict();
    private RetryExecutor retries = RetryExecutor.of(Backoff.DEFAULT, Sleeper.system(), RandomGenerator.getDefault());
    private Redaction redaction = Redaction.defaults();
    private List<String> requestIdHeaders = HttpErrorClassifier.DEFAULT_REQUEST_ID_HEADERS;
    private @Nullable Long maxBodyBytes;
    private VendorReasons reasons = VendorReasons.defaults();
    private VendorErrorRules errorRules = VendorErrorRules.NONE;

    private Builder(ConnectorId connectorId, Clock clock) {
      this.connectorId = Checks.notNull(connectorId, "connector id");
      this.clock = Checks.notNull(clock, "clock");
    }

    /** Timeouts and the body cap; {@link HttpSettings#DEFAULTS} unless given. */
    public Builder settings(HttpSettings s) {
      this.settings = Checks.notNull(s, "HTTP settings");
      return this;
    }

    /**
     * {@link HttpSettings#from(ConnectorConfig)} and {@link SsrfGuard#from(ConnectorConfig)}: the
     * connector's {@code http.*} limits and its {@code allow-*} SSRF relaxations.
     */
    public Builder config(ConnectorConfig config) {
      Checks.notNull(config, "connector config");
      return settings(HttpSettings.from(config)).ssrfGuard(SsrfGuard.from(config));
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

    /** The SSRF guard of every call; {@link SsrfGuard#strict()} unless given. */
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

    /** The body cap, overriding {@link HttpSettings#maxBodyBytes()}. */
    public Builder maxBodyBytes(long bytes) {
      HttpSettings.checkMaxBodyBytes(bytes, "max body bytes");
      this.maxBodyBytes = bytes;
      return this;
    }

    /** The vendor's error facts, consulted before the generic classification; none unless given. */
    public Builder errorRules(VendorErrorRules rules) {
      this.errorRules = Checks.notNull(rules, "vendor error rules");
      return this;
    }

    /** The vendor error reason codes messages may show; {@link VendorReasons#defaults()} unless given. */
    public Builder knownReasons(VendorReasons known) {
      this.reasons = Checks.notNull(known, "vendor reasons");
      return this;
    }

    public ConnectorHttp build() {
      return new ConnectorHttp(this);
    }
  }
}
