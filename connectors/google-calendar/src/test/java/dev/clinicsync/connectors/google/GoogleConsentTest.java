package dev.clinicsync.connectors.google;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.clinicsync.core.ConnectorAuthException;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.connector.AccountLinking;
import dev.clinicsync.core.connector.ConsentGrant;
import dev.clinicsync.core.connector.ConsentRequest;
import dev.clinicsync.core.store.Secret;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The therapist's consent on Google's side: google-oauth-client's flow over the kit's pipeline, against a stub. */
class GoogleConsentTest {
  static final URI REDIRECT = URI.create("https://ehr.example.org/clinicsync/google/callback");
  static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

  GoogleStub stub;
  AccountLinking linking;

  @BeforeEach
  void start() {
    stub = new GoogleStub();
    GoogleCalendarConnector connector = GoogleCalendarConnector.builder(stub.settings().build(), stub.context)
        .sleeper(stub.sleeper)
        .consent(new GoogleConsentSettings(stub.base() + "/o/oauth2/v2/auth", stub.base() + "/revoke",
            GoogleConsentSettings.DEFAULT_SCOPES))
        .build();
    linking = connector.accountLinking().orElseThrow();
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  @Test
  @DisplayName("the authorization URL asks Google for an offline grant with the coordinator's state and S256 challenge")
  void authorizationUrl() {
    URI url = linking.authorizationUrl(new ConsentRequest("state-abc_123", CHALLENGE, REDIRECT));

    assertThat(url.getPath()).isEqualTo("/o/oauth2/v2/auth");
    Map<String, String> q = query(url.getRawQuery());
    assertThat(q).containsEntry("client_id", "client-123.apps.googleusercontent.com")
        .containsEntry("redirect_uri", REDIRECT.toString())
        .containsEntry("response_type", "code")
        .containsEntry("state", "state-abc_123")
        .containsEntry("code_challenge", CHALLENGE)
        .containsEntry("code_challenge_method", "S256")
        .containsEntry("access_type", "offline")
        .containsEntry("prompt", "consent")
        .containsEntry("scope", String.join(" ", GoogleConsentSettings.DEFAULT_SCOPES));
    assertThat(q).as("the client secret and the verifier never go to the browser")
        .doesNotContainKey("client_secret").doesNotContainKey("code_verifier");
    assertThat(linking.clinician()).isEqualTo(GoogleStub.LEE);
    assertThat(linking.grantSecretName()).isEqualTo("google/refresh-token/dr-lee");
  }

  @Test
  @DisplayName("the code exchange sends the code, the PKCE verifier and the redirect URI, and returns the refresh token")
  void exchange() {
    stub.server.stubFor(post(urlPathEqualTo("/token")).withRequestBody(containing("grant_type=authorization_code"))
        .willReturn(aResponse().withHeader("Content-Type", "application/json; charset=utf-8").withBody("""
            {"access_token":"ya29.fresh","expires_in":3599,"refresh_token":"1//0g-new-refresh",
             "scope":"https://www.googleapis.com/auth/calendar.events","token_type":"Bearer","id_token":"x.y.z"}""")));

    Secret grant = linking.exchange(new ConsentGrant("4/0AcvDMrB-code", VERIFIER, REDIRECT));

    assertThat(grant.asString()).isEqualTo("1//0g-new-refresh");
    List<LoggedRequest> sent = stub.server.findAll(postRequestedFor(urlPathEqualTo("/token")));
    assertThat(sent).hasSize(1);
    Map<String, String> form = query(sent.get(0).getBodyAsString());
    assertThat(form).containsEntry("grant_type", "authorization_code").containsEntry("code", "4/0AcvDMrB-code")
        .containsEntry("code_verifier", VERIFIER).containsEntry("redirect_uri", REDIRECT.toString())
        .containsEntry("client_id", "client-123.apps.googleusercontent.com")
        .containsEntry("client_secret", "client-secret-xyz");
    assertThat(grant.toString()).doesNotContain("1//0g-new-refresh");
  }

  @Test
  @DisplayName("a refused code (invalid_grant) is an auth failure needing consent again, classified by the kit")
  void invalidGrant() {
    stub.server.stubFor(post(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json").withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Bad Request\"}")));

    assertThatThrownBy(() -> linking.exchange(new ConsentGrant("4/0-used-code", VERIFIER, REDIRECT)))
        .isInstanceOfSatisfying(ConnectorAuthException.class, e -> {
          assertThat(e.reconsentRequired()).isTrue();
          assertThat(e.getMessage()).contains("invalid_grant").doesNotContain("4/0-used-code", VERIFIER, "Bad Request");
        });
  }

  @Test
  @DisplayName("an exchange answered without a refresh token is a permanent failure, not a silent half-link")
  void noRefreshToken() {
    stub.server.stubFor(post(urlPathEqualTo("/token")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json").withBody("{\"access_token\":\"ya29.only\",\"expires_in\":3599}")));

    assertThatThrownBy(() -> linking.exchange(new ConsentGrant("4/0-code", VERIFIER, REDIRECT)))
        .isInstanceOf(PermanentConnectorException.class).hasMessageContaining("without a refresh token");
  }

  @Test
  @DisplayName("revoking posts the grant to Google's revoke endpoint; a grant Google no longer knows counts as revoked")
  void revoke() {
    stub.server.stubFor(post(urlPathEqualTo("/revoke")).withRequestBody(containing("token=1%2F%2Flive"))
        .willReturn(aResponse().withStatus(200)));
    stub.server.stubFor(post(urlPathEqualTo("/revoke")).withRequestBody(containing("token=1%2F%2Fgone"))
        .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
            .withBody("{\"error\":\"invalid_token\",\"error_description\":\"Token expired or revoked\"}")));

    linking.revoke(Secret.of("1//live"));
    linking.revoke(Secret.of("1//gone"));

    assertThat(stub.server.findAll(postRequestedFor(urlPathEqualTo("/revoke")))).hasSize(2);
  }

  @Test
  @DisplayName("the token endpoint goes through the kit's SSRF guard: a private address is refused without the allowance")
  void ssrfGuard() {
    GoogleCalendarSettings guarded = GoogleCalendarSettings.builder(stub.settings().build().connectorId(), GoogleStub.LEE)
        .rootUrl("https://www.googleapis.com/").tokenUrl("https://127.0.0.1:" + stub.server.port() + "/token").build();
    AccountLinking guardedLinking = GoogleCalendarConnector.builder(guarded, stub.context).build().accountLinking().orElseThrow();

    assertThatThrownBy(() -> guardedLinking.exchange(new ConsentGrant("4/0-code", VERIFIER, REDIRECT)))
        .isInstanceOf(dev.clinicsync.core.ConnectorException.class);
    assertThat(stub.server.findAll(postRequestedFor(urlPathEqualTo("/token")))).isEmpty();
  }

  @Test
  @DisplayName("no code, verifier or refresh token reaches the log")
  void nothingLogged() throws Exception {
    stub.server.stubFor(post(urlPathEqualTo("/token")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json")
        .withBody("{\"access_token\":\"ya29.logcheck\",\"expires_in\":3599,\"refresh_token\":\"1//logcheck-refresh\"}")));
    linking.exchange(new ConsentGrant("4/0-logcheck-code", VERIFIER, REDIRECT));

    String logFile = System.getProperty("org.slf4j.simpleLogger.logFile");
    org.junit.jupiter.api.Assumptions.assumeTrue(logFile != null && !logFile.startsWith("System."));
    String log = Files.readString(Path.of(logFile), StandardCharsets.UTF_8);
    assertThat(log).as("the exchange is logged, so this check can fail").contains("exchanged the therapist's authorization code");
    assertThat(log).doesNotContain("4/0-logcheck-code", VERIFIER, "1//logcheck-refresh", "ya29.logcheck", "client-secret-xyz");
  }

  static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
