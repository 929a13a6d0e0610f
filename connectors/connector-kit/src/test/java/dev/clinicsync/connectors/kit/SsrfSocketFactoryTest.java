package dev.clinicsync.connectors.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.clinicsync.connectors.kit.SsrfGuard.Rule;
import dev.clinicsync.connectors.tck.RecordingSleeper;
import dev.clinicsync.core.model.ConnectorId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import javax.net.SocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The guard's socket factory on its own (issue #22): every way of asking it for a socket checks the address before
 * connecting, whether OkHttp asks (an unconnected socket) or a library calls one of the connecting overloads.
 */
@DisplayName("the SSRF guard's socket factory")
class SsrfSocketFactoryTest {
  private final HttpErrorClassifier classifier =
      HttpErrorClassifier.forConnector(ConnectorId.of("ssrf-sockets"), new RecordingSleeper().clock());
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void closeAll() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
  }

  private static SocketFactory factory(SsrfGuard guard, HttpErrorClassifier classifier) {
    return guard.applyTo(new okhttp3.OkHttpClient.Builder(), classifier).build().socketFactory();
  }

  private interface Open {
    Socket open(SocketFactory f, InetAddress loopback, int port) throws IOException;
  }

  private static List<Open> everyOverload() throws IOException {
    InetAddress local = InetAddress.getByName("127.0.0.1");
    return List.of(
        (f, a, p) -> f.createSocket("127.0.0.1", p),
        (f, a, p) -> f.createSocket("127.0.0.1", p, local, 0),
        (f, a, p) -> f.createSocket(a, p),
        (f, a, p) -> f.createSocket(a, p, local, 0));
  }

  @Test
  @DisplayName("every connecting overload refuses a loopback address before connecting, naming the rule, and closes the socket")
  void everyOverloadRefuses() throws IOException {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    SocketFactory strict = factory(SsrfGuard.strict(), classifier);
    try (ServerSocket server = new ServerSocket(0, 50, loopback)) {
      for (Open open : everyOverload()) {
        Throwable thrown = catchThrowable(() -> sockets.add(open.open(strict, loopback, server.getLocalPort())));
        assertThat(thrown).isInstanceOf(ClassifiedIOException.class);
        assertThat(((ClassifiedIOException) thrown).exception()).isInstanceOfSatisfying(BlockedAddressException.class, e -> {
          assertThat(e.rule()).isEqualTo(Rule.LOOPBACK);
          assertThat(e.getMessage()).contains(Rule.LOOPBACK.description());
        });
      }
      assertThat(sockets).as("no socket handed out").isEmpty();
    }
    // the unconnected socket OkHttp asks for is refused on connect, and closed
    Socket unconnected = strict.createSocket();
    sockets.add(unconnected);
    Throwable thrown = catchThrowable(() -> unconnected.connect(new java.net.InetSocketAddress(loopback, 9)));
    assertThat(thrown).isInstanceOf(ClassifiedIOException.class);
    assertThat(unconnected.isClosed()).as("the refused socket is closed").isTrue();
  }

  @Test
  @DisplayName("every overload connects (and binds where asked) to a target the guard allows")
  void everyOverloadConnectsWhenAllowed() throws IOException {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    try (ServerSocket server = new ServerSocket(0, 50, loopback)) {
      SocketFactory allowing = factory(SsrfGuard.strict().allowingPrivateTarget("127.0.0.1", server.getLocalPort()), classifier);
      for (Open open : everyOverload()) {
        Socket s = open.open(allowing, loopback, server.getLocalPort());
        sockets.add(s);
        assertThat(s.isConnected()).isTrue();
        assertThat(s.getPort()).isEqualTo(server.getLocalPort());
      }
      int free;
      try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
        free = probe.getLocalPort();
      }
      Socket bound = allowing.createSocket("127.0.0.1", server.getLocalPort(), loopback, free);
      sockets.add(bound);
      assertThat(bound.getLocalPort()).as("bound to the local port asked for").isEqualTo(free);
      int free2;
      try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
        free2 = probe.getLocalPort();
      }
      Socket bound2 = allowing.createSocket(loopback, server.getLocalPort(), loopback, free2);
      sockets.add(bound2);
      assertThat(bound2.getLocalPort()).isEqualTo(free2);
    }
  }

  @Test
  @DisplayName("every rule has a PHI-free description of its own")
  void ruleDescriptions() {
    for (Rule rule : Rule.values()) {
      assertThat(rule.description()).as(rule.name()).isNotBlank();
    }
  }
}
