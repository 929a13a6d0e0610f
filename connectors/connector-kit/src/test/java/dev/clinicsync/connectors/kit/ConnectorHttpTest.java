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
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.model.ConnectorId;
import java.time.Duration;
import java.util.SplittableRandom;
import okhttp3.Request;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConnectorHttpTest {
  @RegisterExtension
  static WireMockExtension vendor = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final ConnectorHttp http = ConnectorHttp.builder(ConnectorId.of("v"), sleeper.clock())
      .ssrfGuard(stubGuard())
      .retries(RetryExecutor.of(Backoff.exponential(100, 1000, 3), sleeper, new SplittableRandom(3)))
      .build();

  /** Plain http to the stub's host and port, nothing else private. */
  static SsrfGuard stubGuard() {
    return SsrfGuard.strict().allowingHttp().allowingPrivateTarget("localhost", vendor.getPort());
  }

  private Request get(String path) {
    return new Request.Builder().url(vendor.baseUrl() + path).build();
  }

  @Test
  @DisplayName("a 503 then an empty body are retried until a good page arrives, honouring Retry-After")
  void retriesWholeCall() {
    vendor.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/p").inScenario("s")
        .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("2")
        .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "2")));
    vendor.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/p").inScenario("s")
        .whenScenarioStateIs("2").willSetStateTo("3").willReturn(aResponse().withStatus(200).withBody("")));
    vendor.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/p").inScenario("s")
        .whenScenarioStateIs("3").willReturn(okJson("{\"n\":7}")));
    int n = http.execute(get("/p"), r -> r.json().path("n").asInt());
    assertThat(n).isEqualTo(7);
    assertThat(sleeper.waits()).hasSize(2).first().isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  @DisplayName("a malformed body is permanent and not retried")
  void malformed() {
    vendor.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/m").willReturn(okJson("{\"n\":")));
    assertThatThrownBy(() -> http.execute(get("/m"), r -> r.json())).isInstanceOf(PermanentConnectorException.class);
    vendor.verify(1, getRequestedFor(urlPathEqualTo("/m")));
  }

  @Test
  @DisplayName("executeOnce never retries (non-idempotent writes)")
  void once() {
    vendor.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/w").willReturn(aResponse().withStatus(500)));
    assertThatThrownBy(() -> http.executeOnce(get("/w"), VendorResponse::status)).isInstanceOf(RetryableConnectorException.class);
    vendor.verify(1, getRequestedFor(urlPathEqualTo("/w")));
  }

  @Test
  @DisplayName("without a guard of its own, a connector's HTTP refuses the loopback stub: the strict guard is the default")
  void strictByDefault() {
    ConnectorHttp unguarded = ConnectorHttp.builder(ConnectorId.of("v"), sleeper.clock())
        .retries(RetryExecutor.noRetries()).build();
    vendor.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/d").willReturn(okJson("{}")));
    assertThatThrownBy(() -> unguarded.execute(get("/d"), VendorResponse::status))
        .isInstanceOfSatisfying(BlockedAddressException.class, e -> assertThat(e.rule()).isEqualTo(SsrfGuard.Rule.INSECURE_SCHEME));
    ConnectorHttp httpOnly = ConnectorHttp.builder(ConnectorId.of("v"), sleeper.clock())
        .ssrfGuard(SsrfGuard.strict().allowingHttp()).retries(RetryExecutor.noRetries()).build();
    assertThatThrownBy(() -> httpOnly.execute(get("/d"), VendorResponse::status))
        .isInstanceOfSatisfying(BlockedAddressException.class, e -> assertThat(e.rule()).isEqualTo(SsrfGuard.Rule.LOOPBACK));
    vendor.verify(0, getRequestedFor(urlPathEqualTo("/d")));
  }

  @Test
  @DisplayName("a body over the limit is refused, and toString of a response never shows the body")
  void bodyLimit() {
    vendor.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/big").willReturn(aResponse().withStatus(200)
        .withBody("Jane Doe ".repeat(200))));
    ConnectorHttp small = ConnectorHttp.builder(ConnectorId.of("v"), sleeper.clock()).maxBodyBytes(100)
        .ssrfGuard(stubGuard()).retries(RetryExecutor.noRetries()).build();
    assertThatThrownBy(() -> small.execute(get("/big"), VendorResponse::bodyText))
        .isInstanceOfSatisfying(ResponseTooLargeException.class, e -> assertThat(e.limitBytes()).isEqualTo(100))
        .hasMessageNotContaining("Jane");
    String shown = http.execute(get("/big"), VendorResponse::toString);
    assertThat(shown).contains("200", "1800 bytes").doesNotContain("Jane");
  }
}
