package dev.clinicsync.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code connect-google} against a local stand-in for Google's OAuth token endpoint: the consent URL
 * is printed, the code read from standard input is exchanged with PKCE, the grant lands in the
 * secrets file.
 */
class ConnectGoogleCommandTest {
  @TempDir
  Path dir;

  private HttpServer google;
  private final List<String> tokenRequests = new CopyOnWriteArrayList<>();
  private CliFixture fx;

  @BeforeEach
  void start() throws Exception {
    google = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    google.createContext("/token", exchange -> {
      tokenRequests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] body = ("{\"access_token\":\"ya29.cli\",\"expires_in\":3599,\"refresh_token\":\"1//cli-grant\","
          + "\"scope\":\"https://www.googleapis.com/auth/calendar.events\",\"token_type\":\"Bearer\"}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(body);
      }
    });
    google.start();
    fx = new CliFixture(dir);
    String base = "http://127.0.0.1:" + google.getAddress().getPort();
    Files.writeString(fx.config, Files.readString(fx.config) + String.join("\n",
        "  - id: google-lee",
        "    type: google-calendar",
        "    properties:",
        "      clinician: dr-lee",
        "      calendars: lee@example.com",
        "      root-url: " + base,
        "      token-url: " + base + "/token",
        "      authorization-url: " + base + "/o/oauth2/v2/auth",
        "      revoke-url: " + base + "/revoke",
        "      allow-http: \"true\"",
        "      allow-private-targets: 127.0.0.1:" + google.getAddress().getPort(),
        ""));
    Files.writeString(dir.resolve("secrets.properties"),
        "google/client-id=client-cli.apps.googleusercontent.com\ngoogle/client-secret=client-secret-cli\n");
  }

  @AfterEach
  void stop() {
    fx.close();
    google.stop(0);
  }

  @Test
  @DisplayName("prints the consent URL, exchanges the pasted code with its PKCE verifier and stores the grant in the secrets file")
  void connectsWithThePastedCode() throws Exception {
    CliFixture.Run run = fx.run("4/0Acv-code-from-google\n", false, "connect-google", "--clinician", "dr-lee");
    assertThat(run.exit()).as(run.err()).isZero();
    String url = run.out().lines().filter(l -> l.startsWith("http")).findFirst().orElseThrow();
    assertThat(url).contains("/o/oauth2/v2/auth").contains("code_challenge=").contains("state=");
    assertThat(run.out()).contains("google-lee: connected");
    assertThat(tokenRequests).hasSize(1);
    String form = URLDecoder.decode(tokenRequests.get(0), StandardCharsets.UTF_8);
    assertThat(form).contains("grant_type=authorization_code").contains("code=4/0Acv-code-from-google")
        .contains("code_verifier=").contains("redirect_uri=http://127.0.0.1:8765/oauth2/callback");
    assertThat(Files.readString(dir.resolve("secrets.properties"))).contains("google/refresh-token/dr-lee=1//cli-grant");
    assertThat(run.out() + run.err()).doesNotContain("1//cli-grant").doesNotContain("ya29");
  }

  @Test
  @DisplayName("a pasted redirect address with another state is refused: the consent was not begun here")
  void foreignStateIsRefused() throws Exception {
    String foreign = "http://127.0.0.1:8765/oauth2/callback?state=" + "f".repeat(43) + "&code=4%2Fstolen";
    CliFixture.Run run = fx.run(foreign + "\n", false, "connect-google", "--clinician", "dr-lee");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).startsWith("clinicsync: ").doesNotContain("stolen");
    assertThat(tokenRequests).isEmpty();
    assertThat(Files.readString(dir.resolve("secrets.properties"))).doesNotContain("refresh-token");
    assertThat(URI.create(foreign).getQuery()).contains("state=");
  }

  @Test
  @DisplayName("a clinician no Google connector reads is a usage error naming the option")
  void unknownClinician() {
    CliFixture.Run run = fx.run("", false, "connect-google", "--clinician", "dr-nobody");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith("clinicsync: --clinician: no Google connector");
  }
}
