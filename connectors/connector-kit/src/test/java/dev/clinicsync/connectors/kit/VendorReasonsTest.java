package dev.clinicsync.connectors.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.ConnectorAuthException;
import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.ConnectorId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Only known vendor reason codes reach messages; request ids must look like ids. */
class VendorReasonsTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T12:00:00Z"), ZoneOffset.UTC);
  private final HttpErrorClassifier classifier = HttpErrorClassifier.forConnector(ConnectorId.of("g-main"), CLOCK);

  private static Map<String, String> headers(String... kv) {
    Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @ParameterizedTest
  @ValueSource(strings = {"rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded", "authError", "notFound",
      "forbidden", "timeRangeEmpty", "backendError", "invalid_grant"})
  @DisplayName("known reason codes pass as they are")
  void known(String code) {
    assertThat(VendorReasons.defaults().shown(code)).isEqualTo(code);
    assertThat(classifier.reason(code)).isEqualTo(code);
  }

  @ParameterizedTest
  @ValueSource(strings = {"JaneDoe", "JordanTestpatient", "Jane Doe missed her appointment", "ratelimitexceeded",
      "rateLimitExceeded ", "quotaExceeded; patient=Jane", "<b>x</b>"})
  @DisplayName("anything else — letters-only names included — is shown as 'unrecognized'")
  void unknown(String reason) {
    assertThat(classifier.reason(reason)).isEqualTo(VendorReasons.UNRECOGNIZED);
  }

  @Test
  @DisplayName("a missing reason is 'none'")
  void missing() {
    assertThat(classifier.reason(null)).isEqualTo(VendorReasons.NONE);
    assertThat(classifier.reason("  ")).isEqualTo(VendorReasons.NONE);
  }

  @Test
  @DisplayName("a connector extends the list with its vendor's codes, which must look like codes")
  void extendable() {
    VendorReasons athena = VendorReasons.defaults().allowing("APPOINTMENT_SLOT_TAKEN", "practice.not-found");
    assertThat(athena.shown("APPOINTMENT_SLOT_TAKEN")).isEqualTo("APPOINTMENT_SLOT_TAKEN");
    assertThat(athena.shown("rateLimitExceeded")).isEqualTo("rateLimitExceeded");
    assertThat(VendorReasons.none().shown("rateLimitExceeded")).isEqualTo(VendorReasons.UNRECOGNIZED);
    assertThat(classifier.withKnownReasons(athena).reason("APPOINTMENT_SLOT_TAKEN")).isEqualTo("APPOINTMENT_SLOT_TAKEN");
    assertThatThrownBy(() -> VendorReasons.defaults().allowing("Jane Doe")).isInstanceOf(ValidationException.class)
        .hasMessageNotContaining("Jane");
  }

  @Test
  @DisplayName("classify with a reason keeps the class, status, request id and Retry-After, and shows only a known reason")
  void classifyWithReason() {
    ConnectorException limited = classifier.classify(429, headers("Retry-After", "5", "X-Request-Id", "rq-9")::get,
        "userRateLimitExceeded");
    assertThat(limited).isInstanceOf(RetryableConnectorException.class)
        .hasMessageContaining("(reason userRateLimitExceeded)").hasMessageContaining("rq-9");
    assertThat(((RetryableConnectorException) limited).retryAfter()).contains(Duration.ofSeconds(5));
    ConnectorException forbidden = classifier.classify(403, headers()::get, "JordanTestpatient");
    assertThat(forbidden).isInstanceOf(PermanentConnectorException.class)
        .hasMessageContaining("(reason unrecognized)").hasMessageNotContaining("Jordan");
    assertThat(classifier.classify(401, headers()::get, "authError")).isInstanceOf(ConnectorAuthException.class)
        .hasMessageContaining("authError");
    assertThat(classifier.classify(500, headers()::get, null)).isInstanceOf(RetryableConnectorException.class)
        .hasMessageContaining("(reason none)");
  }

  @Test
  @DisplayName("a request id header carrying free text is not taken as the request id")
  void requestIds() {
    assertThat(classifier.requestId(headers("X-Request-Id", "Jane Doe's chart", "Request-Id", "rq-2")::get)).contains("rq-2");
    assertThat(classifier.requestId(headers("X-Request-Id", "Jane Doe")::get)).isEmpty();
    assertThat(classifier.requestId(headers("X-Cloud-Trace-Context", "105445aa7843bc8bf206b120001000/1;o=1")::get))
        .contains("105445aa7843bc8bf206b120001000/1;o=1");
    assertThat(classifier.classify(404, headers("X-Request-Id", "patient Jane Doe")::get)).hasMessageNotContaining("Jane");
  }
}
