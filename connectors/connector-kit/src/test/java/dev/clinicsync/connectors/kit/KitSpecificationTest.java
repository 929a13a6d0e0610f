package dev.clinicsync.connectors.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.connectors.kit.SsrfGuard.Rule;
import dev.clinicsync.connectors.kit.internal.IpAddresses;
import dev.clinicsync.core.ConnectorAuthException;
import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.ConnectorId;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * More of connector-kit's guards pinned where PIT found them unpinned (issue #22): which rule an
 * address breaks decides whether a relaxed guard may let it through, so each rule is asserted
 * exactly, not just "refused".
 */
@DisplayName("connector-kit's guards, rule by rule")
class KitSpecificationTest {

  @Nested
  @DisplayName("The SSRF guard's IPv6 rules")
  class Ipv6 {
    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "fc00::1, PRIVATE", "fd12:3456::1, PRIVATE", "fdff:ffff::1, PRIVATE",
        "fec0::1, PRIVATE", "feff::1, PRIVATE",
        "fe80::1, LINK_LOCAL", "febf::1, LINK_LOCAL",
        "fe00::1, RESERVED", "fe40::1, RESERVED", "fb00::1, RESERVED", "fe3f::1, RESERVED"
    })
    @DisplayName("unique-local and site-local addresses are private, and the fe00::/9 rest is reserved, never private")
    void localRanges(String ip, Rule rule) throws UnknownHostException {
      assertThat(SsrfGuard.classify(InetAddress.getByName(ip))).as(ip).contains(rule);
    }

    @Test
    @DisplayName("so a guard that allows private addresses lets a unique-local address through but never a reserved one")
    void relaxedGuard() throws UnknownHostException {
      SsrfGuard relaxed = SsrfGuard.strict().allowingPrivateAddresses();
      assertThat(relaxed.refusal(InetAddress.getByName("fd00::5"), 443)).isEmpty();
      assertThat(relaxed.refusal(InetAddress.getByName("fe00::5"), 443)).contains(Rule.RESERVED);
    }
  }

  @Nested
  @DisplayName("IP literals in URLs")
  class Literals {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"142.250.190.78", "1.255.0.1", "255.1.1.1", "99.199.249.255"})
    @DisplayName("a canonical public IPv4 literal with three-digit parts, up to 255, is accepted")
    void canonicalThreeDigits(String host) {
      assertThat(IpAddresses.isCanonicalIpv4(host)).as(host).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1.256.0.1", "1.2.3.1000", "1.2.3.0255", "1.02.3.4", "1.2.3", "1.2.3.4.5", "1..3.4", "1.2.3.x"})
    @DisplayName("a part over 255, of four digits, with a leading zero, or a wrong count of parts is not canonical")
    void notCanonical(String host) {
      assertThat(IpAddresses.isCanonicalIpv4(host)).as(host).isFalse();
    }

    @Test
    @DisplayName("a URL whose host is a canonical public literal is not refused before connecting")
    void publicLiteralPasses() {
      SsrfGuard guard = SsrfGuard.strict();
      assertThat(guard.literalRefusal(HttpUrl.get("https://142.250.190.78/calendar"))).isEmpty();
      assertThat(guard.literalRefusal(HttpUrl.get("https://1.255.0.1/calendar"))).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\" ends in a number: {1}")
    @CsvSource({
        "1.2.3.4, true", "1.2.3.4., true", "example.com, false", "example.com., false", "'', false", "., false",
        "host.0x7f, true", "host.0x, true", "host.0xg1, false", "vendor.123, true", "vendor.12a, false"
    })
    @DisplayName("a host ends in a number when its last label (a trailing dot dropped) is decimal digits or 0x hex")
    void endsInNumber(String host, boolean expected) {
      assertThat(IpAddresses.endsInNumber(host)).as(host).isEqualTo(expected);
    }
  }

  @Nested
  @DisplayName("Private targets")
  class PrivateTargets {
    private static final String WHERE = "connector stub property 'allow-private-targets'";

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {":8443", "stub.local:", "stub.local", "a:b:"})
    @DisplayName("an entry without a host before its colon or a port after it is refused as not host:port, naming the entry")
    void notHostPort(String entry) {
      assertThatThrownBy(() -> SsrfGuard.strict().allowingPrivateTargets("ok.local:80, " + entry, WHERE))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining(WHERE + " entry 2")
          .hasMessageContaining("must be host:port");
    }

    @Test
    @DisplayName("ports 1 and 65535 are accepted, 0 and 65536 refused")
    void portRange() throws UnknownHostException {
      InetAddress loopback = InetAddress.getByName("127.0.0.1");
      SsrfGuard guard = SsrfGuard.strict().allowingPrivateTarget("127.0.0.1", 1).allowingPrivateTarget("127.0.0.1", 65535);
      assertThat(guard.refusal(loopback, 1)).isEmpty();
      assertThat(guard.refusal(loopback, 65535)).isEmpty();
      assertThat(guard.refusal(loopback, 2)).contains(Rule.LOOPBACK);
      for (int port : new int[] {0, 65536, -1}) {
        assertThatThrownBy(() -> SsrfGuard.strict().allowingPrivateTarget("127.0.0.1", port))
            .as("port %d", port).isInstanceOf(ValidationException.class).hasMessageContaining("between 1 and 65535");
      }
    }

    @Test
    @DisplayName("a literal target is read as an address, a named one through the guard's resolver, each for its port only")
    void literalAndNamedTargets() throws UnknownHostException {
      InetAddress stub = InetAddress.getByName("127.0.0.2");
      SsrfGuard guard = SsrfGuard.strict()
          .withResolver(host -> {
            if (host.equals("stub.test")) {
              return List.of(stub);
            }
            throw new UnknownHostException("only stub.test resolves here");
          })
          .allowingPrivateTargets("127.0.0.1:8080, stub.test:9090, [::1]:7070", WHERE);
      assertThat(guard.refusal(InetAddress.getByName("127.0.0.1"), 8080)).as("literal target").isEmpty();
      assertThat(guard.refusal(stub, 9090)).as("named target").isEmpty();
      assertThat(guard.refusal(InetAddress.getByName("::1"), 7070)).as("bracketed IPv6 target").isEmpty();
      assertThat(guard.refusal(stub, 8080)).as("the other target's port").contains(Rule.LOOPBACK);
      assertThat(guard.refusal(InetAddress.getByName("127.0.0.1"), 9090)).contains(Rule.LOOPBACK);
      assertThat(guard.refusal(InetAddress.getByName("10.0.0.1"), 8080)).contains(Rule.PRIVATE);
    }
  }

  @Test
  @DisplayName("a URL with a refused scheme is refused saying which schemes are accepted")
  void schemeMessage() {
    assertThatThrownBy(() -> SsrfGuard.strict().check("ftp://vendor.example/feed", "feed URL"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("must be an https URL,");
    assertThatThrownBy(() -> SsrfGuard.strict().allowingHttp().check("ftp://vendor.example/feed", "feed URL"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("must be an https URL or http,");
  }

  @Test
  @DisplayName("a guard prints its relaxations and how many private targets it has, never a target")
  void guardToString() {
    assertThat(SsrfGuard.strict()).hasToString("SsrfGuard[https only, public addresses only]");
    assertThat(SsrfGuard.strict().allowingHttp().allowingPrivateAddresses().allowingPrivateTarget("stub.internal", 8080))
        .hasToString("SsrfGuard[http allowed, private addresses allowed, 1 private targets]");
  }

  @Nested
  @DisplayName("The error classifier")
  class Classifier {
    private final HttpErrorClassifier classifier = HttpErrorClassifier.forConnector(ConnectorId.of("zd-main"),
        Clock.fixed(Instant.parse("2026-03-02T12:00:00Z"), ZoneOffset.UTC));
    private final Function<String, String> retryAfterSeven = Map.of("Retry-After", "7", "X-Request-Id", "req-9")::get;

    @Test
    @DisplayName("with a vendor reason keeps the class of the plain classification: auth, retryable with its wait, permanent")
    void withReason() {
      ConnectorException auth = classifier.classify(401, retryAfterSeven, "invalid_token");
      assertThat(auth).isInstanceOf(ConnectorAuthException.class);
      assertThat(auth.vendorRequestId()).contains("req-9");
      ConnectorException busy = classifier.classify(503, retryAfterSeven, "backendError");
      assertThat(busy).isInstanceOfSatisfying(RetryableConnectorException.class,
          r -> assertThat(r.retryAfter()).contains(Duration.ofSeconds(7)));
      assertThat(classifier.classify(404, retryAfterSeven, "notFound")).isInstanceOf(PermanentConnectorException.class);
      for (ConnectorException e : new ConnectorException[] {auth, busy}) {
        assertThat(e.getMessage()).contains("(reason ");
      }
    }

    @Test
    @DisplayName("calls an unverified peer a permanent TLS failure, and a handshake failure without a certificate cause retryable")
    void tls() {
      assertThat(classifier.classify(new SSLPeerUnverifiedException("peer not verified")))
          .isInstanceOf(PermanentConnectorException.class).hasMessageContaining("TLS verification");
      SSLHandshakeException badCert = new SSLHandshakeException("bad certificate");
      badCert.initCause(new CertificateException("expired"));
      assertThat(classifier.classify(badCert)).isInstanceOf(PermanentConnectorException.class);
      assertThat(classifier.classify(new SSLHandshakeException("handshake reset")))
          .isInstanceOf(RetryableConnectorException.class).hasMessageContaining("transport failure");
    }

    @Test
    @DisplayName("names a reset or truncated connection apart from an unknown host")
    void transportMessages() {
      assertThat(classifier.classify(new EOFException())).isInstanceOf(RetryableConnectorException.class)
          .hasMessageContaining("connection failed or was reset");
      assertThat(classifier.classify(new SocketException("reset"))).hasMessageContaining("connection failed or was reset");
      assertThat(classifier.classify(new UnknownHostException("vendor.example")))
          .isInstanceOf(RetryableConnectorException.class).hasMessageContaining("could not be resolved");
    }

    @Test
    @DisplayName("finds a classified failure as a cause, as a suppressed exception, or as a plain ConnectorException")
    void unwraps() {
      PermanentConnectorException blocked = classifier.permanent("refused", 0, null, null);
      IOException viaCause = new IOException("outer", new IOException("middle", new ClassifiedIOException(blocked)));
      assertThat(classifier.classify(viaCause)).isSameAs(blocked);
      IOException viaSuppressed = new IOException("outer", new IOException("unrelated cause"));
      viaSuppressed.addSuppressed(new IOException("first, unrelated"));
      viaSuppressed.addSuppressed(new IOException("second", new ClassifiedIOException(blocked)));
      assertThat(classifier.classify(viaSuppressed)).isSameAs(blocked);
      RetryableConnectorException plain = classifier.retryable("throttled", 429, null, null, null);
      assertThat(classifier.classify(new IOException("wrapped", plain))).isSameAs(plain);
    }

    @ParameterizedTest(name = "HTTP {0}: {1}")
    @CsvSource({
        "429, the vendor is rate limiting us", "500, the vendor failed", "501, the vendor failed",
        "503, the vendor failed", "400, the vendor rejected the request", "404, the vendor rejected the request",
        "499, the vendor rejected the request"
    })
    @DisplayName("says in its message whether the vendor throttled, failed or rejected the request")
    void statusMessages(int status, String message) {
      assertThat(classifier.classify(status, h -> null)).hasMessageContaining(message);
    }

    @Test
    @DisplayName("reads the vendor request id of an OkHttp response from the configured headers, in order")
    void requestIdOfAResponse() {
      Response response = new Response.Builder().request(new Request.Builder().url("https://vendor.example/v1").build())
          .protocol(Protocol.HTTP_1_1).code(503).message("busy").header("X-Correlation-Id", "corr-1")
          .header("X-Vendor-Trace", "trace-7").build();
      assertThat(classifier.requestId(response)).contains("corr-1");
      HttpErrorClassifier own = classifier.withRequestIdHeaders(List.of("X-Vendor-Trace"));
      assertThat(own.requestIdHeaders()).containsExactly("X-Vendor-Trace");
      assertThat(own.requestId(response)).contains("trace-7");
      assertThat(own.classify(response)).hasValueSatisfying(e -> assertThat(e.vendorRequestId()).contains("trace-7"));
    }

    @Test
    @DisplayName("shows a vendor reason only when it is a known code, and prints only its connector")
    void reasonsAndToString() {
      assertThat(classifier.reason(null)).isEqualTo(VendorReasons.NONE);
      assertThat(classifier.reason("Jane Doe's chart is locked")).isEqualTo(VendorReasons.UNRECOGNIZED);
      assertThat(classifier).hasToString("HttpErrorClassifier[zd-main]");
    }

    @Test
    @DisplayName("looks nine levels deep and no deeper, so a cycle of causes or suppressed exceptions cannot hang it")
    void boundedSearch() {
      PermanentConnectorException blocked = classifier.permanent("refused", 0, null, null);
      IOException atEight = new IOException("depth 7", new ClassifiedIOException(blocked));
      for (int depth = 6; depth >= 0; depth--) {
        atEight = new IOException("depth " + depth, atEight);
      }
      assertThat(classifier.classify(atEight)).as("found at depth 8").isSameAs(blocked);
      IOException atNine = new IOException("depth -1", atEight);
      assertThat(classifier.classify(atNine)).as("not looked for at depth 9").isNotSameAs(blocked)
          .isInstanceOf(RetryableConnectorException.class);

      IOException a = new IOException("a");
      IOException b = new IOException("b", a);
      a.initCause(b);
      assertThat(classifier.classify(a)).isInstanceOf(RetryableConnectorException.class);
      IOException c = new IOException("c");
      IOException d = new IOException("d");
      c.addSuppressed(d);
      d.addSuppressed(c);
      assertThat(classifier.classify(c)).isInstanceOf(RetryableConnectorException.class);
    }
  }

  @Test
  @DisplayName("redaction denies exactly the deny-listed headers, whatever their case, and prints only counts")
  void deniedHeaders() {
    Redaction r = Redaction.defaults();
    assertThat(r.isDeniedHeader("AUTHORIZATION")).isTrue();
    assertThat(r.isDeniedHeader("X-Api-Key")).isTrue();
    assertThat(r.isDeniedHeader("Content-Type")).isFalse();
    assertThat(r.isDeniedHeader("X-Request-Id")).isFalse();
    assertThat(r.toString()).doesNotContain("authorization").contains("denied headers");
    assertThat(r.withOpaquePaths().toString()).endsWith(", opaque paths]");
    assertThat(r.toString()).doesNotContain("opaque");
  }
}
