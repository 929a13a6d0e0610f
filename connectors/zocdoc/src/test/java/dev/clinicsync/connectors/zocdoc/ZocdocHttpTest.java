package dev.clinicsync.connectors.zocdoc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import dev.clinicsync.core.ConnectorAuthException;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.connector.ConnectorCapabilities.Capability;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorProvider;
import dev.clinicsync.core.connector.FetchLoop;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Zocdoc over HTTP: auth, paging, errors, read-only, logs")
class ZocdocHttpTest {
  static final TimeWindow WEEK = TimeWindow.of(Instant.parse("2026-03-02T05:00:00Z"), Instant.parse("2026-03-09T05:00:00Z"));

  private final CappedZocdocStub zocdoc = new CappedZocdocStub();
  private final ZocdocTestSetup setup = new ZocdocTestSetup();

  @BeforeEach
  void plant() {
    setup.clinicians.save(Clinician.of(ClinicianId.of("dr-quincy"), "Dr. Quincy", ZocdocPayloads.NEW_YORK,
        WeeklyAvailability.NONE).withExternalIds(Set.of(ExternalIdentity.of(SourceSystem.ZOCDOC, ZocdocPayloads.PROVIDER))));
    for (int i = 0; i < 150; i++) {
      zocdoc.put(ZocdocPayloads.appointment(ZocdocPayloads.id(i), WEEK.start().plus(Duration.ofMinutes(40L * i + 600))));
    }
  }

  @AfterEach
  void stop() {
    zocdoc.close();
  }

  private ZocdocConnector connector(Map<String, String> extra) {
    return setup.connector(setup.config(zocdoc.baseUrl(), zocdoc.target(), extra));
  }

  @Test
  @DisplayName("the token is asked for with a JSON body holding the credentials and the audience, and used as a Bearer")
  void jsonTokenRequestWithAudience() {
    ZocdocConnector c = connector(Map.of(ZocdocSettings.Keys.ENVIRONMENT, "sandbox"));
    FetchLoop.readAll(c, FetchRequest.full(WEEK), setup.sleeper.clock(), p -> { });
    zocdoc.server().verify(1, postRequestedFor(urlPathEqualTo("/oauth/token"))
        .withHeader("Content-Type", matching("application/json.*"))
        .withRequestBody(equalToJson("{\"grant_type\":\"client_credentials\",\"client_id\":\"m2m-client\","
            + "\"client_secret\":\"m2m-secret\",\"audience\":\"https://api-developer-sandbox.zocdoc.com/\"}")));
    zocdoc.server().verify(getRequestedFor(urlPathEqualTo("/v1/appointments"))
        .withHeader("Authorization", equalTo("Bearer eyJhbGciOiJSUzI1NiJ9.tck")));
  }

  @Test
  @DisplayName("production and sandbox have their own token URLs and audiences, each overridable")
  void environments() {
    ZocdocSettings prod = ZocdocSettings.from(ConnectorConfig.of("z", "zocdoc", Map.of()));
    assertThat(prod.tokenUrl()).isEqualTo("https://auth.zocdoc.com/oauth/token");
    assertThat(prod.audience()).isEqualTo("https://api-developer.zocdoc.com/");
    assertThat(prod.baseUrl()).isEqualTo("https://api-developer.zocdoc.com");
    ZocdocSettings sandbox = ZocdocSettings.from(ConnectorConfig.of("z", "zocdoc", Map.of("environment", "Sandbox")));
    assertThat(sandbox.tokenUrl()).isEqualTo("https://auth-api-developer-sandbox.zocdoc.com/oauth/token");
    assertThat(sandbox.audience()).isEqualTo("https://api-developer-sandbox.zocdoc.com/");
    ZocdocSettings custom = ZocdocSettings.from(ConnectorConfig.of("z", "zocdoc", Map.of("audience", "https://other/")));
    assertThat(custom.audience()).isEqualTo("https://other/");
    assertThatThrownBy(() -> ZocdocSettings.from(ConnectorConfig.of("z", "zocdoc",
        Map.of("environment", "staging", "page-size", "250", "provider-ids", "doctor-7"))))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems()).hasSize(3));
  }

  @Test
  @DisplayName("the provider is found by type through the ServiceLoader")
  void serviceLoader() {
    assertThat(ConnectorProvider.find("zocdoc", getClass().getClassLoader())).isPresent();
  }

  @Test
  @DisplayName("pages are zero-indexed and never larger than 100, whatever page size the caller hints")
  void pageParameters() {
    var result = FetchLoop.readAll(connector(Map.of()), FetchRequest.full(WEEK).withPageSize(250), setup.sleeper.clock(), p -> { });
    assertThat(result.appointmentUpserts()).hasSize(150);
    zocdoc.server().verify(1, getRequestedFor(urlPathEqualTo("/v1/appointments"))
        .withQueryParam("page", equalTo("0")).withQueryParam("page_size", equalTo("100")));
    zocdoc.server().verify(1, getRequestedFor(urlPathEqualTo("/v1/appointments"))
        .withQueryParam("page", equalTo("1")).withQueryParam("page_size", equalTo("100")));
    assertThat(zocdoc.refusals()).isZero();
  }

  @Test
  @DisplayName("a refused token request is an auth failure; an error body's text never reaches the exception")
  void errors() {
    zocdoc.server().stubFor(post(urlPathEqualTo("/oauth/token")).atPriority(1).willReturn(aResponse().withStatus(401)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"error\":\"access_denied\",\"error_description\":\"Unauthorized client Jordan Testpatient\"}")));
    ConnectorAuthException auth = catchThrowableOfType(ConnectorAuthException.class,
        () -> connector(Map.of()).fetch(FetchRequest.full(WEEK)));
    assertThat(auth.getMessage()).doesNotContain("Jordan").doesNotContain("m2m-secret");
    zocdoc.server().resetToDefaultMappings();
    zocdoc.server().stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(WireMock.okJson(ZocdocPayloads.token())));
    zocdoc.server().stubFor(get(urlPathEqualTo("/v1/appointments")).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json").withHeader("X-Request-Id", "req-7f3a")
        .withBody("{\"errors\":[{\"code\":\"invalid_request\",\"message\":\"start_time_utc_min for patient Testpatient\"}]}")));
    PermanentConnectorException bad = catchThrowableOfType(PermanentConnectorException.class,
        () -> connector(Map.of()).fetch(FetchRequest.full(WEEK)));
    assertThat(bad.httpStatus()).hasValue(400);
    assertThat(bad.vendorRequestId()).contains("req-7f3a");
    assertThat(bad.getMessage()).doesNotContain("Testpatient");
  }

  @Test
  @DisplayName("read-only: no WRITE_BACK, no mirror writer, and nothing but GETs reach the API, retries included")
  void readOnly() {
    ZocdocConnector c = connector(Map.of());
    assertThat(c.capabilities().supports(Capability.WRITE_BACK)).isFalse();
    assertThat(c.mirrorWriter()).isEmpty();
    zocdoc.server().stubFor(get(urlPathMatching("/v1/appointments.*")).atPriority(1)
        .inScenario("flaky").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
        .willSetStateTo("ok").willReturn(aResponse().withStatus(503)));
    FetchLoop.readAll(c, FetchRequest.full(WEEK), setup.sleeper.clock(), p -> { });
    c.fetchByExternalIds(Set.of(ZocdocPayloads.id(3)));
    zocdoc.server().getAllServeEvents().forEach(e -> {
      if (!e.getRequest().getUrl().startsWith("/oauth/token")) {
        assertThat(e.getRequest().getMethod()).as(e.getRequest().getUrl()).isEqualTo(RequestMethod.GET);
      }
    });
    zocdoc.server().verify(0, anyRequestedFor(anyUrl()).withUrl("/v1/appointments/confirm"));
  }

  @Test
  @DisplayName("no planted PHI reaches the log, at the most verbose level, through fetches, errors and refreshes")
  void logsArePhiFree() throws IOException {
    ZocdocConnector c = connector(Map.of());
    FetchLoop.readAll(c, FetchRequest.full(WEEK), setup.sleeper.clock(), p -> { });
    c.fetchByExternalIds(Set.of(ZocdocPayloads.id(3), ZocdocPayloads.id(9999)));
    zocdoc.server().stubFor(get(urlPathEqualTo("/v1/appointments")).atPriority(1).willReturn(aResponse().withStatus(422)
        .withBody("{\"errors\":[{\"message\":\"" + ZocdocPayloads.EMAIL + "\"}]}")));
    assertThatThrownBy(() -> c.fetch(FetchRequest.full(WEEK))).isInstanceOf(PermanentConnectorException.class);
    String log = Files.readString(Path.of(System.getProperty("org.slf4j.simpleLogger.logFile")), StandardCharsets.UTF_8);
    assertThat(log).as("the test log (is logging on?)").contains("zocdoc-main");
    for (String phi : ZocdocPayloads.PHI) {
      assertThat(log).doesNotContain(phi);
    }
    assertThat(log).doesNotContain("m2m-secret").doesNotContain("eyJhbGciOiJSUzI1NiJ9.tck");
  }
}
