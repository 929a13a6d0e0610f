package dev.clinicsync.connectors.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.connectors.kit.SsrfGuard.Rule;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.connector.ConnectorConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SsrfGuardTest {

  /** A guard whose resolver answers a public address for every name: literals must not go through it. */
  private static SsrfGuard resolvingTo(String ip) {
    return SsrfGuard.strict().withResolver(host -> List.of(InetAddress.getByName(ip)));
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "127.0.0.1, LOOPBACK", "127.255.0.9, LOOPBACK", "::1, LOOPBACK",
      "10.1.2.3, PRIVATE", "172.16.0.1, PRIVATE", "172.31.255.255, PRIVATE", "192.168.1.1, PRIVATE",
      "fd00::1, PRIVATE", "fc00::1, PRIVATE", "fec0::1, PRIVATE", "64:ff9b:1::1, PRIVATE",
      "100.64.0.1, CARRIER_GRADE_NAT", "100.127.255.254, CARRIER_GRADE_NAT",
      "169.254.169.254, CLOUD_METADATA", "169.254.170.2, CLOUD_METADATA", "100.100.100.200, CLOUD_METADATA",
      "fd00:ec2::254, CLOUD_METADATA", "169.254.0.1, LINK_LOCAL", "fe80::1, LINK_LOCAL",
      "0.0.0.0, UNSPECIFIED", "0.1.2.3, UNSPECIFIED", "::, UNSPECIFIED",
      "224.0.0.1, MULTICAST", "239.1.1.1, MULTICAST", "ff02::1, MULTICAST",
      "240.0.0.1, RESERVED", "255.255.255.255, RESERVED", "192.0.2.7, RESERVED", "198.18.0.1, RESERVED",
      "198.51.100.1, RESERVED", "203.0.113.9, RESERVED", "192.0.0.170, RESERVED",
      "2001:db8::1, RESERVED", "2001::1, RESERVED", "100::1, RESERVED", "3fff::1, ''"
  })
  @DisplayName("each non-public range is refused under its rule")
  void rules(String ip, String rule) throws UnknownHostException {
    Optional<Rule> expected = rule.isEmpty() ? Optional.empty() : Optional.of(Rule.valueOf(rule)); // 3fff::1: global unicast
    assertThat(SsrfGuard.classify(InetAddress.getByName(ip))).as(ip).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "::ffff:127.0.0.1, LOOPBACK", "::ffff:10.0.0.1, PRIVATE", "::ffff:a9fe:a9fe, CLOUD_METADATA",
      "::127.0.0.1, LOOPBACK", "::10.0.0.1, PRIVATE", "::8.8.8.8, RESERVED",
      "64:ff9b::7f00:1, LOOPBACK", "64:ff9b::a9fe:a9fe, LINK_LOCAL", "2002:7f00:1::1, LOOPBACK",
      "2002:a9fe:a9fe::1, LINK_LOCAL", "2002:0a00:0001::1, PRIVATE"
  })
  @DisplayName("IPv4-mapped, IPv4-compatible, NAT64 and 6to4 forms are judged by the IPv4 address they reach")
  void embeddedIpv4(String ip, Rule rule) throws UnknownHostException {
    assertThat(SsrfGuard.classify(InetAddress.getByName(ip))).as(ip).contains(rule);
  }

  @ParameterizedTest
  @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "2606:4700::1111", "64:ff9b::808:808", "2002:0808:0808::1"})
  @DisplayName("public unicast addresses pass, also when NAT64 or 6to4 embed a public IPv4 address")
  void publicAddresses(String ip) throws UnknownHostException {
    assertThat(SsrfGuard.isPublic(InetAddress.getByName(ip))).as(ip).isTrue();
  }

  @ParameterizedTest(name = "{0} is read by OkHttp as host {1}")
  @CsvSource({
      "2130706433, 2130706433", "0177.0.0.1, 0177.0.0.1", "0x7f.0.0.1, 0x7f.0.0.1", "0x7f000001, 0x7f000001",
      "127.1, 127.1", "017700000001, 017700000001", "127.000.000.001, 127.000.000.001", "0, 0",
      "2852039166, 2852039166", "127.0.0.1., 127.0.0.1.",
      "[::ffff:127.0.0.1], 127.0.0.1", "[0:0:0:0:0:ffff:7f00:1], 127.0.0.1", "[::ffff:a9fe:a9fe], 169.254.169.254",
      "[::127.0.0.1], ::7f00:1", "[::1], ::1", "[::], ::"
  })
  @DisplayName("OkHttp's HttpUrl keeps decimal, octal, hex and short IPv4 spellings as they are and folds IPv4-mapped IPv6 to IPv4")
  void whatOkHttpSees(String spelling, String host) {
    assertThat(HttpUrl.get("http://" + spelling + ":8080/x").host()).isEqualTo(host);
  }

  @ParameterizedTest(name = "{0} is refused under {1}")
  @CsvSource({
      "2130706433, NON_CANONICAL_IP_LITERAL", "0177.0.0.1, NON_CANONICAL_IP_LITERAL",
      "0x7f.0.0.1, NON_CANONICAL_IP_LITERAL", "0x7f000001, NON_CANONICAL_IP_LITERAL", "127.1, NON_CANONICAL_IP_LITERAL",
      "017700000001, NON_CANONICAL_IP_LITERAL", "127.000.000.001, NON_CANONICAL_IP_LITERAL", "0, NON_CANONICAL_IP_LITERAL",
      "2852039166, NON_CANONICAL_IP_LITERAL", "127.0.0.1., NON_CANONICAL_IP_LITERAL", "1.2.3.4.5, NON_CANONICAL_IP_LITERAL",
      "127.0.0.1, LOOPBACK", "[::1], LOOPBACK", "[::ffff:127.0.0.1], LOOPBACK", "[0:0:0:0:0:ffff:7f00:1], LOOPBACK",
      "[::127.0.0.1], LOOPBACK", "0.0.0.0, UNSPECIFIED", "[::], UNSPECIFIED", "169.254.169.254, CLOUD_METADATA",
      "[::ffff:a9fe:a9fe], CLOUD_METADATA", "[fd00:ec2::254], CLOUD_METADATA", "10.0.0.1, PRIVATE", "[fe80::1], LINK_LOCAL",
      "100.64.1.1, CARRIER_GRADE_NAT", "[ff02::1], MULTICAST"
  })
  @DisplayName("an IP literal in any spelling a URL parser accepts is refused by check, whatever the resolver says")
  void literalSpellings(String spelling, Rule rule) {
    SsrfGuard g = resolvingTo("93.184.216.34").allowingHttp();
    assertThatThrownBy(() -> g.check("http://" + spelling + ":8080/ical/secret-path?token=s3cr3t", "feed url"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("rule " + rule)
        .hasMessageNotContaining("secret-path").hasMessageNotContaining("s3cr3t");
    assertThat(g.literalRefusal(HttpUrl.get("http://" + spelling + ":8080/x"))).contains(rule);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
      "0.0.0.0", "224.0.0.1", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::"})
  @DisplayName("hosts resolving to non-public addresses are refused")
  void refusesPrivate(String ip) {
    assertThatThrownBy(() -> resolvingTo(ip).check("https://feed.example.com/x.ics", "feed url"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("non-public");
  }

  @Test
  @DisplayName("a public https URL passes")
  void public_() {
    assertThat(resolvingTo("93.184.216.34").check("https://feed.example.com/x.ics", "feed url").getHost())
        .isEqualTo("feed.example.com");
    assertThat(resolvingTo("93.184.216.34").check("https://93.184.216.34/x.ics", "feed url")).isNotNull();
  }

  @Test
  @DisplayName("http, other schemes and user info are refused unless allowed")
  void schemes() {
    SsrfGuard g = resolvingTo("93.184.216.34");
    assertThatThrownBy(() -> g.check("http://feed.example.com/x", "feed url")).isInstanceOf(ValidationException.class)
        .hasMessageContaining("https");
    assertThatThrownBy(() -> g.check("file:///etc/passwd", "feed url")).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> g.check("https://u:p@feed.example.com/x", "feed url")).isInstanceOf(ValidationException.class)
        .hasMessageNotContaining("u:p");
    assertThat(g.allowingHttp().check("http://feed.example.com/x", "feed url")).isNotNull();
    assertThat(g.literalRefusal(HttpUrl.get("http://feed.example.com/x"))).contains(Rule.INSECURE_SCHEME);
    assertThat(g.allowingHttp().literalRefusal(HttpUrl.get("http://feed.example.com/x"))).isEmpty();
  }

  @Test
  @DisplayName("tests may allow loopback explicitly")
  void allowed() {
    assertThat(resolvingTo("127.0.0.1").allowingHttp().allowingPrivateAddresses().check("http://localhost:8080/x", "u"))
        .isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"169.254.169.254", "169.254.1.1", "fd00:ec2::254", "fe80::1", "0.0.0.0", "::", "224.0.0.1",
      "240.0.0.1"})
  @DisplayName("allowing private addresses never opens link-local, cloud metadata, unspecified, multicast or reserved ones")
  void privateIsNotEverything(String ip) throws UnknownHostException {
    SsrfGuard relaxed = SsrfGuard.strict().allowingPrivateAddresses();
    assertThat(relaxed.refusal(InetAddress.getByName(ip), 80)).isPresent();
    assertThat(relaxed.refusal(InetAddress.getByName("10.0.0.1"), 80)).isEmpty();
    assertThat(relaxed.refusal(InetAddress.getByName("127.0.0.1"), 80)).isEmpty();
    assertThat(relaxed.refusal(InetAddress.getByName("100.64.0.1"), 80)).isEmpty();
  }

  @Test
  @DisplayName("a private target allows exactly its host and port among private addresses")
  void privateTarget() throws UnknownHostException {
    SsrfGuard g = SsrfGuard.strict().allowingPrivateTarget("localhost", 8089);
    assertThat(g.refusal(InetAddress.getByName("127.0.0.1"), 8089)).isEmpty();
    assertThat(g.refusal(InetAddress.getByName("127.0.0.1"), 8090)).contains(Rule.LOOPBACK);
    assertThat(g.refusal(InetAddress.getByName("10.0.0.1"), 8089)).contains(Rule.PRIVATE);
    assertThat(g.refusal(InetAddress.getByName("169.254.169.254"), 8089)).contains(Rule.CLOUD_METADATA);
    SsrfGuard literal = SsrfGuard.strict().allowingPrivateTarget("[::1]", 443);
    assertThat(literal.refusal(InetAddress.getByName("::1"), 443)).isEmpty();
    assertThat(literal.refusal(InetAddress.getByName("127.0.0.1"), 443)).contains(Rule.LOOPBACK);
  }

  @Test
  @DisplayName("the configuration keys relax the guard; a malformed target names the key and entry, never the value")
  void fromConfig() throws UnknownHostException {
    SsrfGuard strict = SsrfGuard.from(ConnectorConfig.of("c", "t", Map.of()));
    assertThat(strict.allowsHttp()).isFalse();
    assertThat(strict.allowsPrivateAddresses()).isFalse();
    SsrfGuard relaxed = SsrfGuard.from(ConnectorConfig.of("c", "t", Map.of(SsrfGuard.ALLOW_HTTP, "true",
        SsrfGuard.ALLOW_PRIVATE_TARGETS, "localhost:8089, 10.0.0.5:443")));
    assertThat(relaxed.allowsHttp()).isTrue();
    assertThat(relaxed.allowsPrivateAddresses()).isFalse();
    assertThat(relaxed.refusal(InetAddress.getByName("10.0.0.5"), 443)).isEmpty();
    assertThat(relaxed.refusal(InetAddress.getByName("10.0.0.5"), 444)).contains(Rule.PRIVATE);
    assertThat(SsrfGuard.from(ConnectorConfig.of("c", "t", Map.of(SsrfGuard.ALLOW_PRIVATE_ADDRESSES, "true")))
        .allowsPrivateAddresses()).isTrue();
    assertThatThrownBy(() -> SsrfGuard.from(ConnectorConfig.of("c", "t",
        Map.of(SsrfGuard.ALLOW_PRIVATE_TARGETS, "localhost:8089,jane-doe.internal"))))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(SsrfGuard.ALLOW_PRIVATE_TARGETS).hasMessageContaining("entry 2")
        .hasMessageNotContaining("jane");
  }

  @Test
  @DisplayName("an unresolvable host is refused")
  void unresolvable() {
    SsrfGuard g = SsrfGuard.strict().withResolver(host -> {
      throw new UnknownHostException(host);
    });
    assertThatThrownBy(() -> g.check("https://nowhere.invalid/x", "u")).hasMessageContaining("does not resolve");
  }
}
