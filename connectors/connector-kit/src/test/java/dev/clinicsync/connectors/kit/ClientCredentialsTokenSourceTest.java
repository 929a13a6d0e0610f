package dev.clinicsync.connectors.kit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.clinicsync.connectors.kit.ClientCredentialsTokenSource.BodyFormat;
import dev.clinicsync.connectors.kit.ClientCredentialsTokenSource.ClientAuthentication;
import dev.clinicsync.connectors.tck.RecordingSleeper;
import dev.clinicsync.core.ConnectorAuthException;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.store.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ClientCredentialsTokenSourceTest {
  @RegisterExtension
  static WireMockExtension auth = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final RecordingSleeper time = new RecordingSleeper();
  private final InMemorySecretStore secrets = new InMemorySecretStore();

  @BeforeEach
  void credentials() {
    secrets.put("vendor/client-id", Secret.of("my-client"));
    secrets.put("vendor/client-secret", Secret.of("s3cr3t-value"));
  }

  private ClientCredentialsTokenSource.Builder source() {
    return ClientCredentialsTokenSource.builder(ConnectorId.of("vendor-main"), auth.baseUrl() + "/oauth2/v1/token", secrets, time.clock())
        .credentials("vendor/client-id", "vendor/client-secret");
  }

  private static void tokenResponse(String token, int expiresIn) {
    auth.stubFor(post("/oauth2/v1/token").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody("{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}")));
  }

  @Test
  @DisplayName("athenahealth style: form body, HTTP Basic credentials, scope")
  void formBasicScope() {
    tokenResponse("tok-A", 3600);
    AccessToken t = source().scope("athena/service/Athenanet.MDP.* system/Appointment.read").build().token();
    assertThat(t.value().asString()).isEqualTo("tok-A");
    auth.verify(postRequestedFor(urlPathEqualTo("/oauth2/v1/token"))
        .withHeader("Authorization", equalTo("Basic bXktY2xpZW50OnMzY3IzdC12YWx1ZQ=="))
        .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
        .withFormParam("grant_type", equalTo("client_credentials"))
        .withFormParam("scope", equalTo("athena/service/Athenanet.MDP.* system/Appointment.read")));
    assertThat(auth.findAll(postRequestedFor(urlPathEqualTo("/oauth2/v1/token"))).get(0).getBodyAsString())
        .doesNotContain("s3cr3t-value");
  }

  @Test
  @DisplayName("Zocdoc style: JSON body with the credentials and an audience")
  void jsonBodyAudience() {
    tokenResponse("tok-Z", 86400);
    source().bodyFormat(BodyFormat.JSON).clientAuthentication(ClientAuthentication.BODY)
        .audience("https://api-developer.zocdoc.com/").build().token();
    auth.verify(postRequestedFor(urlPathEqualTo("/oauth2/v1/token"))
        .withHeader("Content-Type", containing("application/json"))
        .withoutHeader("Authorization")
        .withRequestBody(equalToJson("{\"grant_type\":\"client_credentials\",\"client_id\":\"my-client\","
            + "\"client_secret\":\"s3cr3t-value\",\"audience\":\"https://api-developer.zocdoc.com/\"}")));
  }

  @Test
  @DisplayName("caches the token and refreshes it only once the expiry minus the skew is reached")
  void cachesAndRefreshesAhead() {
    tokenResponse("tok-1", 3600);
    ClientCredentialsTokenSource s = source().refreshSkew(Duration.ofMinutes(15)).build();
    assertThat(s.token().value().asString()).isEqualTo("tok-1");
    time.advance(Duration.ofMinutes(44));
    assertThat(s.token().value().asString()).isEqualTo("tok-1");
    auth.verify(1, postRequestedFor(urlPathEqualTo("/oauth2/v1/token")));
    tokenResponse("tok-2", 3600);
    time.advance(Duration.ofMinutes(2));
    assertThat(s.token().value().asString()).isEqualTo("tok-2");
    auth.verify(2, postRequestedFor(urlPathEqualTo("/oauth2/v1/token")));
  }

  @Test
  @DisplayName("an invalidated token is fetched anew; invalidating a stale token does nothing")
  void invalidate() {
    tokenResponse("tok-1", 3600);
    ClientCredentialsTokenSource s = source().build();
    AccessToken first = s.token();
    tokenResponse("tok-2", 3600);
    s.invalidate(first);
    AccessToken second = s.token();
    assertThat(second.value().asString()).isEqualTo("tok-2");
    s.invalidate(first);
    assertThat(s.token()).isSameAs(second);
  }

  @Test
  @DisplayName("lets one refresh run at a time: callers arriving during a refresh wait for it and share its token")
  void singleFlight() throws Exception {
    // The token endpoint holds its answer until every other caller is waiting (latches, no sleeps): either
    // parked behind the refresh, or (were refreshes not single-flight) arrived at the endpoint themselves.
    AtomicInteger arrivals = new AtomicInteger();
    CountDownLatch firstArrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    byte[] body = "{\"access_token\":\"tok-1\",\"expires_in\":3600}".getBytes(StandardCharsets.UTF_8);
    try (RawHttpServer endpoint = new RawHttpServer((out, written) -> {
      arrivals.incrementAndGet();
      firstArrived.countDown();
      release.await();
      RawHttpServer.head(out, "Content-Type: application/json", "Content-Length: " + body.length);
      out.write(body);
      out.flush();
    })) {
      ClientCredentialsTokenSource s = ClientCredentialsTokenSource.builder(ConnectorId.of("vendor-main"),
          endpoint.url("/oauth2/v1/token"), secrets, time.clock()).credentials("vendor/client-id", "vendor/client-secret").build();
      Map<String, AccessToken> tokens = new ConcurrentHashMap<>();
      List<Thread> callers = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String name = "caller-" + i;
        callers.add(new Thread(() -> tokens.put(name, s.token()), name));
      }
      callers.get(0).start();
      assertThat(firstArrived.await(5, TimeUnit.MINUTES)).as("the first refresh reached the endpoint").isTrue();
      List<Thread> later = callers.subList(1, callers.size());
      later.forEach(Thread::start);
      while (later.stream().filter(t -> t.getState() == Thread.State.WAITING).count() + arrivals.get() - 1 < later.size()) {
        Thread.onSpinWait();
      }
      release.countDown();
      for (Thread t : callers) {
        t.join(TimeUnit.MINUTES.toMillis(5));
      }
      assertThat(tokens).hasSize(6).allSatisfy((name, token) -> assertThat(token.value().asString()).isEqualTo("tok-1"));
      assertThat(arrivals).as("token requests").hasValue(1);
    } finally {
      release.countDown();
    }
  }

  @Test
  @DisplayName("a refused client is an auth error; 503 retryable; a body without a token permanent; secrets never in messages")
  void failures() {
    auth.stubFor(post("/oauth2/v1/token").willReturn(aResponse().withStatus(401).withBody("{\"error\":\"invalid_client\"}")));
    assertThatThrownBy(() -> source().build().token()).isInstanceOf(ConnectorAuthException.class)
        .hasMessageNotContaining("s3cr3t").hasMessageNotContaining("my-client");
    auth.stubFor(post("/oauth2/v1/token").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "4")));
    assertThatThrownBy(() -> source().build().token()).isInstanceOf(RetryableConnectorException.class);
    auth.stubFor(post("/oauth2/v1/token").willReturn(aResponse().withStatus(200).withBody("{\"token_type\":\"Bearer\"}")));
    assertThatThrownBy(() -> source().build().token()).isInstanceOf(PermanentConnectorException.class)
        .hasMessageContaining("access_token");
    auth.stubFor(post("/oauth2/v1/token").willReturn(aResponse().withStatus(200).withBody("")));
    assertThatThrownBy(() -> source().build().token()).isInstanceOf(RetryableConnectorException.class);
  }

  @Test
  @DisplayName("a missing secret is an auth error naming the secret, and toString shows no secret")
  void missingSecret() {
    secrets.delete("vendor/client-secret");
    ClientCredentialsTokenSource s = source().build();
    assertThatThrownBy(s::token).isInstanceOf(ConnectorAuthException.class).hasMessageContaining("vendor/client-secret");
    assertThat(s.toString()).doesNotContain("my-client", "s3cr3t");
  }

  @Test
  @DisplayName("works behind the auth interceptor: a 401 refreshes the token once")
  void withAuthInterceptor() {
    tokenResponse("tok-1", 3600);
    ClientCredentialsTokenSource s = source().build();
    auth.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/api").withHeader("Authorization", equalTo("Bearer tok-1"))
        .willReturn(aResponse().withStatus(401)));
    auth.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/api").withHeader("Authorization", equalTo("Bearer tok-2"))
        .willReturn(aResponse().withStatus(200).withBody("{}")));
    ConnectorHttp http = ConnectorHttp.builder(ConnectorId.of("vendor-main"), time.clock()).accessTokens(s)
        .ssrfGuard(SsrfGuard.strict().allowingHttp().allowingPrivateTarget("localhost", auth.getPort()))
        .retries(RetryExecutor.noRetries()).build();
    s.token();
    tokenResponse("tok-2", 3600);
    int status = http.execute(new okhttp3.Request.Builder().url(auth.baseUrl() + "/api").build(), VendorResponse::status);
    assertThat(status).isEqualTo(200);
  }
}
