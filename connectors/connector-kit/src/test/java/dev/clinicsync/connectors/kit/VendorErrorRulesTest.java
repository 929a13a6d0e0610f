package dev.clinicsync.connectors.kit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.clinicsync.connectors.tck.RecordingSleeper;
import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.model.ConnectorId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import okhttp3.Request;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("A vendor's error rules plug into the kit's classification")
class VendorErrorRulesTest {
  @RegisterExtension
  static WireMockExtension vendor = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final List<String> bodiesSeen = new ArrayList<>();

  /** A vendor whose 403 with {@code "reason":"slowDown"} means "retry later"; everything else is generic. */
  private final VendorErrorRules slowDownIsRetryable = (response, body, classifier) -> {
    String text = new String(body, StandardCharsets.UTF_8);
    bodiesSeen.add(text);
    if (response.code() == 403 && text.contains("\"reason\":\"slowDown\"")) {
      return Optional.of(classifier.retryable("the vendor asks us to slow down (reason slowDown)", 403,
          classifier.requestId(response).orElse(null), Duration.ofSeconds(3), null));
    }
    return Optional.empty();
  };

  private ConnectorHttp http(VendorErrorRules rules) {
    return ConnectorHttp.builder(ConnectorId.of("v"), sleeper.clock())
        .ssrfGuard(SsrfGuard.strict().allowingHttp().allowingPrivateAddresses())
        .accessTokens(new FakeTokens())
        .retries(RetryExecutor.of(Backoff.exponential(100, 1000, 3), sleeper, new SplittableRandom(3)))
        .errorRules(rules)
        .build();
  }

  private Request get(String path) {
    return new Request.Builder().url(vendor.baseUrl() + path).build();
  }

  @Test
  @DisplayName("the rules see the error body and decide; the call is retried as they classified it")
  void rulesDecide() {
    vendor.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/r").inScenario("s")
        .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("ok")
        .willReturn(aResponse().withStatus(403).withBody("{\"reason\":\"slowDown\",\"note\":\"Jane Doe\"}")));
    vendor.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/r").inScenario("s")
        .whenScenarioStateIs("ok").willReturn(okJson("{\"n\":1}")));

    int n = http(slowDownIsRetryable).execute(get("/r"), r -> r.json().path("n").asInt());

    assertThat(n).isEqualTo(1);
    assertThat(sleeper.waits()).singleElement().isEqualTo(Duration.ofSeconds(3));
    assertThat(bodiesSeen).singleElement().asString().contains("slowDown");
  }

  @Test
  @DisplayName("what the rules leave is classified the generic way, and no body text reaches the message")
  void genericForTheRest() {
    vendor.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/f")
        .willReturn(aResponse().withStatus(403).withBody("{\"reason\":\"forbidden\",\"note\":\"Jane Doe\"}")));

    assertThatThrownBy(() -> http(slowDownIsRetryable).execute(get("/f"), VendorResponse::status))
        .isInstanceOf(PermanentConnectorException.class)
        .hasMessageNotContaining("Jane").hasMessageNotContaining("forbidden");
    vendor.verify(1, getRequestedFor(urlPathEqualTo("/f")));
  }

  @Test
  @DisplayName("without rules, the same 403 is the generic permanent failure; the body is never read")
  void noRules() {
    vendor.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/n")
        .willReturn(aResponse().withStatus(403).withBody("{\"reason\":\"slowDown\"}")));

    assertThatThrownBy(() -> http(VendorErrorRules.NONE).execute(get("/n"), VendorResponse::status))
        .isInstanceOf(PermanentConnectorException.class);
    assertThat(bodiesSeen).isEmpty();
  }

  @Test
  @DisplayName("a 401 still refreshes the token once under vendor rules that leave it alone")
  void authStillRefreshes() {
    vendor.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/a").inScenario("a")
        .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("ok").willReturn(aResponse().withStatus(401)));
    vendor.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/a").inScenario("a")
        .whenScenarioStateIs("ok").willReturn(okJson("{}")));

    assertThat(http(slowDownIsRetryable).execute(get("/a"), VendorResponse::status)).isEqualTo(200);
    vendor.verify(2, getRequestedFor(urlPathEqualTo("/a")));
  }

  @Test
  @DisplayName("only a bounded start of a huge error body is read for the rules")
  void boundedBody() {
    vendor.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/h")
        .willReturn(aResponse().withStatus(500).withBody("x".repeat(VendorErrorRules.MAX_ERROR_BODY_BYTES * 4))));

    assertThatThrownBy(() -> http(slowDownIsRetryable).execute(get("/h"), VendorResponse::status))
        .isInstanceOf(RetryableConnectorException.class);
    assertThat(bodiesSeen).hasSize(3).allSatisfy(b -> assertThat(b).hasSize(VendorErrorRules.MAX_ERROR_BODY_BYTES));
  }

  @Test
  @DisplayName("rules answer with the connector's own classifier: its id is on the failure")
  void connectorIdKept() {
    vendor.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/c")
        .willReturn(aResponse().withStatus(403).withBody("{\"reason\":\"slowDown\"}")));
    ConnectorHttp once = ConnectorHttp.builder(ConnectorId.of("acme-1"), sleeper.clock())
        .ssrfGuard(SsrfGuard.strict().allowingHttp().allowingPrivateAddresses())
        .retries(RetryExecutor.noRetries()).errorRules(slowDownIsRetryable).build();

    assertThatThrownBy(() -> once.execute(get("/c"), VendorResponse::status))
        .isInstanceOfSatisfying(RetryableConnectorException.class, e -> {
          assertThat(e.connectorId()).isEqualTo("acme-1");
          assertThat(((ConnectorException) e).httpStatus()).hasValue(403);
        });
  }
}
