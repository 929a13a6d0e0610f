package dev.clinicsync.connectors.kit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.clinicsync.connectors.kit.internal.RetryAfter;
import dev.clinicsync.connectors.tck.CapturingLogger;
import dev.clinicsync.connectors.tck.RecordingSleeper;
import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.ConnectorId;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** connector-kit's retry executor, Retry-After reading and request logging at their edges (issue #22). */
@DisplayName("Retries, Retry-After and request logging")
class RetryAndLoggingSpecificationTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T12:00:00Z"), ZoneOffset.UTC);

  @RegisterExtension
  static WireMockExtension vendor = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @Nested
  @DisplayName("Retry-After")
  class RetryAfterValues {
    @Test
    @DisplayName("is read as seconds only when every character is a digit: the characters beside '0' and '9' are not")
    void onlyDigitsAreSeconds() {
      assertThat(RetryAfter.parse("0", CLOCK)).contains(Duration.ZERO);
      assertThat(RetryAfter.parse("9", CLOCK)).contains(Duration.ofSeconds(9));
      assertThat(RetryAfter.parse("120", CLOCK)).contains(Duration.ofSeconds(120));
      assertThat(RetryAfter.parse("/5", CLOCK)).isEmpty();
      assertThat(RetryAfter.parse("5:", CLOCK)).isEmpty();
      assertThat(RetryAfter.parse("-5", CLOCK)).isEmpty();
      assertThat(RetryAfter.parse("1.5", CLOCK)).isEmpty();
    }

    @Test
    @DisplayName("is empty when absent, blank or unreadable")
    void absentOrUnreadable() {
      assertThat(RetryAfter.parse(null, CLOCK)).isEmpty();
      assertThat(RetryAfter.parse("", CLOCK)).isEmpty();
      assertThat(RetryAfter.parse("   ", CLOCK)).isEmpty();
      assertThat(RetryAfter.parse("soon", CLOCK)).isEmpty();
    }

    @Test
    @DisplayName("as an HTTP-date in the past is no wait at all")
    void pastDateIsZero() {
      assertThat(RetryAfter.parse("Mon, 02 Mar 2026 11:59:59 GMT", CLOCK)).contains(Duration.ZERO);
      assertThat(RetryAfter.parse("Sun, 01 Mar 2026 12:00:00 GMT", CLOCK)).contains(Duration.ZERO);
      assertThat(RetryAfter.parse("Mon, 02 Mar 2026 12:02:00 GMT", CLOCK)).contains(Duration.ofMinutes(2));
    }
  }

  @Nested
  @DisplayName("The retry executor")
  class Executor {
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final Backoff fixed = Backoff.fixed(Duration.ofSeconds(3), 3);

    @Test
    @DisplayName("refuses a negative Retry-After limit and accepts zero (never wait for the vendor)")
    void limitValidated() {
      RetryExecutor base = RetryExecutor.of(fixed, sleeper, new SplittableRandom(1));
      assertThatThrownBy(() -> base.withMaxRetryAfter(Duration.ofSeconds(-1))).isInstanceOf(ValidationException.class);
      RetryExecutor zero = base.withMaxRetryAfter(Duration.ZERO);
      assertThat(zero.maxRetryAfter()).isEqualTo(Duration.ZERO);
      assertThat(zero.backoff()).isEqualTo(fixed);
      assertThatThrownBy(() -> zero.run(() -> {
        throw new RetryableConnectorException("c", "throttled", 429, null, Duration.ofSeconds(1), null);
      })).isInstanceOf(RetryableConnectorException.class);
      assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    @DisplayName("waits the backoff when the vendor's Retry-After is shorter")
    void backoffWinsOverShorterRetryAfter() {
      RetryExecutor retries = RetryExecutor.of(fixed, sleeper, new SplittableRandom(1));
      int[] calls = {0};
      String result = retries.call(() -> {
        if (++calls[0] == 1) {
          throw new RetryableConnectorException("c", "throttled", 429, null, Duration.ofSeconds(1), null);
        }
        return "page-2";
      });
      assertThat(result).isEqualTo("page-2");
      assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    @DisplayName("an interrupted wait throws the vendor failure, with the interruption attached")
    void interruptionAttached() {
      RetryExecutor retries = RetryExecutor.of(fixed, d -> {
        throw new InterruptedException("shutting down");
      }, new SplittableRandom(1));
      try {
        assertThatThrownBy(() -> retries.run(() -> {
          throw new RetryableConnectorException("c", "unavailable", 503, null, null, null);
        })).isInstanceOf(RetryableConnectorException.class)
            .satisfies(e -> assertThat(e.getSuppressed()).singleElement().isInstanceOf(InterruptedException.class));
      } finally {
        Thread.interrupted();
      }
    }

    @Test
    @DisplayName("never retries when built without retries, and says what it is")
    void noRetriesAndToString() {
      RetryExecutor none = RetryExecutor.noRetries();
      int[] calls = {0};
      assertThatThrownBy(() -> none.run(() -> {
        calls[0]++;
        throw new RetryableConnectorException("c", "unavailable", 503, null, null, null);
      })).isInstanceOf(RetryableConnectorException.class);
      assertThat(calls[0]).isEqualTo(1);
      assertThat(RetryExecutor.of(fixed, sleeper, new SplittableRandom(1)).toString())
          .contains("maxRetryAfter=PT2M").contains("Backoff");
    }
  }

  @Nested
  @DisplayName("The logging interceptor")
  class Logging {
    private final HttpErrorClassifier classifier = HttpErrorClassifier.forConnector(ConnectorId.of("kareo"), CLOCK);

    private String logOf(String path) throws IOException {
      CapturingLogger log = new CapturingLogger();
      OkHttpClient client = HttpClients.forConnector(HttpSettings.DEFAULTS)
          .addInterceptor(new RedactingLoggingInterceptor(Redaction.defaults(), classifier, log)).build();
      try (Response r = client.newCall(new Request.Builder().url(vendor.baseUrl() + path)
          .header("Accept", "application/json").build()).execute()) {
        assertThat(r.code()).isEqualTo(200);
      }
      return log.text();
    }

    @Test
    @DisplayName("logs the round trip in milliseconds: at least the vendor's delay, far below a minute")
    void roundTripMillis() throws IOException {
      vendor.stubFor(get(urlPathEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(300)));
      Matcher m = Pattern.compile("-> 200 \\((\\d+) ms").matcher(logOf("/slow"));
      assertThat(m.find()).isTrue();
      assertThat(Long.parseLong(m.group(1))).isBetween(250L, 60_000L);
    }

    @Test
    @DisplayName("lists headers as {name=value, name=value}, with no separator before the first")
    void headerListFormat() throws IOException {
      vendor.stubFor(get(urlPathEqualTo("/h")).willReturn(aResponse().withStatus(200)
          .withHeader("Content-Type", "application/json").withHeader("X-RateLimit-Remaining", "7")));
      String text = logOf("/h");
      assertThat(text).contains("headers {Accept=application/json").doesNotContain("{, ").doesNotContain(", }");
      assertThat(text).contains("Content-Type=application/json", "X-RateLimit-Remaining=7");
    }
  }
}
