package dev.clinicsync.connectors.google;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.clinicsync.core.ConnectorAuthException;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Google failures go through connector-kit's one policy")
class GoogleErrorPolicyTest {
  static final TimeWindow MARCH = TimeWindow.of(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"));
  static final String EVENTS = "/calendar/v3/calendars/primary/events";
  static final String LAST_PAGE = "{\"kind\":\"calendar#events\",\"timeZone\":\"UTC\",\"nextSyncToken\":\"S1\",\"items\":[]}";

  final GoogleStub stub = new GoogleStub();
  GoogleCalendarConnector connector = stub.connector();

  @AfterEach
  void stop() {
    connector.close();
    stub.close();
  }

  static String googleError(int code, String reason, String message) {
    return "{\"error\":{\"errors\":[{\"domain\":\"usageLimits\",\"reason\":\"" + reason + "\",\"message\":\"" + message
        + "\"}],\"code\":" + code + ",\"message\":\"" + message + "\"}}";
  }

  static ResponseDefinitionBuilder error(int status, String reason, String message) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=UTF-8")
        .withBody(googleError(status, reason, message));
  }

  /** The events endpoint answers {@code first}, then a good last page. */
  void failOnceThenSucceed(ResponseDefinitionBuilder first) {
    stub.server.stubFor(get(urlPathEqualTo(EVENTS)).atPriority(1).inScenario("flaky").whenScenarioStateIs(STARTED)
        .willReturn(first).willSetStateTo("recovered"));
    stub.server.stubFor(get(urlPathEqualTo(EVENTS)).atPriority(1).inScenario("flaky").whenScenarioStateIs("recovered")
        .willReturn(okJson(LAST_PAGE)));
  }

  void alwaysAnswer(ResponseDefinitionBuilder response) {
    stub.server.stubFor(get(urlPathEqualTo(EVENTS)).atPriority(1).willReturn(response));
  }

  int eventCalls() {
    return stub.server.findAll(getRequestedFor(urlPathEqualTo(EVENTS))).size();
  }

  @Nested
  @DisplayName("rate limits")
  class RateLimits {
    @Test
    @DisplayName("403 rateLimitExceeded is retried after a back-off")
    void rateLimitExceeded() {
      failOnceThenSucceed(error(403, "rateLimitExceeded", "Rate Limit Exceeded"));

      FetchPage page = connector.fetch(FetchRequest.full(MARCH));

      assertThat(page.nextCursor()).isPresent();
      assertThat(eventCalls()).isEqualTo(2);
      assertThat(stub.sleeper.waits()).hasSize(1);
    }

    @Test
    @DisplayName("403 userRateLimitExceeded is retried after a back-off")
    void userRateLimitExceeded() {
      failOnceThenSucceed(error(403, "userRateLimitExceeded", "User Rate Limit Exceeded"));

      assertThat(connector.fetch(FetchRequest.full(MARCH)).nextCursor()).isPresent();
      assertThat(eventCalls()).isEqualTo(2);
    }

    @Test
    @DisplayName("429 is retried, waiting at least the Retry-After")
    void tooManyRequests() {
      failOnceThenSucceed(error(429, "rateLimitExceeded", "Too many requests").withHeader("Retry-After", "7"));

      assertThat(connector.fetch(FetchRequest.full(MARCH)).nextCursor()).isPresent();
      assertThat(stub.sleeper.waits()).singleElement().satisfies(w -> assertThat(w).isGreaterThanOrEqualTo(Duration.ofSeconds(7)));
    }

    @Test
    @DisplayName("403 quotaExceeded is retryable with a long back-off, not retried in-line")
    void quotaExceeded() {
      alwaysAnswer(error(403, "quotaExceeded", "Calendar usage limits exceeded."));

      assertThatThrownBy(() -> connector.fetch(FetchRequest.full(MARCH)))
          .isInstanceOfSatisfying(RetryableConnectorException.class, e -> {
            assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofHours(1)));
            assertThat(e.httpStatus()).hasValue(403);
          });
      assertThat(eventCalls()).isEqualTo(1);
      assertThat(stub.sleeper.waits()).isEmpty();
    }

    @Test
    @DisplayName("the client-side rate limiter spaces requests beyond the burst")
    void clientSideRateLimit() {
      connector.close();
      connector = stub.connector(stub.settings().requestsPerSecond(1).burst(1).build());
      alwaysAnswer(okJson(LAST_PAGE));

      connector.fetch(FetchRequest.full(MARCH));
      connector.fetch(FetchRequest.full(MARCH));

      assertThat(stub.sleeper.total()).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }
  }

  @Nested
  @DisplayName("permission and server errors")
  class Errors {
    @Test
    @DisplayName("any other 403 is a permanent permission error, never retried")
    void forbidden() {
      alwaysAnswer(error(403, "forbidden", "Forbidden"));

      assertThatThrownBy(() -> connector.fetch(FetchRequest.full(MARCH)))
          .isInstanceOf(PermanentConnectorException.class)
          .hasMessageContaining("permission").hasMessageContaining("forbidden");
      assertThat(eventCalls()).isEqualTo(1);
      assertThat(stub.sleeper.waits()).isEmpty();
    }

    @Test
    @DisplayName("a 403 without a readable body is a permission error too")
    void forbiddenWithoutBody() {
      alwaysAnswer(aResponse().withStatus(403).withBody("<html>no</html>"));

      assertThatThrownBy(() -> connector.fetch(FetchRequest.full(MARCH))).isInstanceOf(PermanentConnectorException.class);
      assertThat(eventCalls()).isEqualTo(1);
    }

    @Test
    @DisplayName("5xx is retried until the attempts run out, then thrown as retryable")
    void serverError() {
      alwaysAnswer(error(503, "backendError", "Backend Error"));

      assertThatThrownBy(() -> connector.fetch(FetchRequest.full(MARCH))).isInstanceOf(RetryableConnectorException.class);
      assertThat(eventCalls()).isEqualTo(4);
      assertThat(stub.sleeper.waits()).hasSize(3);
    }

    @Test
    @DisplayName("400 timeRangeEmpty is permanent")
    void badRequest() {
      alwaysAnswer(error(400, "timeRangeEmpty", "The specified time range is empty."));

      assertThatThrownBy(() -> connector.fetch(FetchRequest.full(MARCH))).isInstanceOf(PermanentConnectorException.class);
      assertThat(eventCalls()).isEqualTo(1);
    }

    @Test
    @DisplayName("a connection reset is retried")
    void connectionReset() {
      failOnceThenSucceed(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

      assertThat(connector.fetch(FetchRequest.full(MARCH)).nextCursor()).isPresent();
      assertThat(eventCalls()).isEqualTo(2);
    }

    @Test
    @DisplayName("a read timeout is retried")
    void timeout() {
      connector.close();
      connector = stub.connector(stub.settings().http(new dev.clinicsync.connectors.kit.HttpSettings(
          Duration.ofSeconds(2), Duration.ofMillis(700), Duration.ofSeconds(2), Duration.ofSeconds(20))).build());
      failOnceThenSucceed(okJson(LAST_PAGE).withFixedDelay(2_000));

      assertThat(connector.fetch(FetchRequest.full(MARCH)).nextCursor()).isPresent();
      assertThat(eventCalls()).isEqualTo(2);
    }

    @Test
    @DisplayName("a body that is not JSON is a permanent malformed-payload error")
    void malformed() {
      alwaysAnswer(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"items\": [ {\"id\": "));

      assertThatThrownBy(() -> connector.fetch(FetchRequest.full(MARCH)))
          .isInstanceOf(PermanentConnectorException.class).hasMessageContaining("malformed");
    }
  }

  @Nested
  @DisplayName("401")
  class Unauthorized {
    @Test
    @DisplayName("a refused access token is refreshed once and the call succeeds")
    void refreshOnce() {
      failOnceThenSucceed(error(401, "authError", "Invalid Credentials"));

      assertThat(connector.fetch(FetchRequest.full(MARCH)).nextCursor()).isPresent();
      assertThat(eventCalls()).isEqualTo(2);
      stub.server.verify(2, postRequestedFor(urlPathEqualTo("/token")));
      assertThat(stub.sleeper.waits()).isEmpty();
    }

    @Test
    @DisplayName("a second 401 after the refresh is an auth failure, not retried further")
    void refusedTwice() {
      alwaysAnswer(error(401, "authError", "Invalid Credentials"));

      assertThatThrownBy(() -> connector.fetch(FetchRequest.full(MARCH)))
          .isInstanceOfSatisfying(ConnectorAuthException.class, e -> assertThat(e.reconsentRequired()).isFalse());
      assertThat(eventCalls()).isEqualTo(2);
      stub.server.verify(2, postRequestedFor(urlPathEqualTo("/token")));
    }
  }
}
