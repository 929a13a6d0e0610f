package dev.clinicsync.connectors.kit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.clinicsync.core.connector.ConnectorConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HttpClientsTest {
  @RegisterExtension
  static WireMockExtension vendor = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @Test
  @DisplayName("the User-Agent names the SDK and its build version, and gzip is asked for")
  void userAgentAndGzip() throws IOException {
    vendor.stubFor(get("/r").willReturn(aResponse().withStatus(200).withBody("x".repeat(5000))));
    try (Response r = HttpClients.shared().newCall(new Request.Builder().url(vendor.baseUrl() + "/r").build()).execute()) {
      assertThat(r.body().string()).hasSize(5000);
    }
    assertThat(HttpClients.userAgent()).matches("ClinicSync/\\d+\\.\\d+\\.\\d+.*");
    vendor.verify(getRequestedFor(urlPathEqualTo("/r"))
        .withHeader("User-Agent", equalTo(HttpClients.userAgent()))
        .withHeader("Accept-Encoding", equalTo("gzip")));
  }

  @Test
  @DisplayName("connector variants share the one connection pool and take their timeouts from config")
  void variants() {
    ConnectorConfig config = ConnectorConfig.of("zd", "zocdoc", Map.of("http.read-timeout", "PT5S", "http.connect-timeout", "3"));
    OkHttpClient a = HttpClients.forConnector(HttpSettings.from(config)).build();
    OkHttpClient b = HttpClients.forConnector(HttpSettings.DEFAULTS).build();
    assertThat(a.connectionPool()).isSameAs(HttpClients.shared().connectionPool()).isSameAs(b.connectionPool());
    assertThat(a.dispatcher()).isSameAs(b.dispatcher());
    assertThat(a.readTimeoutMillis()).isEqualTo(5000);
    assertThat(a.connectTimeoutMillis()).isEqualTo(3000);
    assertThat(b.readTimeoutMillis()).isEqualTo((int) HttpSettings.DEFAULTS.readTimeout().toMillis());
    assertThat(HttpSettings.from(config).callTimeout()).isEqualTo(Duration.ofSeconds(60));
  }
}
