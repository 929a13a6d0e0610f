package dev.clinicsync.connectors.kit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.clinicsync.connectors.kit.SsrfGuard.Rule;
import dev.clinicsync.connectors.tck.RecordingSleeper;
import dev.clinicsync.core.model.ConnectorId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The SSRF guard's per-hop check where it is the only layer left (issue #22): a connection from the pool that
 * another, unguarded client opened, and a call through an HTTP proxy, where the socket only ever sees the proxy.
 */
@DisplayName("the SSRF guard's per-hop check, where the socket's check cannot see")
class SsrfHopSpecificationTest {
  /** A vendor's stub (reached by a name that resolves to loopback) or, in the proxy tests, the HTTP proxy. */
  @RegisterExtension
  static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final HttpErrorClassifier classifier =
      HttpErrorClassifier.forConnector(ConnectorId.of("ssrf-hop"), new RecordingSleeper().clock());

  @BeforeEach
  void stub() {
    server.stubFor(get(urlPathEqualTo("/v2/appointments")).willReturn(okJson("{\"appointments\":[],\"next\":null}")));
  }

  /** The rule of the guard's refusal that {@code thrown} carries out of OkHttp. */
  private static Rule refusedRule(Throwable thrown) {
    assertThat(thrown).isInstanceOf(ClassifiedIOException.class);
    assertThat(((ClassifiedIOException) thrown).exception()).isInstanceOf(BlockedAddressException.class);
    return ((BlockedAddressException) ((ClassifiedIOException) thrown).exception()).rule();
  }

  @Nested
  @DisplayName("On a pooled connection")
  class Pooled {
    @Test
    @DisplayName("a connection to a loopback address that an unguarded client sharing the pool opened is refused before a"
        + " request is sent on it")
    void pooledConnectionOfAnUnguardedSibling() throws IOException {
      // one DNS for both clients (OkHttp reuses a pooled connection only for an equal Address, and the socket factory is
      // not part of that equality): the vendor's name resolves to loopback, where the stub listens
      Dns loopback = host -> List.of(InetAddress.getByName("127.0.0.1"));
      OkHttpClient unguarded = new OkHttpClient.Builder().dns(loopback).build();
      Request request = new Request.Builder()
          .url("http://api.vendor.example:" + server.getPort() + "/v2/appointments?clinic=north").build();
      try (Response response = unguarded.newCall(request).execute()) {
        assertThat(response.code()).isEqualTo(200);
        response.body().string(); // read whole, so the connection goes back to the pool
      }
      assertThat(unguarded.connectionPool().idleConnectionCount()).as("pooled connections").isEqualTo(1);

      // the guarded client shares the pool (newBuilder) and so never opens a socket of its own: only the per-hop check
      // of the connection's peer stands between this call and loopback
      OkHttpClient guarded = SsrfGuard.strict().allowingHttp().applyTo(unguarded.newBuilder(), classifier).build();
      Throwable thrown = catchThrowable(() -> guarded.newCall(request).execute().close());

      assertThat(refusedRule(thrown)).isEqualTo(Rule.LOOPBACK);
      server.verify(1, anyRequestedFor(anyUrl())); // the unguarded client's request, and nothing on the pooled connection
    }
  }

  @Nested
  @DisplayName("On a refused redirect")
  class RefusedRedirect {
    @Test
    @DisplayName("the refused response is released: the call holds no connection afterwards, and the connection can be reused")
    void refusedRedirectReleasesItsConnection() {
      // a redirect with a body (vendors send an HTML "Moved" page): left open, it would keep its connection in use
      server.stubFor(get(urlPathEqualTo("/v2/export")).willReturn(aResponse().withStatus(302)
          .withHeader("Location", "http://10.0.8.12/admin/export").withHeader("Content-Type", "text/html")
          .withBody("<html><body>Moved to the records server. Dr. Weiß's export is there.</body></html>")));
      OkHttpClient client = SsrfGuard.strict().allowingHttp().allowingPrivateTarget("127.0.0.1", server.getPort())
          .applyTo(new OkHttpClient.Builder(), classifier).build();
      Request request = new Request.Builder().url("http://127.0.0.1:" + server.getPort() + "/v2/export").build();

      Throwable thrown = catchThrowable(() -> client.newCall(request).execute().close());

      assertThat(refusedRule(thrown)).isEqualTo(Rule.PRIVATE);
      assertThat(client.connectionPool().connectionCount() - client.connectionPool().idleConnectionCount())
          .as("connections still in use by the refused call").isZero();
      assertThat(client.connectionPool().idleConnectionCount()).as("the connection, back in the pool for reuse").isEqualTo(1);
    }
  }

  @Nested
  @DisplayName("Through an HTTP proxy")
  class ThroughAProxy {
    /** The names the guard's resolver was asked for. */
    private final List<String> resolved = new CopyOnWriteArrayList<>();

    /** A resolver for the vendor names of these tests (messy ones included: mixed case is lower-cased by OkHttp). */
    private SsrfGuard.HostResolver resolver(Map<String, List<String>> answers) {
      return host -> {
        resolved.add(host);
        List<String> ips = answers.get(host);
        if (ips == null) {
          throw new UnknownHostException("no test answer");
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (String ip : ips) {
          addresses.add(InetAddress.getByName(ip));
        }
        return addresses;
      };
    }

    /** A client whose every call goes through the proxy on loopback, which the guard allows as a private target. */
    private OkHttpClient viaProxy(SsrfGuard.HostResolver resolver) {
      SsrfGuard guard = SsrfGuard.strict().allowingHttp().allowingPrivateTarget("127.0.0.1", server.getPort())
          .withResolver(resolver);
      Proxy proxy = new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", server.getPort()));
      return guard.applyTo(new OkHttpClient.Builder().proxy(proxy), classifier).build();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "ehr.clinic.example, 10.20.0.5, PRIVATE",
        "api.vendor.example, 127.0.0.1, LOOPBACK",
        "metadata.vendor.example, 169.254.169.254, CLOUD_METADATA",
        "gw.vendor.example, 100.64.3.9, CARRIER_GRADE_NAT",
    })
    @DisplayName("a target whose name resolves to a refused address is refused, though the proxy itself is allowed,"
        + " with a message naming neither the target nor the URL, and the proxy receives nothing")
    void privateTargetRefused(String host, String ip, Rule rule) {
      OkHttpClient client = viaProxy(resolver(Map.of(host, List.of(ip))));
      Request request = new Request.Builder().url("http://" + host + "/v2/appointments?clinic=north").build();

      Throwable thrown = catchThrowable(() -> client.newCall(request).execute().close());

      assertThat(refusedRule(thrown)).isEqualTo(rule);
      assertThat(((ClassifiedIOException) thrown).exception().getMessage()).as("the refusal's message")
          .doesNotContain(host).doesNotContain("clinic=north").doesNotContain("/v2/appointments");
      assertThat(resolved).as("names the guard's resolver was asked for").contains(host);
      server.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    @DisplayName("a target with one refused address among public ones is refused")
    void oneRefusedAddressAmongPublicOnes() {
      OkHttpClient client = viaProxy(resolver(Map.of("api.vendor.example", List.of("93.184.216.34", "192.168.1.20"))));
      Request request = new Request.Builder().url("http://API.Vendor.example/v2/appointments").build();

      Throwable thrown = catchThrowable(() -> client.newCall(request).execute().close());

      assertThat(refusedRule(thrown)).isEqualTo(Rule.PRIVATE);
      server.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    @DisplayName("a target whose name resolves only to public addresses is reached through the proxy")
    void publicTargetAllowed() throws IOException {
      OkHttpClient client = viaProxy(resolver(Map.of("api.vendor.example", List.of("93.184.216.34", "2606:2800:220:1::1"))));
      Request request = new Request.Builder().url("http://api.vendor.example/v2/appointments?clinic=north").build();

      try (Response response = client.newCall(request).execute()) {
        assertThat(response.code()).isEqualTo(200);
        assertThat(response.body().string()).contains("appointments");
      }
      assertThat(resolved).as("the target's name, resolved by the guard").containsExactly("api.vendor.example");
      server.verify(1, getRequestedFor(urlPathEqualTo("/v2/appointments"))
          .withHeader("Host", equalTo("api.vendor.example")));
    }

    @Test
    @DisplayName("a redirect, through the proxy, to a name that resolves to a private address is refused before it is"
        + " followed")
    void redirectToPrivateNameRefused() {
      server.stubFor(get(urlPathEqualTo("/v2/export"))
          .willReturn(aResponse().withStatus(302).withHeader("Location", "http://records.clinic.example/admin/export")));
      server.stubFor(get(urlPathEqualTo("/admin/export")).willReturn(okJson("{\"patients\":[]}")));
      OkHttpClient client = viaProxy(resolver(Map.of(
          "api.vendor.example", List.of("93.184.216.34"), "records.clinic.example", List.of("10.0.8.12"))));
      Request request = new Request.Builder().url("http://api.vendor.example/v2/export").build();

      Throwable thrown = catchThrowable(() -> client.newCall(request).execute().close());

      assertThat(refusedRule(thrown)).isEqualTo(Rule.PRIVATE);
      server.verify(1, getRequestedFor(urlPathEqualTo("/v2/export")));
      server.verify(0, getRequestedFor(urlPathEqualTo("/admin/export")));
    }

    @Test
    @DisplayName("a target name the guard's resolver does not know is left to the proxy, which resolves it and enforces"
        + " its own egress rules (as documented: behind a proxy the client may have no DNS of its own)")
    void unresolvableTargetLeftToTheProxy() throws IOException {
      OkHttpClient client = viaProxy(resolver(Map.of()));
      Request request = new Request.Builder().url("http://api.vendor.example/v2/appointments").build();

      try (Response response = client.newCall(request).execute()) {
        assertThat(response.code()).isEqualTo(200);
      }
      assertThat(resolved).containsExactly("api.vendor.example");
    }

    @Test
    @DisplayName("a proxy on loopback that is not allowed as a private target is itself refused")
    void proxyOnLoopbackRefusedUnlessAllowed() {
      SsrfGuard guard = SsrfGuard.strict().allowingHttp()
          .withResolver(resolver(Map.of("api.vendor.example", List.of("93.184.216.34"))));
      Proxy proxy = new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", server.getPort()));
      OkHttpClient client = guard.applyTo(new OkHttpClient.Builder().proxy(proxy), classifier).build();
      Request request = new Request.Builder().url("http://api.vendor.example/v2/appointments").build();

      Throwable thrown = catchThrowable(() -> client.newCall(request).execute().close());

      assertThat(refusedRule(thrown)).isEqualTo(Rule.LOOPBACK);
      server.verify(0, anyRequestedFor(anyUrl()));
    }
  }
}
