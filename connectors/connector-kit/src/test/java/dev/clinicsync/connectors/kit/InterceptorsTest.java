package dev.clinicsync.connectors.kit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.clinicsync.connectors.tck.CapturingLogger;
import dev.clinicsync.connectors.tck.RecordingSleeper;
import dev.clinicsync.core.ConnectorAuthException;
import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.model.ConnectorId;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InterceptorsTest {
  @RegisterExtension
  static WireMockExtension vendor = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  /** Only turns a missing timeout into a failure instead of a hung build; nothing is timed against it. */
  private static final Duration HANG_GUARD = Duration.ofMinutes(2);

  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final HttpErrorClassifier classifier = HttpErrorClassifier.forConnector(ConnectorId.of("test-vendor"), sleeper.clock());

  /** A client with the default timeouts: no test here passes or fails by how fast the machine answers. */
  private OkHttpClient client(Interceptor... interceptors) {
    return client(HttpSettings.DEFAULTS, interceptors);
  }

  private OkHttpClient client(HttpSettings settings, Interceptor... interceptors) {
    OkHttpClient.Builder b = HttpClients.forConnector(settings);
    for (Interceptor i : interceptors) {
      b.addInterceptor(i);
    }
    return b.build();
  }

  private Request request(String path) {
    return new Request.Builder().url(vendor.baseUrl() + path).build();
  }

  /** Executes and classifies, as a connector would. */
  private int call(OkHttpClient client, String path) {
    try (Response r = client.newCall(request(path)).execute()) {
      return r.code();
    } catch (IOException e) {
      throw classifier.classify(e);
    }
  }

  @Nested
  @DisplayName("the auth interceptor")
  class Auth {
    private final FakeTokens tokens = new FakeTokens();
    private final OkHttpClient client = client(new AuthInterceptor(tokens, classifier), new ErrorClassifyingInterceptor(classifier));

    @Test
    @DisplayName("asks the token provider on every call and sends a bearer token")
    void bearerEveryCall() {
      vendor.stubFor(get("/r").willReturn(aResponse().withStatus(200)));
      call(client, "/r");
      call(client, "/r");
      assertThat(tokens.asked).hasValue(2);
      vendor.verify(2, getRequestedFor(urlPathEqualTo("/r")).withHeader("Authorization", equalTo("Bearer t1")));
    }

    @Test
    @DisplayName("on a 401 invalidates the token and retries once with a fresh one")
    void refreshOnce() {
      vendor.stubFor(get("/r").withHeader("Authorization", equalTo("Bearer t1")).willReturn(aResponse().withStatus(401)));
      vendor.stubFor(get("/r").withHeader("Authorization", equalTo("Bearer t2")).willReturn(aResponse().withStatus(200)));
      assertThat(call(client, "/r")).isEqualTo(200);
      assertThat(tokens.invalidated).containsExactly("t1");
    }

    @Test
    @DisplayName("a second 401 fails with an auth error carrying the request id")
    void secondRefusal() {
      vendor.stubFor(get("/r").willReturn(aResponse().withStatus(401).withHeader("X-Request-Id", "rq-401")));
      assertThatThrownBy(() -> call(client, "/r"))
          .isInstanceOf(ConnectorAuthException.class)
          .satisfies(e -> assertThat(((ConnectorException) e).vendorRequestId()).contains("rq-401"))
          .hasMessageNotContaining("t1").hasMessageNotContaining("t2");
      assertThat(tokens.invalidated).containsExactly("t1");
      vendor.verify(2, getRequestedFor(urlPathEqualTo("/r")));
    }

    @Test
    @DisplayName("also works without the classifying interceptor")
    void rawResponses() {
      OkHttpClient bare = client(new AuthInterceptor(tokens, classifier));
      vendor.stubFor(get("/r").withHeader("Authorization", equalTo("Bearer t1")).willReturn(aResponse().withStatus(401)));
      vendor.stubFor(get("/r").withHeader("Authorization", equalTo("Bearer t2")).willReturn(aResponse().withStatus(204)));
      assertThat(call(bare, "/r")).isEqualTo(204);
    }
  }

  @Nested
  @DisplayName("the error-classifying interceptor")
  class Classify {
    private final OkHttpClient client = client(new ErrorClassifyingInterceptor(classifier));

    @Test
    @DisplayName("turns a 429 with Retry-After into a retryable failure with the wait")
    void rateLimited() {
      vendor.stubFor(get("/r").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")));
      assertThatThrownBy(() -> call(client, "/r")).isInstanceOfSatisfying(RetryableConnectorException.class,
          e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(3)));
    }

    @Test
    @DisplayName("turns 500 and 503 into retryable failures and 404 into a permanent one")
    void statuses() {
      vendor.stubFor(get("/500").willReturn(aResponse().withStatus(500)));
      vendor.stubFor(get("/503").willReturn(aResponse().withStatus(503)));
      vendor.stubFor(get("/404").willReturn(aResponse().withStatus(404).withBody("{\"patient\":\"Jane Doe\"}")));
      assertThatThrownBy(() -> call(client, "/500")).isInstanceOf(RetryableConnectorException.class);
      assertThatThrownBy(() -> call(client, "/503")).isInstanceOf(RetryableConnectorException.class);
      assertThatThrownBy(() -> call(client, "/404")).isInstanceOf(PermanentConnectorException.class)
          .hasMessageNotContaining("Jane");
    }

    @Test
    @DisplayName("turns a connection reset and a response that never comes into retryable failures")
    void transport() throws Exception {
      vendor.stubFor(get("/reset").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
      assertThatThrownBy(() -> call(client, "/reset")).isInstanceOf(RetryableConnectorException.class);
      // the vendor holds its answer until the test is over, so only the read timeout can end the call
      CountDownLatch over = new CountDownLatch(1);
      try (RawHttpServer silent = new RawHttpServer((out, written) -> over.await())) {
        OkHttpClient shortRead = client(HttpSettings.DEFAULTS.withReadTimeout(Duration.ofMillis(200)),
            new ErrorClassifyingInterceptor(classifier));
        Request request = new Request.Builder().url(silent.url("/slow")).build();
        Throwable thrown = assertTimeoutPreemptively(HANG_GUARD, () -> catchThrowable(() -> {
          try (Response r = shortRead.newCall(request).execute()) {
            r.code();
          } catch (IOException e) {
            throw classifier.classify(e);
          }
        }));
        assertThat(thrown).isInstanceOf(RetryableConnectorException.class).hasMessageContaining("timed out");
      } finally {
        over.countDown();
      }
    }

    @Test
    @DisplayName("passes successful responses through")
    void success() {
      vendor.stubFor(get("/ok").willReturn(aResponse().withStatus(200)));
      assertThat(call(client, "/ok")).isEqualTo(200);
    }
  }

  @Nested
  @DisplayName("the rate-limit interceptor")
  class RateLimit {
    @Test
    @DisplayName("waits for a permit before each request beyond the burst")
    void paces() {
      vendor.stubFor(get("/r").willReturn(aResponse().withStatus(200)));
      OkHttpClient client = client(new RateLimitInterceptor(RateLimiter.of(2, 1, sleeper.clock(), sleeper)));
      for (int i = 0; i < 4; i++) {
        call(client, "/r");
      }
      assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(500));
      vendor.verify(4, getRequestedFor(urlPathEqualTo("/r")));
    }
  }

  @Nested
  @DisplayName("the logging interceptor")
  class Logging {
    @Test
    @DisplayName("logs method, redacted URL, status and request id, never a body, a token or a denied query value")
    void redacts() {
      vendor.stubFor(get(urlPathEqualTo("/v1/patients/P-60178/appointments")).willReturn(aResponse().withStatus(200)
          .withHeader("X-Request-Id", "rq-7").withHeader("Set-Cookie", "session=abc")
          .withBody("{\"name\":\"Jane Doe\",\"dob\":\"1980-01-01\"}")));
      CapturingLogger log = new CapturingLogger();
      OkHttpClient client = client(new RedactingLoggingInterceptor(Redaction.defaults(), classifier, log));
      Request r = new Request.Builder()
          .url(vendor.baseUrl() + "/v1/patients/P-60178/appointments?access_token=tok-123&page=2&email=jane@example.com")
          .header("Authorization", "Bearer SECRET-TOKEN").build();
      try (Response response = client.newCall(r).execute()) {
        assertThat(response.body().string()).contains("Jane Doe");
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      assertThat(log.text())
          .contains("GET", "/v1/patients/[redacted]/appointments", "page=2", "-> 200", "rq-7", "Authorization=[redacted]")
          .doesNotContain("SECRET-TOKEN", "tok-123", "P-60178", "jane@example.com", "Jane Doe", "1980-01-01", "session=abc");
      vendor.verify(getRequestedFor(urlPathEqualTo("/v1/patients/P-60178/appointments"))
          .withHeader("Authorization", matching("Bearer SECRET-TOKEN")));
    }

    @Test
    @DisplayName("at TRACE shows request and response header values only for allow-listed headers")
    void headersThroughAllowList() {
      vendor.stubFor(get(urlPathEqualTo("/feed.ics")).willReturn(aResponse().withStatus(200)
          .withHeader("Content-Type", "text/calendar").withHeader("X-RateLimit-Remaining", "41")
          .withHeader("Content-Disposition", "attachment; filename=\"Jane Doe.ics\"")
          .withHeader("X-Vendor-Note", "rescheduled by Jane Doe").withBody("BEGIN:VCALENDAR")));
      CapturingLogger log = new CapturingLogger();
      OkHttpClient client = client(new RedactingLoggingInterceptor(Redaction.defaults(), classifier, log));
      Request r = new Request.Builder().url(vendor.baseUrl() + "/feed.ics")
          .header("X-Patient", "Jane Doe").header("Accept", "text/calendar").build();
      try (Response response = client.newCall(r).execute()) {
        assertThat(response.code()).isEqualTo(200);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      assertThat(log.text())
          .contains("Content-Type=text/calendar", "X-RateLimit-Remaining=41", "Accept=text/calendar",
              "Content-Disposition=[redacted]", "X-Vendor-Note=[redacted]", "X-Patient=[redacted]")
          .doesNotContain("Jane");
    }

    @Test
    @DisplayName("logs a failed call by exception type only")
    void failure() {
      vendor.stubFor(get(urlPathEqualTo("/reset")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
      CapturingLogger log = new CapturingLogger();
      OkHttpClient client = client(new RedactingLoggingInterceptor(Redaction.defaults(), classifier, log));
      assertThatThrownBy(() -> call(client, "/reset?patient_id=P-1")).isInstanceOf(RetryableConnectorException.class);
      assertThat(log.text()).contains("failed").doesNotContain("P-1");
    }
  }
}
