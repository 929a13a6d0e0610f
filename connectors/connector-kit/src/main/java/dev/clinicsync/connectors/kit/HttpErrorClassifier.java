package dev.clinicsync.connectors.kit;

import dev.clinicsync.connectors.kit.internal.RetryAfter;
import dev.clinicsync.core.ConnectorAuthException;
import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.ConnectorId;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * The one place where HTTP and transport outcomes become the core exception hierarchy:
 * <ul>
 *   <li>retryable ({@link RetryableConnectorException}): 408, 425, 429 and 5xx but 501 (with
 *       {@code Retry-After} in seconds or as an HTTP-date), timeouts, resets, refused
 *       connections, an empty response;
 *   <li>auth ({@link ConnectorAuthException}): 401;
 *   <li>permanent ({@link PermanentConnectorException}): every other 4xx, 501, TLS certificate
 *       failures, a malformed payload.
 * </ul>
 * The HTTP status and the vendor's request id (the first present of {@link #requestIdHeaders()}
 * that looks like an id: {@value #REQUEST_ID_PATTERN}) are kept on the exception; the body never
 * is. Messages name statuses and exception types only, so they are PHI-free.
 *
 * <p>Vendor-specific rules (Google's 403 {@code rateLimitExceeded}) stay in the connector: it
 * reads the error body and builds the exception with this classifier's {@link #retryable} or
 * {@link #permanent}. A vendor's error reason reaches a message only through {@link #reason}
 * (or {@link #classify(int, Function, String)}), which lets through only the codes of
 * {@link #knownReasons()} and shows every other value as {@value VendorReasons#UNRECOGNIZED}.
 */
public final class HttpErrorClassifier {

  /** Request-id headers tried in order unless others are given. */
  public static final List<String> DEFAULT_REQUEST_ID_HEADERS = List.of(
      "X-Request-Id", "Request-Id", "X-Correlation-Id", "X-Amzn-RequestId", "X-Amz-Request-Id",
      "X-Cloud-Trace-Context", "X-GUploader-UploadID");

  /**
   * What a request id header value must look like to be kept (an opaque token); any other value
   * (a vendor echoing free text into it) is ignored.
   */
  public static final String REQUEST_ID_PATTERN = "[A-Za-z0-9._:/+=;@-]{1,200}";
  private static final Pattern REQUEST_ID = Pattern.compile(REQUEST_ID_PATTERN);

  private final ConnectorId connectorId;
  private final Clock clock;
  private final List<String> requestIdHeaders;
  private final VendorReasons reasons;

  private HttpErrorClassifier(ConnectorId connectorId, Clock clock, List<String> requestIdHeaders,
      VendorReasons reasons) {
    this.connectorId = Checks.notNull(connectorId, "classifier connector id");
    this.clock = Checks.notNull(clock, "classifier clock");
    this.requestIdHeaders = List.copyOf(Checks.notNull(requestIdHeaders, "classifier request id headers"));
    this.reasons = Checks.notNull(reasons, "classifier vendor reasons");
  }

  /** A classifier for one connector; {@code clock} turns HTTP-date Retry-After values into waits. */
  public static HttpErrorClassifier forConnector(ConnectorId connectorId, Clock clock) {
    return new HttpErrorClassifier(connectorId, clock, DEFAULT_REQUEST_ID_HEADERS, VendorReasons.defaults());
  }

  /** A copy that looks for the vendor's request id in these headers, in order. */
  public HttpErrorClassifier withRequestIdHeaders(List<String> headers) {
    return new HttpErrorClassifier(connectorId, clock, headers, reasons);
  }

  /** A copy that lets these vendor reason codes into messages ({@link VendorReasons#defaults()} unless set). */
  public HttpErrorClassifier withKnownReasons(VendorReasons known) {
    return new HttpErrorClassifier(connectorId, clock, requestIdHeaders, known);
  }

  /** The vendor reason codes that may appear in messages. */
  public VendorReasons knownReasons() {
    return reasons;
  }

  /**
   * A vendor error reason as a message, log line or report may show it: the code when it is on
   * {@link #knownReasons()}, {@value VendorReasons#NONE} when absent, else
   * {@value VendorReasons#UNRECOGNIZED}.
   */
  public String reason(@Nullable String vendorReason) {
    return reasons.shown(vendorReason);
  }

  public ConnectorId connectorId() {
    return connectorId;
  }

  public List<String> requestIdHeaders() {
    return requestIdHeaders;
  }

  /** The failure an OkHttp response stands for; empty for 1xx, 2xx and 3xx. Does not close it. */
  public Optional<ConnectorException> classify(Response response) {
    if (response.code() < 400) {
      return Optional.empty();
    }
    return Optional.of(classify(response.code(), response::header));
  }

  /**
   * The failure an HTTP status of at least 400 stands for, for clients other than OkHttp.
   *
   * @param headers looks a response header up by (case-insensitive) name, null when absent
   */
  public ConnectorException classify(int status, Function<String, @Nullable String> headers) {
    String requestId = requestId(headers).orElse(null);
    if (status == 401) {
      return new ConnectorAuthException(connectorId.value(), "the vendor refused the credentials",
          status, requestId, false, null);
    }
    if (status == 408 || status == 425 || status == 429 || (status >= 500 && status != 501)) {
      Duration retryAfter = RetryAfter.parse(headers.apply("Retry-After"), clock).orElse(null);
      return retryable(describe(status), status, requestId, retryAfter, null);
    }
    return permanent(describe(status), status, requestId, null);
  }

  /**
   * {@link #classify(int, Function)}, with the vendor's error reason in the message as
   * {@link #reason} shows it (a known code, or {@value VendorReasons#UNRECOGNIZED}).
   */
  public ConnectorException classify(int status, Function<String, @Nullable String> headers,
      @Nullable String vendorReason) {
    ConnectorException plain = classify(status, headers);
    String suffix = " (reason " + reason(vendorReason) + ")";
    String requestId = plain.vendorRequestId().orElse(null);
    if (plain instanceof ConnectorAuthException) {
      return new ConnectorAuthException(connectorId.value(), "the vendor refused the credentials" + suffix,
          status, requestId, false, null);
    }
    if (plain instanceof RetryableConnectorException r) {
      return retryable(describe(status) + suffix, status, requestId, r.retryAfter().orElse(null), null);
    }
    return permanent(describe(status) + suffix, status, requestId, null);
  }

  /**
   * The failure a transport exception stands for; unwraps a {@link ClassifiedIOException}, also
   * when OkHttp wrapped it (a refused connection attempt becomes the cause of a later failure).
   */
  public ConnectorException classify(IOException e) {
    Optional<ConnectorException> classified = classified(e, 0);
    if (classified.isPresent()) {
      return classified.get();
    }
    String type = e.getClass().getSimpleName();
    if (e instanceof SSLPeerUnverifiedException
        || (e instanceof SSLHandshakeException && e.getCause() instanceof java.security.cert.CertificateException)) {
      return permanent("TLS verification of the vendor failed (" + type + ")", 0, null, e);
    }
    if (e instanceof InterruptedIOException) {
      return retryable("the vendor call timed out (" + type + ")", 0, null, null, e);
    }
    if (e instanceof SocketException || e instanceof EOFException) {
      return retryable("the connection failed or was reset (" + type + ")", 0, null, null, e);
    }
    if (e instanceof UnknownHostException) {
      return retryable("the vendor host could not be resolved (" + type + ")", 0, null, null, e);
    }
    return retryable("transport failure (" + type + ")", 0, null, null, e);
  }

  /** The failure of a call the {@link SsrfGuard} refused; {@code address} is an IP address or empty. */
  public BlockedAddressException blocked(SsrfGuard.Rule rule, String address) {
    return new BlockedAddressException(connectorId.value(), rule, address, null);
  }

  /** The failure of a response body larger than {@code limitBytes} after decompression. */
  public ResponseTooLargeException tooLarge(long limitBytes, int status, @Nullable String requestId) {
    return new ResponseTooLargeException(connectorId.value(), limitBytes, status, requestId);
  }

  private static Optional<ConnectorException> classified(@Nullable Throwable t, int depth) {
    if (t == null || depth > 8) {
      return Optional.empty();
    }
    if (t instanceof ClassifiedIOException c) {
      return Optional.of(c.exception());
    }
    if (t instanceof ConnectorException c) {
      return Optional.of(c);
    }
    Optional<ConnectorException> fromCause = classified(t.getCause(), depth + 1);
    if (fromCause.isPresent()) {
      return fromCause;
    }
    for (Throwable s : t.getSuppressed()) {
      Optional<ConnectorException> fromSuppressed = classified(s, depth + 1);
      if (fromSuppressed.isPresent()) {
        return fromSuppressed;
      }
    }
    return Optional.empty();
  }

  /** A retryable failure for a response that should have had a body and had none. */
  public RetryableConnectorException emptyResponse(int status, @Nullable String requestId) {
    return retryable("the vendor sent an empty response", status, requestId, null, null);
  }

  /** A permanent failure for a payload that could not be read; {@code what} must be PHI-free. */
  public PermanentConnectorException malformed(String what, int status, @Nullable String requestId) {
    return permanent("malformed vendor payload: " + what, status, requestId, null);
  }

  /** A retryable failure with this classifier's connector id. */
  public RetryableConnectorException retryable(String message, int status, @Nullable String requestId,
      @Nullable Duration retryAfter, @Nullable Throwable cause) {
    return new RetryableConnectorException(connectorId.value(), message, status, requestId, retryAfter, cause);
  }

  /** A permanent failure with this classifier's connector id. */
  public PermanentConnectorException permanent(String message, int status, @Nullable String requestId,
      @Nullable Throwable cause) {
    return new PermanentConnectorException(connectorId.value(), message, status, requestId, cause);
  }

  /** An auth failure with this classifier's connector id. */
  public ConnectorAuthException auth(String message, int status, @Nullable String requestId) {
    return new ConnectorAuthException(connectorId.value(), message, status, requestId, false, null);
  }

  /**
   * The vendor's request id: the first of {@link #requestIdHeaders()} whose value looks like an id
   * ({@value #REQUEST_ID_PATTERN}); a value with spaces or other free text is skipped.
   */
  public Optional<String> requestId(Function<String, @Nullable String> headers) {
    for (String name : requestIdHeaders) {
      String v = headers.apply(name);
      if (v != null && REQUEST_ID.matcher(v.strip()).matches()) {
        return Optional.of(v.strip());
      }
    }
    return Optional.empty();
  }

  /** The vendor's request id of an OkHttp response. */
  public Optional<String> requestId(Response response) {
    return requestId(response::header);
  }

  private static String describe(int status) {
    if (status == 429) {
      return "the vendor is rate limiting us";
    }
    if (status >= 500) {
      return "the vendor failed";
    }
    return "the vendor rejected the request";
  }

  @Override
  public String toString() {
    return "HttpErrorClassifier[" + connectorId + "]";
  }
}
