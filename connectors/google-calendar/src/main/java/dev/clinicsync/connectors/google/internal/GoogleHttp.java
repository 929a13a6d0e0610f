package dev.clinicsync.connectors.google.internal;

import com.google.api.client.http.HttpExecuteInterceptor;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.HttpResponseException;
import com.google.api.client.http.HttpResponseInterceptor;
import com.google.api.client.http.HttpUnsuccessfulResponseHandler;
import dev.clinicsync.connectors.kit.HttpSettings;
import dev.clinicsync.connectors.kit.RateLimiter;
import dev.clinicsync.connectors.kit.Redaction;
import dev.clinicsync.connectors.kit.RetryExecutor;
import dev.clinicsync.core.ConnectorException;
import java.io.IOException;
import java.time.Duration;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts google-http-client under connector-kit's single failure policy.
 *
 * <p>As the {@link HttpRequestInitializer} of the Google client, it gives every request the
 * configured timeouts, switches off google-http-client's own logging (it would log bodies, and
 * event bodies hold personal titles and attendees), disables its own I/O retries, and installs a
 * fresh per-request handler that takes a permit from the kit's {@link RateLimiter}, sets the
 * bearer token (asking the credentials on every attempt), and answers one 401 by dropping the
 * token and letting the request run once more with a refreshed one.
 *
 * <p>{@link #call} runs an operation under the kit's {@link RetryExecutor}; each failed attempt
 * is classified once, by {@link GoogleErrors} (Google's 403 reasons) on top of the kit's
 * classifier. No retry, back-off or classification happens anywhere else.
 */
public final class GoogleHttp implements HttpRequestInitializer {
  private static final Logger LOG = LoggerFactory.getLogger(GoogleHttp.class);
  /** The kit's redaction, also masking calendar and event ids in paths and every token in queries. */
  private static final Redaction REDACTION = Redaction.defaults().withPersonCollections("calendars", "events");

  /** An I/O step of a Google call. */
  @FunctionalInterface
  public interface IoCall<T> {
    T run() throws IOException;
  }

  /** Timeouts and logging switches applied to every Google request, the token endpoint's too. */
  public record RequestSettings(Duration connectTimeout, Duration readTimeout) {
    public static RequestSettings of(HttpSettings http) {
      return new RequestSettings(http.connectTimeout(), http.readTimeout());
    }

    public void apply(HttpRequest request) {
      request.setConnectTimeout(millis(connectTimeout));
      request.setReadTimeout(millis(readTimeout));
      request.setLoggingEnabled(false);
      request.setCurlLoggingEnabled(false);
      request.setIOExceptionHandler(null);
      request.setNumberOfRetries(0);
    }

    private static int millis(Duration d) {
      return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }
  }

  private final String connectorId;
  private final RequestSettings settings;
  private final UserCredentialsSource credentials;
  private final RateLimiter rateLimiter;
  private final GoogleErrors errors;
  private final RetryExecutor retries;

  /** Where access tokens come from (the therapist's {@link UserCredentials}). */
  public interface UserCredentialsSource {
    String accessToken();

    void invalidate(@Nullable String refused);
  }

  public GoogleHttp(String connectorId, RequestSettings settings, UserCredentialsSource credentials,
      RateLimiter rateLimiter, GoogleErrors errors, RetryExecutor retries) {
    this.connectorId = connectorId;
    this.settings = settings;
    this.credentials = credentials;
    this.rateLimiter = rateLimiter;
    this.errors = errors;
    this.retries = retries;
  }

  public GoogleErrors errors() {
    return errors;
  }

  @Override
  public void initialize(HttpRequest request) {
    settings.apply(request);
    // one more round for the 401 refresh only; the handler answers false to everything else
    request.setNumberOfRetries(1);
    PerRequest handler = new PerRequest();
    request.setInterceptor(handler);
    request.setUnsuccessfulResponseHandler(handler);
    request.setResponseInterceptor(handler);
  }

  /**
   * Runs an idempotent operation under the retry policy. Inside {@code call}, catch an
   * {@link HttpResponseException} only for a status the operation gives a meaning (409 on insert,
   * 412 on update) and rethrow the rest.
   */
  public <T> T call(String operation, IoCall<T> call) {
    return retries.call(() -> once(operation, call));
  }

  /** One attempt, classified, without retries. */
  public <T> T once(String operation, IoCall<T> call) {
    try {
      return call.run();
    } catch (HttpResponseException e) {
      ConnectorException c = errors.classify(e);
      LOG.debug("[{}] {} failed: {}", connectorId, operation, c.getMessage());
      throw c;
    } catch (IOException e) {
      ConnectorException c = errors.classify(e);
      LOG.debug("[{}] {} failed: {}", connectorId, operation, c.getMessage());
      throw c;
    } catch (IllegalArgumentException e) {
      // google-http-client's JSON parser refuses a malformed document this way; its message may quote the body
      throw errors.classifier().malformed("Google sent a document that does not parse (" + operation + ")", 200, null);
    }
  }

  /** Per request: never shared, so no state leaks between requests. */
  private final class PerRequest implements HttpExecuteInterceptor, HttpUnsuccessfulResponseHandler, HttpResponseInterceptor {
    private @Nullable String tokenSent;
    private boolean refreshed;

    @Override
    public void intercept(HttpRequest request) throws IOException {
      try {
        rateLimiter.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw errors.classifier().retryable("interrupted while waiting for the rate limiter", 0, null, null, null);
      }
      tokenSent = credentials.accessToken();
      request.getHeaders().setAuthorization("Bearer " + tokenSent);
    }

    @Override
    public void interceptResponse(HttpResponse response) {
      if (LOG.isDebugEnabled()) {
        HttpRequest request = response.getRequest();
        HttpUrl url = HttpUrl.parse(request.getUrl().build());
        LOG.debug("[{}] {} {} -> {}", connectorId, request.getRequestMethod(),
            url == null ? "(unparseable URL)" : REDACTION.url(url), response.getStatusCode());
      }
    }

    @Override
    public boolean handleResponse(HttpRequest request, HttpResponse response, boolean supportsRetry) {
      if (response.getStatusCode() == 401 && !refreshed && supportsRetry) {
        refreshed = true;
        credentials.invalidate(tokenSent);
        LOG.debug("[{}] Google refused the access token; refreshing it once", connectorId);
        return true;
      }
      return false;
    }
  }

  @Override
  public String toString() {
    return "GoogleHttp[" + connectorId + "]";
  }
}
