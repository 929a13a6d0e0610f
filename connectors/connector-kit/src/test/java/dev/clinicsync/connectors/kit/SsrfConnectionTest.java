package dev.clinicsync.connectors.kit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.clinicsync.connectors.kit.SsrfGuard.Rule;
import dev.clinicsync.connectors.tck.RecordingSleeper;
import dev.clinicsync.core.model.ConnectorId;
import java.io.IOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SSRF guard on real connections: redirects, IP literal spellings, DNS rebinding, pooled connections. */
class SsrfConnectionTest {
  @RegisterExtension
  static WireMockExtension vendor = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().dynamicHttpsPort()).build();
  /** An "internal service" on loopback that the vendor tries to make us reach. */
  @RegisterExtension
  static WireMockExtension internal = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final RecordingSleeper sleeper = new RecordingSleeper();

  @BeforeEach
  void internalAnswersEverything() {
    internal.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{\"secret\":\"internal\"}")));
  }

  /** Plain http, and of all private addresses only the vendor stub's host and ports. */
  private static SsrfGuard stubGuard() {
    return SsrfGuard.strict().allowingHttp()
        .allowingPrivateTarget("localhost", vendor.getPort())
        .allowingPrivateTarget("localhost", vendor.getHttpsPort());
  }

  private ConnectorHttp http(SsrfGuard guard) {
    return http(guard, HttpClients.shared());
  }

  private ConnectorHttp http(SsrfGuard guard, OkHttpClient base) {
    return ConnectorHttp.builder(ConnectorId.of("ssrf-test"), sleeper.clock()).ssrfGuard(guard).baseClient(base)
        .retries(RetryExecutor.noRetries()).build();
  }

  /** The stub over plain http (its baseUrl() is the https one). */
  private static String plainBase() {
    return "http://localhost:" + vendor.getPort();
  }

  private static Request request(String url) {
    return new Request.Builder().url(url).build();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "http://127.0.0.1:{probe}/i, LOOPBACK", "http://localhost:{probe}/i, LOOPBACK", "http://[::1]:{probe}/i, LOOPBACK",
      "http://[::ffff:127.0.0.1]:{probe}/i, LOOPBACK", "http://[::127.0.0.1]:{probe}/i, LOOPBACK",
      "http://2130706433:{probe}/i, NON_CANONICAL_IP_LITERAL", "http://0177.0.0.1:{probe}/i, NON_CANONICAL_IP_LITERAL",
      "http://0x7f.0.0.1:{probe}/i, NON_CANONICAL_IP_LITERAL", "http://127.1:{probe}/i, NON_CANONICAL_IP_LITERAL",
      "http://169.254.169.254/latest/meta-data/, CLOUD_METADATA",
      "http://[::ffff:a9fe:a9fe]/latest/meta-data/, CLOUD_METADATA", "http://2852039166/latest/, NON_CANONICAL_IP_LITERAL",
      "http://[fd00:ec2::254]/latest/, CLOUD_METADATA", "http://10.0.0.1/admin, PRIVATE",
      "http://100.64.0.1/admin, CARRIER_GRADE_NAT", "http://[fe80::1]/x, LINK_LOCAL",
      "http://0.0.0.0:{probe}/i, UNSPECIFIED", "http://[::]:{probe}/i, UNSPECIFIED"
  })
  @DisplayName("a vendor redirect to a refused address, in any spelling, ends in a BlockedAddressException and is never followed")
  void redirects(String location, Rule rule) {
    vendor.stubFor(get(urlPathEqualTo("/r")).willReturn(aResponse().withStatus(302)
        .withHeader("Location", location.replace("{probe}", Integer.toString(internal.getPort())))));
    assertThatThrownBy(() -> http(stubGuard()).execute(request(plainBase() + "/r?token=s3cr3t"), VendorResponse::status))
        .isInstanceOfSatisfying(BlockedAddressException.class, e -> {
          assertThat(e.rule()).isEqualTo(rule);
          assertThat(e.connectorId()).isEqualTo("ssrf-test");
        })
        .hasMessageContaining("rule " + rule)
        .hasMessageNotContaining("s3cr3t").hasMessageNotContaining("/i").hasMessageNotContaining("meta-data");
    assertThat(internal.getAllServeEvents()).as("requests that reached the internal service").isEmpty();
  }

  @Test
  @DisplayName("a redirect within the allowed vendor is followed")
  void allowedRedirect() {
    vendor.stubFor(get("/moved").willReturn(aResponse().withStatus(301).withHeader("Location", "/here")));
    vendor.stubFor(get("/here").willReturn(okJson("{\"n\":1}")));
    int n = http(stubGuard()).execute(request(plainBase() + "/moved"), r -> r.json().path("n").asInt());
    assertThat(n).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "http://2130706433:{vendor}/ok, NON_CANONICAL_IP_LITERAL", "http://127.1:{vendor}/ok, NON_CANONICAL_IP_LITERAL",
      "http://0177.0.0.1:{vendor}/ok, NON_CANONICAL_IP_LITERAL", "http://127.0.0.1:{probe}/ok, LOOPBACK",
      "http://[::ffff:127.0.0.1]:{probe}/ok, LOOPBACK", "http://localhost:{probe}/ok, LOOPBACK"
  })
  @DisplayName("a first hop to a refused address or an ambiguous literal is refused before anything is sent")
  void firstHop(String url, Rule rule) {
    vendor.stubFor(get("/ok").willReturn(okJson("{}")));
    String u = url.replace("{vendor}", Integer.toString(vendor.getPort()))
        .replace("{probe}", Integer.toString(internal.getPort()));
    assertThatThrownBy(() -> http(stubGuard()).execute(request(u), VendorResponse::status))
        .isInstanceOfSatisfying(BlockedAddressException.class, e -> assertThat(e.rule()).isEqualTo(rule));
    vendor.verify(0, getRequestedFor(urlPathEqualTo("/ok")));
    assertThat(internal.getAllServeEvents()).isEmpty();
    assertThat(http(stubGuard()).execute(request("http://127.0.0.1:" + vendor.getPort() + "/ok"), VendorResponse::status))
        .as("the allowed stub, by its address").isEqualTo(200);
  }

  @Test
  @DisplayName("DNS rebinding: a host that resolved to a public address at check time and to 127.0.0.1 at connect time is refused")
  void rebinding() {
    AtomicInteger lookups = new AtomicInteger();
    SsrfGuard guard = SsrfGuard.strict().allowingHttp().withResolver(host -> List.of(InetAddress.getByName(
        lookups.getAndIncrement() == 0 ? "93.184.216.34" : "127.0.0.1")));
    vendor.stubFor(get("/feed").willReturn(okJson("{}")));
    String url = "http://feed.rebind.test:" + vendor.getPort() + "/feed";
    assertThat(guard.check(url, "feed url")).as("the first answer is public").isNotNull();
    assertThatThrownBy(() -> http(guard).execute(request(url), VendorResponse::status))
        .isInstanceOfSatisfying(BlockedAddressException.class, e -> assertThat(e.rule()).isEqualTo(Rule.LOOPBACK));
    assertThat(lookups.get()).isGreaterThan(1);
    vendor.verify(0, getRequestedFor(urlPathEqualTo("/feed")));
  }

  @Test
  @DisplayName("a client's own Dns answering loopback for a public-looking name cannot get past the socket check")
  void customDns() {
    AtomicInteger lookups = new AtomicInteger();
    OkHttpClient base = HttpClients.shared().newBuilder().dns(host -> {
      lookups.incrementAndGet();
      return List.of(InetAddress.getByName("127.0.0.1"));
    }).build();
    vendor.stubFor(get("/feed").willReturn(okJson("{}")));
    assertThatThrownBy(() -> http(SsrfGuard.strict().allowingHttp(), base)
        .execute(request("http://calendar.vendor.test:" + vendor.getPort() + "/feed"), VendorResponse::status))
        .isInstanceOfSatisfying(BlockedAddressException.class, e -> assertThat(e.rule()).isEqualTo(Rule.LOOPBACK));
    assertThat(lookups.get()).isPositive();
    vendor.verify(0, getRequestedFor(urlPathEqualTo("/feed")));
  }

  @Test
  @DisplayName("a pooled connection opened by an unguarded client of the shared pool is checked again by the guarded one")
  void pooledConnection() throws IOException {
    vendor.stubFor(get("/pooled").willReturn(okJson("{}")));
    try (Response r = HttpClients.shared().newCall(request(plainBase() + "/pooled")).execute()) {
      assertThat(r.body().string()).isEqualTo("{}");
    }
    assertThatThrownBy(() -> http(SsrfGuard.strict().allowingHttp()).execute(request(plainBase() + "/pooled"),
        VendorResponse::status))
        .isInstanceOfSatisfying(BlockedAddressException.class, e -> assertThat(e.rule()).isEqualTo(Rule.LOOPBACK));
    vendor.verify(1, getRequestedFor(urlPathEqualTo("/pooled")));
  }

  @Test
  @DisplayName("a redirect from https to http is refused with a typed error, even where plain http is allowed; http to https is followed")
  void downgrade() throws Exception {
    OkHttpClient trusting = trustingClient();
    vendor.stubFor(get("/secure").willReturn(aResponse().withStatus(302)
        .withHeader("Location", "http://localhost:" + vendor.getPort() + "/plain")));
    vendor.stubFor(get("/plain").willReturn(okJson("{\"leaked\":true}")));
    assertThatThrownBy(() -> http(stubGuard(), trusting)
        .execute(request("https://localhost:" + vendor.getHttpsPort() + "/secure"), VendorResponse::status))
        .isInstanceOfSatisfying(BlockedAddressException.class, e -> assertThat(e.rule()).isEqualTo(Rule.INSECURE_REDIRECT));
    vendor.verify(0, getRequestedFor(urlPathEqualTo("/plain")));

    vendor.stubFor(get("/up").willReturn(aResponse().withStatus(302)
        .withHeader("Location", "https://localhost:" + vendor.getHttpsPort() + "/tls")));
    vendor.stubFor(get("/tls").willReturn(okJson("{\"n\":2}")));
    int n = http(stubGuard(), trusting).execute(request(plainBase() + "/up"), r -> r.json().path("n").asInt());
    assertThat(n).isEqualTo(2);
  }

  /** A client trusting WireMock's self-signed certificate (test only). */
  private static OkHttpClient trustingClient() throws Exception {
    X509TrustManager trustAll = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // trusts everything: a test against a local stub only
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {
        // trusts everything: a test against a local stub only
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, new TrustManager[] {trustAll}, new SecureRandom());
    return HttpClients.shared().newBuilder().sslSocketFactory(tls.getSocketFactory(), trustAll)
        .hostnameVerifier((host, session) -> true).build();
  }
}
