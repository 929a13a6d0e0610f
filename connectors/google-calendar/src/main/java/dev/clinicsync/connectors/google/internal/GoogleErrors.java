package dev.clinicsync.connectors.google.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpResponseException;
import dev.clinicsync.connectors.kit.HttpErrorClassifier;
import dev.clinicsync.connectors.kit.VendorJson;
import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.RetryableConnectorException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Google's part of error classification; everything generic is connector-kit's
 * {@link HttpErrorClassifier}. Google needs the error body to tell its 403s apart
 * ({@code {"error":{"errors":[{"domain","reason","message"}],"code","message"}}}):
 * <ul>
 *   <li>403 or 429 with reason {@code rateLimitExceeded} / {@code userRateLimitExceeded}, and any
 *       429: retryable, honouring Retry-After;
 *   <li>403 {@code quotaExceeded} (Calendar's anti-abuse "usage limits exceeded", which can last
 *       hours): retryable with a Retry-After of at least the configured quota back-off, so the
 *       kit's retry executor gives up at once and the scheduler comes back much later;
 *   <li>any other 403: a permanent permission error, never retried;
 *   <li>everything else: the kit's classification (401 auth, 5xx retryable, other 4xx permanent).
 * </ul>
 * The Google exception itself is never attached as a cause: its message holds the response body.
 * Only reasons from Google's fixed vocabulary (letters only) reach a message.
 */
public final class GoogleErrors {
  private static final Set<String> RATE_LIMIT_REASONS = Set.of("rateLimitExceeded", "userRateLimitExceeded");
  private static final String QUOTA_REASON = "quotaExceeded";
  private static final Pattern SAFE_REASON = Pattern.compile("[A-Za-z]{1,64}");

  private final HttpErrorClassifier classifier;
  private final Duration quotaBackoff;

  public GoogleErrors(HttpErrorClassifier classifier, Duration quotaBackoff) {
    this.classifier = classifier;
    this.quotaBackoff = quotaBackoff;
  }

  public HttpErrorClassifier classifier() {
    return classifier;
  }

  /** The failure a Google error response stands for. */
  public ConnectorException classify(HttpResponseException e) {
    int status = e.getStatusCode();
    Function<String, @Nullable String> headers = name -> e.getHeaders().getFirstHeaderStringValue(name);
    String requestId = requestId(e);
    Optional<String> reason = reason(e);
    String shownReason = reason.filter(r -> SAFE_REASON.matcher(r).matches()).orElse("none");
    boolean rateLimited = status == 429 || (status == 403 && reason.filter(RATE_LIMIT_REASONS::contains).isPresent());
    if (rateLimited) {
      Duration retryAfter = retryAfter(headers).orElse(null);
      return classifier.retryable("Google is rate limiting us (reason " + shownReason + ")", status, requestId, retryAfter, null);
    }
    if (status == 403 && reason.filter(QUOTA_REASON::equals).isPresent()) {
      Duration wait = retryAfter(headers).filter(d -> d.compareTo(quotaBackoff) > 0).orElse(quotaBackoff);
      return classifier.retryable("Google Calendar usage limits exceeded (reason quotaExceeded); backing off for " + wait,
          status, requestId, wait, null);
    }
    if (status == 403) {
      return classifier.permanent("Google refused permission (reason " + shownReason + ")", status, requestId, null);
    }
    ConnectorException generic = classifier.classify(status, headers);
    return generic;
  }

  /** The failure a transport exception stands for. */
  public ConnectorException classify(IOException e) {
    return classifier.classify(e);
  }

  public @Nullable String requestId(HttpResponseException e) {
    return classifier.requestId(name -> e.getHeaders().getFirstHeaderStringValue(name)).orElse(null);
  }

  /** {@code errors[0].reason} of a Google error, when it has one. */
  static Optional<String> reason(HttpResponseException e) {
    if (e instanceof GoogleJsonResponseException g && g.getDetails() != null) {
      List<GoogleJsonError.ErrorInfo> infos = g.getDetails().getErrors();
      if (infos != null && !infos.isEmpty() && infos.get(0).getReason() != null) {
        return Optional.of(infos.get(0).getReason());
      }
    }
    return reason(e.getContent());
  }

  /**
   * {@code errors[0].reason} of a Google error body: the whole body
   * ({@code {"error":{"errors":[...]}}}) or its inner object, as google-api-client keeps it.
   */
  static Optional<String> reason(@Nullable String body) {
    if (body == null || body.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode root = VendorJson.reader().readTree(body);
      JsonNode error = root.has("error") ? root.path("error") : root;
      JsonNode reason = error.path("errors").path(0).path("reason");
      return reason.isTextual() ? Optional.of(reason.asText()) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The Retry-After the kit reads for a 429 (seconds or an HTTP-date), reused for Google's 403s. */
  private Optional<Duration> retryAfter(Function<String, @Nullable String> headers) {
    ConnectorException asRateLimit = classifier.classify(429, headers);
    return asRateLimit instanceof RetryableConnectorException r ? r.retryAfter() : Optional.empty();
  }
}
