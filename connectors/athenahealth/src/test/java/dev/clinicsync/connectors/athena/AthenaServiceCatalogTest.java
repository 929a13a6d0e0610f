package dev.clinicsync.connectors.athena;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.clinicsync.connectors.tck.RecordingSleeper;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.connector.ServiceType;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.store.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("athenahealth connector: the service catalogue from ValueSet/$expand")
class AthenaServiceCatalogTest {
  static final String FHIR = "/fhir/r4";
  static final String EXPAND = FHIR + "/ValueSet/$expand";
  static final String TOKEN_PATH = "/oauth2/v1/token";
  /** A made-up canonical URL: athena's real one is unconfirmed. */
  static final String VALUE_SET = "https://fhir.athena.io/ValueSet/ah-appointment-service-type";
  static final String FHIR_JSON = "application/fhir+json;charset=utf-8";
  private static final ca.uhn.fhir.context.FhirContext FHIR_CONTEXT = ca.uhn.fhir.context.FhirContext.forR4();
  private static WireMockServer vendor;
  private ConnectorContext context;

  @BeforeAll
  static void start() {
    vendor = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    vendor.start();
  }

  @AfterAll
  static void stop() {
    vendor.stop();
  }

  @BeforeEach
  void reset() {
    vendor.resetAll();
    vendor.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(okJson(
        "{\"access_token\":\"svc-access-token\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
    InMemorySecretStore secrets = new InMemorySecretStore();
    secrets.put(PatientTokenizer.DEFAULT_KEY_NAME, Secret.of("athena-svc-patient-token-key-0123456789"));
    secrets.put("athena/client-id", Secret.of("svc-client"));
    secrets.put("athena/client-secret", Secret.of("svc-client-secret"));
    RecordingSleeper sleeper = new RecordingSleeper(Instant.parse("2026-03-01T12:00:00Z"));
    context = new ConnectorContext(sleeper.clock(), secrets, new InMemoryClinicianDirectory(),
        PatientTokenizer.fromSecretStore(secrets));
  }

  private AthenaConnector connector(Optional<String> valueSet) {
    Map<String, String> p = new HashMap<>();
    p.put("base-url", vendor.baseUrl() + FHIR);
    p.put("token-url", vendor.baseUrl() + TOKEN_PATH);
    p.put("practice-id", "195900");
    p.put("client-id-secret", "athena/client-id");
    p.put("client-secret-secret", "athena/client-secret");
    p.put("incremental", "windowed");
    p.put("allow-http", "true");
    p.put("allow-private-targets", "127.0.0.1:" + vendor.port());
    p.put("max-attempts", "1");
    valueSet.ifPresent(v -> p.put("service-type-value-set", v));
    AthenaSettings settings = AthenaSettings.from(ConnectorConfig.of("athena-main", "athenahealth", p));
    return AthenaConnector.builder(settings, context).sleeper(d -> { }).fhirContext(FHIR_CONTEXT).build();
  }

  private static void serve(int status, String body) {
    vendor.stubFor(get(urlPathEqualTo(EXPAND)).withQueryParam("url", equalTo(VALUE_SET))
        .willReturn(aResponse().withStatus(status).withHeader("Content-Type", FHIR_JSON).withBody(body)));
  }

  /**
   * The shape a terminology server returns: a grouper (abstract) with nested codes, an inactive
   * code at both levels, a code without a display, the same code under a second system, padding.
   */
  static final String EXPANSION = """
      {"resourceType":"ValueSet","id":"ah-appointment-service-type","url":"%s","version":"1.0.0",
       "status":"active",
       "expansion":{"identifier":"urn:uuid:4c1f0d0e-5e54-4e0c-9a65-2b1f4d6a7c11","timestamp":"2026-02-27T16:04:11-05:00",
        "total":7,"offset":0,
        "parameter":[{"name":"displayLanguage","valueCode":"en-US"}],
        "contains":[
         {"system":"https://fhir.athena.io/sid/ah-service-type","code":"62","display":"Office Visit 30 min"},
         {"system":"https://fhir.athena.io/sid/ah-service-type","abstract":true,"code":"GRP-NEW","display":"New patient",
          "contains":[
           {"system":"https://fhir.athena.io/sid/ah-service-type","code":"81","display":"  New Patient Consult  "},
           {"system":"https://fhir.athena.io/sid/ah-service-type","code":"82","inactive":true,"display":"New Patient (retired)"},
           {"system":"https://fhir.athena.io/sid/ah-service-type","code":"83"}
          ]},
         {"system":"https://fhir.athena.io/sid/ah-service-type","code":"17","inactive":true,"display":"Telehealth (old)",
          "contains":[{"system":"https://fhir.athena.io/sid/ah-service-type","code":"171","display":"Telehealth Follow-up"}]},
         {"system":"http://terminology.hl7.org/CodeSystem/service-type","code":"62","display":"Duplicate under HL7"}
        ]}}
      """.formatted(VALUE_SET);

  @Test
  @DisplayName("the expansion's selectable codes become service types in order: nested read, inactive and groupers left out, a missing display named by its code")
  void mapsExpansion() {
    serve(200, EXPANSION);
    List<ServiceType> types = connector(Optional.of(VALUE_SET)).serviceCatalog().orElseThrow().serviceTypes();
    assertThat(types).containsExactly(
        new ServiceType("62", "Office Visit 30 min", Optional.empty()),
        new ServiceType("81", "New Patient Consult", Optional.empty()),
        new ServiceType("83", "83", Optional.empty()),
        new ServiceType("171", "Telehealth Follow-up", Optional.empty()));
    vendor.verify(1, getRequestedFor(urlPathEqualTo(EXPAND)).withQueryParam("url", equalTo(VALUE_SET))
        .withHeader("Authorization", equalTo("Bearer svc-access-token")));
  }

  @Test
  @DisplayName("without the service-type-value-set property there is no catalogue and no call")
  void emptyWithoutProperty() {
    assertThat(connector(Optional.empty()).serviceCatalog()).isEmpty();
    assertThat(AthenaSettings.from(ConnectorConfig.of("athena-main", "athenahealth", Map.of("practice-id", "195900")))
        .serviceTypeValueSet()).isEmpty();
    assertThat(vendor.getAllServeEvents()).isEmpty();
  }

  @Test
  @DisplayName("a value-set URL that is not an absolute http(s) URL is refused naming the property, not the value")
  void badUrlRefused() {
    assertThatThrownBy(() -> connector(Optional.of("ah-appointment service type")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("'service-type-value-set'")
        .hasMessageNotContaining("ah-appointment");
    assertThatThrownBy(() -> connector(Optional.of("urn:oid:1.2.840.114350")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("'service-type-value-set'")
        .hasMessageNotContaining("1.2.840");
  }

  @Test
  @DisplayName("an entry without a code is a malformed payload naming the element, never a display")
  void malformedEntry() {
    serve(200, """
        {"resourceType":"ValueSet","status":"active","expansion":{"timestamp":"2026-02-27T16:04:11-05:00","contains":[
         {"code":"62","display":"Office Visit 30 min"},
         {"abstract":true,"display":"Group","contains":[{"system":"x","display":"Dr Quinn private slot"}]}]}}
        """);
    assertThatThrownBy(() -> connector(Optional.of(VALUE_SET)).serviceCatalog().orElseThrow().serviceTypes())
        .isInstanceOf(PermanentConnectorException.class)
        .hasMessageContaining("ValueSet.expansion.contains[1].contains[0].code")
        .hasMessageNotContaining("Quinn").hasMessageNotContaining("Office Visit");
  }

  @Test
  @DisplayName("a value set without an expansion is a malformed payload naming ValueSet.expansion")
  void missingExpansion() {
    serve(200, "{\"resourceType\":\"ValueSet\",\"status\":\"active\",\"url\":\"" + VALUE_SET + "\"}");
    assertThatThrownBy(() -> connector(Optional.of(VALUE_SET)).serviceCatalog().orElseThrow().serviceTypes())
        .isInstanceOf(PermanentConnectorException.class).hasMessageContaining("ValueSet.expansion");
  }

  @Test
  @DisplayName("an OperationOutcome error goes through the connector's classification: issue codes named, diagnostics never")
  void operationOutcome() {
    serve(404, """
        {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found",
         "diagnostics":"Unable to find ValueSet for practice 195900 requested by Dr Quinn"}]}
        """);
    assertThatThrownBy(() -> connector(Optional.of(VALUE_SET)).serviceCatalog().orElseThrow().serviceTypes())
        .isInstanceOf(PermanentConnectorException.class)
        .hasMessageContaining("OperationOutcome issues: not-found")
        .hasMessageNotContaining("Quinn").hasMessageNotContaining("Unable to find");
  }

  @Test
  @DisplayName("a 503 is retried by the connector's pipeline and the catalogue is then read")
  void retried() {
    vendor.stubFor(get(urlPathEqualTo(EXPAND)).inScenario("flaky").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
        .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")).willSetStateTo("up"));
    vendor.stubFor(get(urlPathEqualTo(EXPAND)).inScenario("flaky").whenScenarioStateIs("up")
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", FHIR_JSON).withBody(EXPANSION)));
    Map<String, String> p = new HashMap<>();
    p.put("base-url", vendor.baseUrl() + FHIR);
    p.put("token-url", vendor.baseUrl() + TOKEN_PATH);
    p.put("practice-id", "195900");
    p.put("client-id-secret", "athena/client-id");
    p.put("client-secret-secret", "athena/client-secret");
    p.put("incremental", "windowed");
    p.put("allow-http", "true");
    p.put("allow-private-targets", "127.0.0.1:" + vendor.port());
    p.put("service-type-value-set", VALUE_SET);
    AthenaSettings settings = AthenaSettings.from(ConnectorConfig.of("athena-main", "athenahealth", p));
    List<Duration> waits = new java.util.ArrayList<>();
    AthenaConnector c = AthenaConnector.builder(settings, context).sleeper(waits::add).fhirContext(FHIR_CONTEXT).build();
    assertThat(c.serviceCatalog().orElseThrow().serviceTypes()).hasSize(4);
    assertThat(waits).contains(Duration.ofSeconds(1));
  }
}
