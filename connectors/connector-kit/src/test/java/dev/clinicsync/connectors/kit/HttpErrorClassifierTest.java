package dev.clinicsync.connectors.kit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.ConnectorAuthException;
import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.model.ConnectorId;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpErrorClassifierTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T12:00:00Z"), ZoneOffset.UTC);
  private final HttpErrorClassifier classifier = HttpErrorClassifier.forConnector(ConnectorId.of("zd-main"), CLOCK);

  private static Map<String, String> headers(String... kv) {
    Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  @DisplayName("429 with Retry-After in seconds is retryable with that wait, status and request id kept")
  void rateLimitedSeconds() {
    ConnectorException e = classifier.classify(429, headers("Retry-After", "7", "X-Request-Id", "req-1")::get);
    assertThat(e).isInstanceOf(RetryableConnectorException.class);
    assertThat(((RetryableConnectorException) e).retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(e.httpStatus()).hasValue(429);
    assertThat(e.vendorRequestId()).contains("req-1");
    assertThat(e.connectorId()).isEqualTo("zd-main");
    assertThat(e.getMessage()).contains("zd-main", "429", "req-1");
  }

  @Test
  @DisplayName("Retry-After as an HTTP-date is the time from the clock's now until then")
  void rateLimitedDate() {
    ConnectorException e = classifier.classify(503, headers("Retry-After", "Mon, 02 Mar 2026 12:01:30 GMT")::get);
    assertThat(((RetryableConnectorException) e).retryAfter()).contains(Duration.ofSeconds(90));
    ConnectorException past = classifier.classify(503, headers("Retry-After", "Mon, 02 Mar 2026 11:00:00 GMT")::get);
    assertThat(((RetryableConnectorException) past).retryAfter()).contains(Duration.ZERO);
    ConnectorException garbage = classifier.classify(503, headers("Retry-After", "soon")::get);
    assertThat(((RetryableConnectorException) garbage).retryAfter()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 425, 429, 500, 502, 503, 504})
  @DisplayName("timeouts, throttling and server errors are retryable")
  void retryableStatuses(int status) {
    assertThat(classifier.classify(status, headers()::get)).isInstanceOf(RetryableConnectorException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 403, 404, 409, 410, 422, 501})
  @DisplayName("other client errors and 501 are permanent")
  void permanentStatuses(int status) {
    assertThat(classifier.classify(status, headers()::get)).isInstanceOf(PermanentConnectorException.class)
        .extracting(ConnectorException::isRetryable).isEqualTo(false);
  }

  @Test
  @DisplayName("401 is an auth failure")
  void unauthorized() {
    assertThat(classifier.classify(401, headers("Request-Id", "r-9")::get))
        .isInstanceOf(ConnectorAuthException.class)
        .satisfies(e -> assertThat(e.vendorRequestId()).contains("r-9"));
  }

  @Test
  @DisplayName("timeouts, resets, refused connections and unknown hosts are retryable; bad certificates permanent")
  void transport() {
    assertThat(classifier.classify(new SocketTimeoutException("timeout"))).isInstanceOf(RetryableConnectorException.class)
        .hasMessageContaining("timed out").hasCauseInstanceOf(SocketTimeoutException.class);
    assertThat(classifier.classify(new SocketException("Connection reset"))).isInstanceOf(RetryableConnectorException.class);
    assertThat(classifier.classify(new ConnectException("refused"))).isInstanceOf(RetryableConnectorException.class);
    assertThat(classifier.classify(new EOFException())).isInstanceOf(RetryableConnectorException.class);
    assertThat(classifier.classify(new UnknownHostException("x"))).isInstanceOf(RetryableConnectorException.class);
    assertThat(classifier.classify(new IOException("odd"))).isInstanceOf(RetryableConnectorException.class);
    assertThat(classifier.classify(new SSLPeerUnverifiedException("bad"))).isInstanceOf(PermanentConnectorException.class);
    assertThat(classifier.classify(new SocketException("Connection reset")).httpStatus()).isEmpty();
  }

  @Test
  @DisplayName("an already classified failure is unwrapped, not classified again")
  void unwrap() {
    PermanentConnectorException inner = classifier.malformed("no data array", 200, null);
    assertThat(classifier.classify(new ClassifiedIOException(inner))).isSameAs(inner);
  }

  @Test
  @DisplayName("the request id headers can be chosen per vendor")
  void customRequestId() {
    HttpErrorClassifier c = classifier.withRequestIdHeaders(java.util.List.of("X-Zocdoc-Trace"));
    assertThat(c.classify(500, headers("X-Zocdoc-Trace", "t1", "X-Request-Id", "r1")::get).vendorRequestId()).contains("t1");
  }
}
