package dev.clinicsync.connectors.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.ValidationException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SsrfGuardTest {

  private static SsrfGuard resolvingTo(String ip) {
    return SsrfGuard.strict().withResolver(host -> List.of(InetAddress.getByName(ip)));
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
    assertThat(SsrfGuard.isPublic(addr("2606:4700::1111"))).isTrue();
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
  }

  @Test
  @DisplayName("tests may allow loopback explicitly")
  void allowed() {
    assertThat(resolvingTo("127.0.0.1").allowingHttp().allowingPrivateAddresses().check("http://localhost:8080/x", "u"))
        .isNotNull();
  }

  @Test
  @DisplayName("the OkHttp DNS refuses a host that re-resolves to a private address")
  void dns() {
    assertThatThrownBy(() -> resolvingTo("10.0.0.7").dns().lookup("feed.example.com"))
        .isInstanceOf(UnknownHostException.class);
  }

  @Test
  @DisplayName("an unresolvable host is refused")
  void unresolvable() {
    SsrfGuard g = SsrfGuard.strict().withResolver(host -> {
      throw new UnknownHostException(host);
    });
    assertThatThrownBy(() -> g.check("https://nowhere.invalid/x", "u")).hasMessageContaining("does not resolve");
  }

  private static InetAddress addr(String ip) {
    try {
      return InetAddress.getByName(ip);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
