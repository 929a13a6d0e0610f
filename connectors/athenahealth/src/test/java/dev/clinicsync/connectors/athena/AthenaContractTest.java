package dev.clinicsync.connectors.athena;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.UrlPattern;
import dev.clinicsync.connectors.tck.BadRecordsStub;
import dev.clinicsync.connectors.tck.BadValue;
import dev.clinicsync.connectors.tck.ConnectorContractTest;
import dev.clinicsync.connectors.tck.ConnectorTestContext;
import dev.clinicsync.connectors.tck.IncrementalStub;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.store.Secret;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;

/**
 * The connector TCK, run against the athenahealth connector with WireMock serving athena-shaped FHIR
 * R4 JSON (the TCK's faults and hostile responses are planted on a WireMock vendor, which HAPI's
 * RestfulServer cannot play; {@link AthenaFhirServerTest} covers the real server). Incremental
 * fetches use {@code _lastUpdated}; {@link AthenaWindowedContractTest} runs the TCK again with the
 * windowed re-fetch.
 */
@DisplayName("athenahealth connector (_lastUpdated): the connector TCK")
class AthenaContractTest extends ConnectorContractTest {
  static final String FHIR = "/fhir/r4";
  static final String PATH = FHIR + "/Appointment";
  static final String TOKEN_PATH = "/oauth2/v1/token";
  static final String DR_LEE = "a-195900.Provider-23";
  static final String PATIENT_NAME = "Jordan Testpatient";
  static final String NOTE = "panic attacks since 1984-02-29; call +1-555-0142";
  static final ZoneOffset EASTERN = ZoneOffset.ofHours(-5);
  /** One R4 context for the suite's many short-lived connectors (production: one per connector). */
  private static final ca.uhn.fhir.context.FhirContext FHIR_CONTEXT = ca.uhn.fhir.context.FhirContext.forR4();

  /** The incremental mode this suite runs. */
  protected String incrementalMode() {
    return "last-updated";
  }

  @Override
  protected SourceConnector createConnector(ConnectorTestContext ctx) {
    ctx.secrets().put("athena/tck-client-id", Secret.of("tck-client"));
    ctx.secrets().put("athena/tck-client-secret", Secret.of("tck-client-secret"));
    ctx.vendor().stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(okJson(
        "{\"access_token\":\"tck-access-token\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
            + "\"scope\":\"system/Appointment.read\"}")));
    ctx.clinicians().save(Clinician.of(ClinicianId.of("dr-lee"), "Dr. Lee", ZoneId.of("America/New_York"),
        WeeklyAvailability.builder().build()).withExternalIds(Set.of(ExternalIdentity.of(SourceSystem.ATHENAHEALTH, DR_LEE))));
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("base-url", ctx.baseUrl() + FHIR);
    extra.put("token-url", ctx.baseUrl() + TOKEN_PATH);
    extra.put("practice-id", "195900");
    extra.put("client-id-secret", "athena/tck-client-id");
    extra.put("client-secret-secret", "athena/tck-client-secret");
    extra.put("incremental", incrementalMode());
    AthenaSettings settings = AthenaSettings.from(ctx.config(AthenaConnectorProvider.TYPE, extra));
    return AthenaConnector.builder(settings, ctx.connectorContext()).sleeper(ctx.sleeper())
        .random(new SplittableRandom(16)).fhirContext(FHIR_CONTEXT).build();
  }

  @Override
  protected UrlPattern fetchUrlPattern() {
    return urlPathEqualTo(PATH);
  }

  @Override
  protected String contentType() {
    return "application/fhir+json;charset=utf-8";
  }

  @Override
  protected String malformedBody() {
    return "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":{\"resourceType\":\"Appointment\","
        + "\"id\":\"a-195900.A-9\",\"status\":\"booked\",\"comment\":\"" + PATIENT_NAME + "\",";
  }

  @Override
  protected Set<String> plantedPhi() {
    return Set.of(PATIENT_NAME, "Testpatient", "1984-02-29", "+1-555-0142", "panic attacks");
  }

  // ---------------------------------------------------------------- athena-shaped FHIR JSON

  /** A booked appointment of Dr. Lee with the planted patient, at {@code start} for {@code minutes}. */
  static String appointment(String id, String status, String version, Instant start, int minutes) {
    return appointment(id, status, version, "\"start\":\"" + eastern(start) + "\",\"end\":\""
        + eastern(start.plus(Duration.ofMinutes(minutes))) + "\"", "ROUTINE");
  }

  static String appointment(String id, String status, String version, String times, String type) {
    return "{\"resourceType\":\"Appointment\",\"id\":\"" + id + "\",\"meta\":{\"versionId\":\"" + version
        + "\",\"lastUpdated\":\"2026-02-27T16:0" + (Math.abs(id.hashCode()) % 10) + ":00.000+00:00\"},"
        + "\"extension\":[{\"url\":\"https://fhir.athena.io/StructureDefinition/ah-practice\","
        + "\"valueReference\":{\"reference\":\"Organization/a-1.Practice-195900\"}}],"
        + "\"status\":\"" + status + "\","
        + "\"appointmentType\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v2-0276\",\"code\":\"" + type + "\"}]},"
        + times + ",\"comment\":\"" + NOTE + "\","
        + "\"participant\":[{\"actor\":{\"reference\":\"Practitioner/" + DR_LEE + "\",\"display\":\"LEE, DANA\"},"
        + "\"required\":\"required\",\"status\":\"accepted\"},"
        + "{\"actor\":{\"reference\":\"Patient/a-195900.E-60178\",\"display\":\"" + PATIENT_NAME + "\"},"
        + "\"required\":\"required\",\"status\":\"accepted\"},"
        + "{\"actor\":{\"reference\":\"Location/a-195900.Department-1\"},\"status\":\"accepted\"}]}";
  }

  static String eastern(Instant t) {
    return java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX").format(t.atOffset(EASTERN));
  }

  /** A searchset page; {@code next} is a cursor value for athena's {@code cursor} parameter, or null. */
  static String bundle(ConnectorTestContext ctx, List<String> entries, String next, String searchTime) {
    StringBuilder sb = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"meta\":{\"lastUpdated\":\"")
        .append(searchTime).append("\"},\"total\":").append(entries.size()).append(",\"link\":[{\"relation\":\"self\",\"url\":\"")
        .append(ctx.baseUrl()).append(PATH).append("?ah-practice=Organization%2Fa-1.Practice-195900\"}");
    if (next != null) {
      sb.append(",{\"relation\":\"next\",\"url\":\"").append(ctx.baseUrl()).append(PATH)
          .append("?ah-practice=Organization%2Fa-1.Practice-195900&_count=3&cursor=").append(next).append("\"}");
    }
    sb.append("],\"entry\":[");
    for (int i = 0; i < entries.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      String id = entries.get(i).replaceAll("^.*?\"id\":\"([^\"]+)\".*$", "$1");
      sb.append("{\"fullUrl\":\"").append(ctx.baseUrl()).append(PATH).append('/').append(id).append("\",\"resource\":").append(entries.get(i))
          .append(",\"search\":{\"mode\":\"match\"}}");
    }
    return sb.append("]}").toString();
  }

  /** The first page of a full fetch (a date search, no cursor). */
  static MappingBuilder firstPage() {
    return get(urlPathEqualTo(PATH)).withQueryParam("ah-practice", equalTo("Organization/a-1.Practice-195900"))
        .withQueryParam("_lastUpdated", absent()).withQueryParam("cursor", absent());
  }

  static MappingBuilder page(String cursor) {
    return get(urlPathEqualTo(PATH)).withQueryParam("cursor", equalTo(cursor));
  }

  static void serve(ConnectorTestContext ctx, MappingBuilder request, String body) {
    ctx.vendor().stubFor(request.willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/fhir+json;charset=utf-8").withBody(body)));
  }

  static final String SEARCH_TIME = "2026-03-01T10:00:00.000+00:00";

  @Override
  protected Map<String, TimeWindow> stubMultiPageFullFetch(ConnectorTestContext ctx, TimeWindow window, int records,
      int pageSize) {
    Map<String, TimeWindow> expected = new LinkedHashMap<>();
    List<List<String>> pages = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      String id = "a-195900.A-" + (5000 + i);
      Instant start = window.start().plus(Duration.ofDays(1 + i % 5)).plus(Duration.ofHours(14 + i / 5))
          .plusMillis(i == 2 ? 250 : 0);
      if (i % pageSize == 0) {
        pages.add(new ArrayList<>());
      }
      pages.get(pages.size() - 1).add(appointment(id, "booked", "1", start, 50));
      expected.put(id, TimeWindow.of(start, start.plus(Duration.ofMinutes(50))));
    }
    for (int p = 0; p < pages.size(); p++) {
      String next = p + 1 < pages.size() ? "page" + (p + 1) : null;
      serve(ctx, p == 0 ? firstPage() : page("page" + p), bundle(ctx, pages.get(p), next, SEARCH_TIME));
    }
    return expected;
  }

  @Override
  protected String stubRepeatedRecord(ConnectorTestContext ctx, TimeWindow window) {
    String twice = "a-195900.A-6001";
    Instant t = window.start().plus(Duration.ofDays(1)).plus(Duration.ofHours(14));
    serve(ctx, firstPage(), bundle(ctx, List.of(
        appointment(twice, "booked", "1", t, 50),
        appointment("a-195900.A-6002", "booked", "1", t.plus(Duration.ofHours(1)), 50),
        appointment(twice, "booked", "2", t.plus(Duration.ofHours(2)), 50)), null, SEARCH_TIME));
    return twice;
  }

  @Override
  protected IncrementalStub stubIncrementalChanges(ConnectorTestContext ctx, TimeWindow window) {
    Instant t = window.start().plus(Duration.ofDays(2)).plus(Duration.ofHours(15));
    String kept = "a-195900.A-7001";
    String moved = "a-195900.A-7002";
    String voided = "a-195900.A-7003";
    String added = "a-195900.A-7004";
    serve(ctx, firstPage(), bundle(ctx, List.of(
        appointment(kept, "booked", "1", t, 50),
        appointment(moved, "booked", "1", t.plus(Duration.ofHours(1)), 50),
        appointment(voided, "booked", "1", t.plus(Duration.ofHours(2)), 50)), null, SEARCH_TIME));
    serve(ctx, get(urlPathEqualTo(PATH)).withQueryParam("_lastUpdated", equalTo("gt2026-03-01T10:00:00Z")),
        bundle(ctx, List.of(
            appointment(moved, "booked", "2", t.plus(Duration.ofHours(3)), 50),
            appointment(voided, "entered-in-error", "2", t.plus(Duration.ofHours(2)), 50),
            appointment(added, "booked", "1", t.plus(Duration.ofHours(5)), 30)), null, "2026-03-01T11:00:00.000+00:00"));
    Map<String, TimeWindow> initial = new LinkedHashMap<>();
    initial.put(kept, TimeWindow.of(t, t.plus(Duration.ofMinutes(50))));
    initial.put(moved, TimeWindow.of(t.plus(Duration.ofHours(1)), t.plus(Duration.ofHours(1)).plus(Duration.ofMinutes(50))));
    initial.put(voided, TimeWindow.of(t.plus(Duration.ofHours(2)), t.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(50))));
    return new IncrementalStub(initial, Set.of(moved, added), Set.of(voided));
  }

  @Override
  protected BadRecordsStub stubBadRecords(ConnectorTestContext ctx, TimeWindow window) {
    Instant t = window.start().plus(Duration.ofDays(3)).plus(Duration.ofHours(14));
    String good = "a-195900.A-8001";
    String missingStart = "a-195900.A-8002";
    String endBeforeStart = "a-195900.A-8003";
    String absurd = "a-195900.A-8004";
    String absentStart = "a-195900.A-8005";
    serve(ctx, firstPage(), bundle(ctx, List.of(
        appointment(good, "booked", "1", t, 50),
        appointment(missingStart, "booked", "1", "\"end\":\"" + eastern(t) + "\"", "ROUTINE"),
        appointment(endBeforeStart, "booked", "1", "\"start\":\"" + eastern(t) + "\",\"end\":\""
            + eastern(t.minus(Duration.ofHours(1))) + "\"", "ROUTINE"),
        appointment(absurd, "booked", "1", "\"start\":\"0001-01-01T00:00:00Z\",\"end\":\"0001-01-01T01:00:00Z\"", "ROUTINE"),
        appointment(absentStart, "booked", "1", "\"_start\":{\"extension\":[{\"url\":"
            + "\"http://hl7.org/fhir/StructureDefinition/data-absent-reason\",\"valueCode\":\"unknown\"}]},"
            + "\"end\":\"" + eastern(t) + "\"", "ROUTINE")), null, SEARCH_TIME));
    Map<BadValue, String> bad = new LinkedHashMap<>();
    bad.put(BadValue.MISSING_START, missingStart);
    bad.put(BadValue.END_BEFORE_START, endBeforeStart);
    bad.put(BadValue.ABSURD_DATE, absurd);
    return new BadRecordsStub(Set.of(good), bad);
  }

  @Override
  protected Map<String, AppointmentStatus> stubDocumentedStatuses(ConnectorTestContext ctx, TimeWindow window) {
    Map<String, AppointmentStatus> expected = new LinkedHashMap<>();
    expected.put("proposed", AppointmentStatus.PENDING);
    expected.put("pending", AppointmentStatus.PENDING);
    expected.put("waitlist", AppointmentStatus.PENDING);
    expected.put("booked", AppointmentStatus.SCHEDULED);
    expected.put("arrived", AppointmentStatus.COMPLETED);
    expected.put("checked-in", AppointmentStatus.COMPLETED);
    expected.put("fulfilled", AppointmentStatus.COMPLETED);
    expected.put("cancelled", AppointmentStatus.CANCELLED);
    expected.put("noshow", AppointmentStatus.NO_SHOW);
    List<String> entries = new ArrayList<>();
    Map<String, AppointmentStatus> byId = new LinkedHashMap<>();
    Instant t = window.start().plus(Duration.ofDays(1)).plus(Duration.ofHours(13));
    int n = 0;
    for (Map.Entry<String, AppointmentStatus> e : expected.entrySet()) {
      String id = "a-195900.A-" + (9100 + n);
      entries.add(appointment(id, e.getKey(), "1", t.plus(Duration.ofHours(n)), 30));
      byId.put(id, e.getValue());
      n++;
    }
    // the tenth status is not an appointment at all: a deletion
    entries.add(appointment("a-195900.A-9199", "entered-in-error", "1", t, 30));
    serve(ctx, firstPage(), bundle(ctx, entries, null, SEARCH_TIME));
    return byId;
  }

  @Override
  protected Optional<String> stubUndocumentedValues(ConnectorTestContext ctx, TimeWindow window) {
    String id = "a-195900.A-9301";
    Instant t = window.start().plus(Duration.ofDays(2)).plus(Duration.ofHours(13));
    serve(ctx, firstPage(), bundle(ctx, List.of(appointment(id, "tentative-hold", "1", "\"start\":\"" + eastern(t)
        + "\",\"end\":\"" + eastern(t.plus(Duration.ofMinutes(45))) + "\"", "TELEPSYCH")), null, SEARCH_TIME));
    return Optional.of(id);
  }
}
