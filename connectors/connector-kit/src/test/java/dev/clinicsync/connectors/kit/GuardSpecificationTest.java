package dev.clinicsync.connectors.kit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.clinicsync.connectors.kit.SsrfGuard.Rule;
import dev.clinicsync.connectors.kit.internal.RetryAfter;
import dev.clinicsync.connectors.tck.RecordingSleeper;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.model.ConnectorId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The boundaries of connector-kit's guards, where an off-by-one is a safety defect (issue #22). */
@DisplayName("connector-kit's guards at their boundaries")
class GuardSpecificationTest {
  @RegisterExtension
  static WireMockExtension vendor = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T12:00:00Z"), ZoneOffset.UTC);

  @Nested
  @DisplayName("The SSRF guard")
  class Ssrf {
    @ParameterizedTest(name = "{0} is refused under {1}")
    @CsvSource({
        "0.0.0.0, UNSPECIFIED", "0.255.255.255, UNSPECIFIED",
        "127.0.0.0, LOOPBACK", "127.255.255.255, LOOPBACK",
        "10.0.0.0, PRIVATE", "10.255.255.255, PRIVATE",
        "172.16.0.0, PRIVATE", "172.31.255.255, PRIVATE",
        "192.168.0.0, PRIVATE", "192.168.255.255, PRIVATE",
        "100.64.0.0, CARRIER_GRADE_NAT", "100.127.255.255, CARRIER_GRADE_NAT",
        "169.254.0.0, LINK_LOCAL", "169.254.255.255, LINK_LOCAL",
        "169.254.169.254, CLOUD_METADATA", "169.254.170.2, CLOUD_METADATA", "100.100.100.200, CLOUD_METADATA",
        "224.0.0.0, MULTICAST", "239.255.255.255, MULTICAST",
        "240.0.0.0, RESERVED", "255.255.255.255, RESERVED",
        "192.0.0.0, RESERVED", "192.0.0.255, RESERVED",
        "192.0.2.0, RESERVED", "192.0.2.255, RESERVED",
        "192.88.99.0, RESERVED", "192.88.99.255, RESERVED",
        "198.18.0.0, RESERVED", "198.19.255.255, RESERVED",
        "198.51.100.0, RESERVED", "198.51.100.255, RESERVED",
        "203.0.113.0, RESERVED", "203.0.113.255, RESERVED"
    })
    @DisplayName("every special IPv4 range is refused at both of its ends")
    void specialRangesRefused(String ip, Rule rule) throws UnknownHostException {
      assertThat(SsrfGuard.classify(InetAddress.getByName(ip))).as(ip).contains(rule);
      assertThat(SsrfGuard.isPublic(InetAddress.getByName(ip))).as(ip).isFalse();
    }

    @ParameterizedTest(name = "{0} is public")
    @ValueSource(strings = {
        "1.0.0.0", "9.255.255.255", "11.0.0.0", "126.255.255.255", "128.0.0.0",
        "172.15.255.255", "172.32.0.0", "173.16.0.1", "171.16.0.1",
        "192.167.255.255", "192.169.0.0", "191.168.0.1", "193.168.0.1",
        "100.63.255.255", "100.128.0.0", "99.64.0.1", "101.64.0.1",
        "169.253.255.255", "169.255.0.0", "168.254.0.1", "170.254.0.1",
        "223.255.255.255",
        "192.0.1.0", "192.0.3.0", "192.1.0.1", "191.0.2.1", "193.0.2.1",
        "192.88.98.255", "192.88.100.0", "192.89.99.1", "192.87.99.1",
        "198.17.255.255", "198.20.0.0", "197.18.0.1", "199.18.0.1",
        "198.51.99.255", "198.51.101.0", "198.50.100.1", "198.52.100.1",
        "203.0.112.255", "203.0.114.0", "203.1.113.1", "202.0.113.1", "204.0.113.1"
    })
    @DisplayName("the addresses just outside each special IPv4 range are accepted")
    void neighboursAccepted(String ip) throws UnknownHostException {
      assertThat(SsrfGuard.classify(InetAddress.getByName(ip))).as(ip).isEmpty();
      assertThat(SsrfGuard.isPublic(InetAddress.getByName(ip))).as(ip).isTrue();
    }

    /** An IPv6 address object even for ::ffff:a.b.c.d, which InetAddress.getByName/getByAddress turn into IPv4. */
    private static Inet6Address mapped(int a, int b, int c, int d) throws UnknownHostException {
      byte[] bytes = new byte[16];
      bytes[10] = (byte) 0xff;
      bytes[11] = (byte) 0xff;
      bytes[12] = (byte) a;
      bytes[13] = (byte) b;
      bytes[14] = (byte) c;
      bytes[15] = (byte) d;
      return Inet6Address.getByAddress(null, bytes, -1);
    }

    @Test
    @DisplayName("an IPv4-mapped IPv6 address is judged by the IPv4 address it carries")
    void ipv4MappedIpv6() throws UnknownHostException {
      assertThat(mapped(127, 0, 0, 1)).isInstanceOf(Inet6Address.class);
      assertThat(SsrfGuard.classify(mapped(127, 0, 0, 1))).contains(Rule.LOOPBACK);
      assertThat(SsrfGuard.classify(mapped(10, 1, 2, 3))).contains(Rule.PRIVATE);
      assertThat(SsrfGuard.classify(mapped(100, 64, 0, 1))).contains(Rule.CARRIER_GRADE_NAT);
      assertThat(SsrfGuard.classify(mapped(169, 254, 169, 254))).contains(Rule.LINK_LOCAL);
      assertThat(SsrfGuard.classify(mapped(93, 184, 216, 34))).as("a mapped public address").isEmpty();
      assertThat(SsrfGuard.isPublic(mapped(93, 184, 216, 34))).isTrue();
    }

    @Test
    @DisplayName("an address that only looks IPv4-mapped (::fffe:… or ::ff:ffff:…) is not read as IPv4")
    void nearlyMapped() throws UnknownHostException {
      byte[] bytes = mapped(93, 184, 216, 34).getAddress();
      bytes[11] = (byte) 0xfe;
      assertThat(SsrfGuard.classify(Inet6Address.getByAddress(null, bytes, -1))).contains(Rule.RESERVED);
      bytes = mapped(93, 184, 216, 34).getAddress();
      bytes[10] = (byte) 0xfe;
      assertThat(SsrfGuard.classify(Inet6Address.getByAddress(null, bytes, -1))).contains(Rule.RESERVED);
      bytes = mapped(93, 184, 216, 34).getAddress();
      bytes[9] = 1;
      assertThat(SsrfGuard.classify(Inet6Address.getByAddress(null, bytes, -1))).contains(Rule.RESERVED);
    }
  }

  @Nested
  @DisplayName("The error classifier")
  class Classifier {
    private final HttpErrorClassifier classifier = HttpErrorClassifier.forConnector(ConnectorId.of("edge"), CLOCK);

    private Response response(int code) {
      return new Response.Builder().request(new Request.Builder().url("https://vendor.example/v1/appointments").build())
          .protocol(Protocol.HTTP_1_1).code(code).message("status " + code).build();
    }

    @Test
    @DisplayName("counts a 400 as a failure, and a 399 as no error")
    void fourHundredIsNotSuccess() {
      assertThat(classifier.classify(response(400))).get().isInstanceOf(PermanentConnectorException.class);
      assertThat(classifier.classify(response(399))).isEmpty();
      assertThat(classifier.classify(response(200))).isEmpty();
    }
  }

  @Nested
  @DisplayName("Retry-After")
  class RetryAfterLimit {
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final RetryExecutor retries = RetryExecutor.of(
        Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 4).withJitter(Backoff.Jitter.NONE),
        sleeper, new SplittableRandom(1)).withMaxRetryAfter(Duration.ofSeconds(10));

    @Test
    @DisplayName("equal to the maximum is still waited for")
    void equalToMaximumIsWaited() {
      int[] calls = {0};
      retries.run(() -> {
        if (++calls[0] == 1) {
          throw new RetryableConnectorException("c", "busy", 503, null, Duration.ofSeconds(10), null);
        }
      });
      assertThat(calls[0]).isEqualTo(2);
      assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(10));
    }

    @Test
    @DisplayName("one second over the maximum is not waited for")
    void overMaximumIsNot() {
      assertThatThrownBy(() -> retries.run(() -> {
        throw new RetryableConnectorException("c", "busy", 503, null, Duration.ofSeconds(11), null);
      })).isInstanceOf(RetryableConnectorException.class);
      assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    @DisplayName("a header of up to nine digits is read as seconds; longer ones are ignored")
    void headerDigits() {
      assertThat(RetryAfter.parse("999999999", CLOCK)).contains(Duration.ofSeconds(999_999_999));
      assertThat(RetryAfter.parse("1000000000", CLOCK)).isEmpty();
      assertThat(RetryAfter.parse(" 0 ", CLOCK)).contains(Duration.ZERO);
      assertThat(RetryAfter.parse("Mon, 02 Mar 2026 12:00:00 GMT", CLOCK)).contains(Duration.ZERO);
      assertThat(RetryAfter.parse("Mon, 02 Mar 2026 12:00:01 GMT", CLOCK)).contains(Duration.ofSeconds(1));
    }
  }

  @Nested
  @DisplayName("The body cap")
  class BodyCap {
    private ConnectorHttp http(long cap) {
      return ConnectorHttp.builder(ConnectorId.of("capped"), new RecordingSleeper().clock())
          .ssrfGuard(SsrfGuard.strict().allowingHttp().allowingPrivateTarget("localhost", vendor.getPort()))
          .retries(RetryExecutor.noRetries()).maxBodyBytes(cap).build();
    }

    private static byte[] gzip(byte[] plain) throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
        gz.write(plain);
      }
      return out.toByteArray();
    }

    private static byte[] body(int size) {
      return "{\"a\":1}".repeat(size).substring(0, size).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("a declared body of exactly the cap is read whole; one byte more is refused")
    void declaredLength() {
      vendor.stubFor(get("/exact").willReturn(aResponse().withStatus(200).withBody(body(1000))));
      vendor.stubFor(get("/over").willReturn(aResponse().withStatus(200).withBody(body(1001))));
      ConnectorHttp http = http(1000);
      assertThat(http.execute(new Request.Builder().url(vendor.baseUrl() + "/exact").build(), VendorResponse::body))
          .hasSize(1000);
      assertThatThrownBy(() -> http.execute(new Request.Builder().url(vendor.baseUrl() + "/over").build(),
          VendorResponse::body)).isInstanceOf(ResponseTooLargeException.class);
    }

    @Test
    @DisplayName("a streamed (gzip) body inflating to exactly the cap is read whole; one byte more is refused")
    void streamedLength() throws IOException {
      vendor.stubFor(get("/gz-exact").willReturn(aResponse().withStatus(200).withHeader("Content-Encoding", "gzip")
          .withBody(gzip(body(1000)))));
      vendor.stubFor(get("/gz-over").willReturn(aResponse().withStatus(200).withHeader("Content-Encoding", "gzip")
          .withBody(gzip(body(1001)))));
      ConnectorHttp http = http(1000);
      assertThat(http.execute(new Request.Builder().url(vendor.baseUrl() + "/gz-exact").build(), VendorResponse::body))
          .isEqualTo(body(1000));
      assertThatThrownBy(() -> http.execute(new Request.Builder().url(vendor.baseUrl() + "/gz-over").build(),
          VendorResponse::body)).isInstanceOf(ResponseTooLargeException.class);
    }
  }
}
