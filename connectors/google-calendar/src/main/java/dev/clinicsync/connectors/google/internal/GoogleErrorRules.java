package dev.clinicsync.connectors.google.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clinicsync.connectors.kit.HttpErrorClassifier;
import dev.clinicsync.connectors.kit.VendorErrorRules;
import dev.clinicsync.connectors.kit.VendorJson;
import dev.clinicsync.core.ConnectorAuthException;
import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.CursorExpiredException;
import dev.clinicsync.core.RetryableConnectorException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Google's error facts, plugged into connector-kit's classifier ({@link VendorErrorRules}); the
 * generic rules (401 auth, 429 and 5xx retryable with Retry-After, other 4xx permanent) are the
 * kit's. Google's error body is {@code {"error":{"errors":[{"domain","reason","message"}],"code","message"}}}.
 *
 * <p>Calendar API ({@link #api}):
 * <ul>
 *   <li>403 or 429 with reason {@code rateLimitExceeded} / {@code userRateLimitExceeded}: retryable,
 *       honouring Retry-After (any 429 is retryable by the kit's rules already);
 *   <li>403 {@code quotaExceeded} (Calendar's anti-abuse "usage limits exceeded", which can last
 *       hours): retryable with a Retry-After of at least the configured quota back-off, so the kit's
 *       retry executor gives up at once and the scheduler comes back much later;
 *   <li>any other 403: a permanent permission error, never retried;
 *   <li>410 to a request carrying a {@code syncToken}: {@link CursorExpiredException} (run a full sync);
 *   <li>404 and 410 of one event, 409 to an insert, 412 to a conditional write:
 *       {@link EventStateException}s, which the calls that expect them turn into outcomes.
 * </ul>
 * OAuth token endpoint ({@link #tokenEndpoint}): {@code invalid_grant} (a revoked or expired grant) is
 * a {@link ConnectorAuthException} needing the therapist's re-consent; {@code invalid_client} and
 * {@code unauthorized_client}, and any other 400 or 401, are auth failures without re-consent.
 *
 * <p>Only reason codes from {@link #KNOWN_REASONS} reach a message; any other value is shown as
 * {@code unrecognized}: the body is Google's free text.
 */
public final class GoogleErrorRules implements VendorErrorRules {
  /** Google's documented error reasons that may appear in messages. */
  static final Set<String> KNOWN_REASONS = Set.of(
      "rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded", "dailyLimitExceeded", "limitExceeded",
      "authError", "notFound", "forbidden", "timeRangeEmpty", "backendError", "internalError", "badRequest",
      "invalid", "invalidParameter", "required", "duplicate", "conflict", "deleted", "fullSyncRequired",
      "updatedMinTooLongAgo", "insufficientPermissions", "requiredAccessLevel", "conditionNotMet",
      "invalid_grant", "invalid_client", "unauthorized_client", "invalid_request", "invalid_scope",
      "unsupported_grant_type", "access_denied");
  private static final Set<String> RATE_LIMIT_REASONS = Set.of("rateLimitExceeded", "userRateLimitExceeded");
  private static final String QUOTA_REASON = "quotaExceeded";

  private final Duration quotaBackoff;
  private final boolean tokenEndpoint;

  private GoogleErrorRules(Duration quotaBackoff, boolean tokenEndpoint) {
    this.quotaBackoff = quotaBackoff;
    this.tokenEndpoint = tokenEndpoint;
  }

  /** The rules of the Calendar API. */
  public static GoogleErrorRules api(Duration quotaBackoff) {
    return new GoogleErrorRules(quotaBackoff, false);
  }

  /** The rules of Google's OAuth token endpoint. */
  public static GoogleErrorRules tokenEndpoint() {
    return new GoogleErrorRules(Duration.ofHours(1), true);
  }

  @Override
  public Optional<ConnectorException> classify(Response response, byte[] body, HttpErrorClassifier classifier) {
    return tokenEndpoint ? token(response, body, classifier) : api(response, body, classifier);
  }

  private Optional<ConnectorException> api(Response response, byte[] body, HttpErrorClassifier classifier) {
    int status = response.code();
    String requestId = classifier.requestId(response).orElse(null);
    Optional<String> reason = apiReason(body);
    String shown = shown(reason);
    boolean rateLimited = status == 403 && reason.filter(RATE_LIMIT_REASONS::contains).isPresent();
    if (rateLimited || status == 429) {
      return Optional.of(classifier.retryable("Google is rate limiting us (reason " + shown + ")", status, requestId,
          retryAfter(response, classifier).orElse(null), null));
    }
    if (status == 403 && reason.filter(QUOTA_REASON::equals).isPresent()) {
      Duration wait = retryAfter(response, classifier).filter(d -> d.compareTo(quotaBackoff) > 0).orElse(quotaBackoff);
      return Optional.of(classifier.retryable("Google Calendar usage limits exceeded (reason quotaExceeded); backing off for "
          + wait, status, requestId, wait, null));
    }
    if (status == 403) {
      return Optional.of(classifier.permanent("Google refused permission (reason " + shown + ")", status, requestId, null));
    }
    if (status == 410 && response.request().url().queryParameter("syncToken") != null) {
      return Optional.of(new CursorExpiredException(classifier.connectorId().value(), status, requestId, null));
    }
    return EventStateException.State.of(status, response.request().method())
        .map(state -> new EventStateException(classifier.connectorId().value(), state, status, requestId));
  }

  private static Optional<ConnectorException> token(Response response, byte[] body, HttpErrorClassifier classifier) {
    int status = response.code();
    String requestId = classifier.requestId(response).orElse(null);
    String id = classifier.connectorId().value();
    Optional<String> error = text(read(body), "error");
    if (error.filter("invalid_grant"::equals).isPresent()) {
      return Optional.of(new ConnectorAuthException(id, "the therapist's Google authorization was revoked or has expired"
          + " (invalid_grant); the therapist must connect their Google account again", status, requestId, true, null));
    }
    if (error.filter(e -> e.equals("invalid_client") || e.equals("unauthorized_client")).isPresent()) {
      return Optional.of(new ConnectorAuthException(id, "Google refused the OAuth client credentials (" + error.get() + ")",
          status, requestId, false, null));
    }
    if (status == 400 || status == 401) {
      return Optional.of(new ConnectorAuthException(id, "Google refused to refresh the access token (reason "
          + shown(error) + ")", status, requestId, false, null));
    }
    return Optional.empty();
  }

  /** {@code error.errors[0].reason} of a Calendar API error body. */
  static Optional<String> apiReason(byte[] body) {
    JsonNode root = read(body);
    JsonNode error = root.path("error");
    return text(error.path("errors").path(0), "reason");
  }

  private static String shown(Optional<String> reason) {
    return reason.map(r -> KNOWN_REASONS.contains(r) ? r : "unrecognized").orElse("none");
  }

  /** The Retry-After the kit reads for a 429 (seconds or an HTTP-date), reused for Google's 403s. */
  private static Optional<Duration> retryAfter(Response response, HttpErrorClassifier classifier) {
    ConnectorException asRateLimit = classifier.classify(429, response::header);
    return asRateLimit instanceof RetryableConnectorException r ? r.retryAfter() : Optional.empty();
  }

  private static JsonNode read(byte[] body) {
    if (body.length == 0) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    try {
      JsonNode root = VendorJson.reader().readTree(body);
      return root == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : root;
    } catch (IOException | RuntimeException e) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
  }

  private static Optional<String> text(@Nullable JsonNode node, String field) {
    if (node == null) {
      return Optional.empty();
    }
    JsonNode v = node.path(field);
    return v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText()) : Optional.empty();
  }

  @Override
  public String toString() {
    return "GoogleErrorRules[" + (tokenEndpoint ? "token endpoint" : "calendar API, quota back-off " + quotaBackoff) + "]";
  }
}
