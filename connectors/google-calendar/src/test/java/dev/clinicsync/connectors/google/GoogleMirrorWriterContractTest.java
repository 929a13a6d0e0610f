package dev.clinicsync.connectors.google;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.clinicsync.connectors.kit.HttpSettings;
import dev.clinicsync.connectors.tck.ConnectorTestContext;
import dev.clinicsync.connectors.tck.MirrorWriterContractTest;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.store.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;

/**
 * The write-back TCK for Google Calendar, against a WireMock Google that keeps the state of the one
 * mirrored event in a scenario: absent, {@code v1} (as created), {@code v2} (as updated), moved
 * (changed in Google), deleted (cancelled in Google; its id stays taken), and the stalled states
 * whose answers outlast the writer's read timeout. Calls to another event id are answered as a
 * second copy would be, and counted.
 */
@DisplayName("Google Calendar write-back contract")
class GoogleMirrorWriterContractTest extends MirrorWriterContractTest {
  static final ClinicianId CLINICIAN = ClinicianId.of("tck-clinician");
  static final String SCENARIO = "mirror";
  static final String EVENTS = "/calendar/v3/calendars/primary/events";
  static final String EVENT_ID = GoogleEventIds.forAppointment(APPOINTMENT);
  static final String ONE = EVENTS + "/" + EVENT_ID;
  static final Duration READ_TIMEOUT = Duration.ofMillis(1_000);
  static final int STALL_MILLIS = 3_000;

  @Override
  protected SourceConnector createConnector(ConnectorTestContext ctx) {
    ctx.secrets().put("google/client-id", Secret.of("tck-client"));
    ctx.secrets().put("google/client-secret", Secret.of("tck-secret"));
    ctx.secrets().put("google/refresh-token/tck-clinician", Secret.of("tck-refresh"));
    ctx.clinicians().save(Clinician.of(CLINICIAN, "TCK Clinician", zone(), WeeklyAvailability.NONE));
    ctx.vendor().stubFor(post(urlPathEqualTo("/token"))
        .willReturn(okJson("{\"access_token\":\"tck-access\",\"expires_in\":3600,\"token_type\":\"Bearer\"}")));
    stubMirror(ctx);
    GoogleCalendarSettings settings = GoogleCalendarSettings.builder(ctx.connectorId(), CLINICIAN)
        .rootUrl(ctx.baseUrl())
        .tokenUrl(ctx.baseUrl() + "/token")
        .allowHttp()
        .allowPrivateAddresses()
        .writeCalendarId("primary")
        .http(new HttpSettings(Duration.ofSeconds(1), READ_TIMEOUT, Duration.ofSeconds(1), Duration.ofSeconds(5)))
        .maxAttempts(2)
        .requestsPerSecond(1000)
        .build();
    return GoogleCalendarConnector.builder(settings, ctx.connectorContext()).sleeper(ctx.sleeper()).build();
  }

  @Override
  protected String target() {
    return "primary";
  }

  @Override
  protected Set<String> vendorConstants() {
    return Set.of("confirmed", "opaque", OwnedEvents.DEFAULT_PROVENANCE);
  }

  @Override
  protected void deleteAtVendor(ConnectorTestContext ctx, AppointmentId appointment) {
    ctx.vendor().setScenarioState(SCENARIO, "deleted");
  }

  @Override
  protected void moveAtVendor(ConnectorTestContext ctx, AppointmentId appointment) {
    ctx.vendor().setScenarioState(SCENARIO, "moved");
  }

  @Override
  protected void stallWrites(ConnectorTestContext ctx, boolean applied) {
    ctx.vendor().setScenarioState(SCENARIO, applied ? "stall-applied" : "stall-absent");
  }

  @Override
  protected void answerWritesAgain(ConnectorTestContext ctx) {
    ctx.vendor().setScenarioState(SCENARIO, state(ctx).equals("stall-present") ? "v1" : STARTED);
  }

  @Override
  protected int copiesAtVendor(ConnectorTestContext ctx, AppointmentId appointment) {
    int ours = List.of("v1", "v2", "moved", "stall-present").contains(state(ctx)) ? 1 : 0;
    long others = ctx.vendor().getAllServeEvents().stream()
        .filter(e -> e.getRequest().getMethod().getName().equals("POST") && e.getRequest().getUrl().startsWith(EVENTS)
            && e.getResponse().getStatus() == 200 && !e.getRequest().getBodyAsString().contains(EVENT_ID))
        .count();
    return ours + (int) others;
  }

  private static String state(ConnectorTestContext ctx) {
    return ctx.vendor().getAllScenarios().getScenarios().stream().filter(s -> s.getName().equals(SCENARIO))
        .map(Scenario::getState).findFirst().orElse(STARTED);
  }

  // ------------------------------------------------------------------------- the stub's one event

  String event(String etag, String status, TimeWindow w) {
    return "{\"kind\":\"calendar#event\",\"etag\":\"\\\"" + etag + "\\\"\",\"id\":\"" + EVENT_ID + "\",\"status\":\"" + status
        + "\",\"start\":{\"dateTime\":\"" + w.start() + "\",\"timeZone\":\"" + zone().getId() + "\"},"
        + "\"end\":{\"dateTime\":\"" + w.end() + "\",\"timeZone\":\"" + zone().getId() + "\"},"
        + "\"extendedProperties\":{\"private\":{\"" + OwnedEvents.APPOINTMENT_ID_PROPERTY + "\":\"" + APPOINTMENT.value()
        + "\",\"" + OwnedEvents.PROVENANCE_PROPERTY + "\":\"" + OwnedEvents.DEFAULT_PROVENANCE + "\"}}}";
  }

  static ResponseDefinitionBuilder googleError(int status, String reason) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=UTF-8")
        .withBody("{\"error\":{\"errors\":[{\"domain\":\"global\",\"reason\":\"" + reason + "\",\"message\":\"" + reason
            + "\"}],\"code\":" + status + ",\"message\":\"" + reason + "\"}}");
  }

  private void stub(ConnectorTestContext ctx, MappingBuilder request, String state, ResponseDefinitionBuilder response,
      String next) {
    ScenarioMappingBuilder m = request.inScenario(SCENARIO).whenScenarioStateIs(state);
    ctx.vendor().stubFor(next == null ? m.willReturn(response) : m.willReturn(response).willSetStateTo(next));
  }

  private void stubMirror(ConnectorTestContext ctx) {
    TimeWindow created = window();
    TimeWindow updated = movedMirror().window();
    TimeWindow moved = TimeWindow.of(window().start().plus(Duration.ofHours(2)), window().end().plus(Duration.ofHours(2)));
    String v1 = event("v1", "confirmed", created);

    // events.insert of our id
    java.util.function.Supplier<MappingBuilder> insert = () -> post(urlPathEqualTo(EVENTS))
        .withRequestBody(matchingJsonPath("$.id", equalTo(EVENT_ID)));
    stub(ctx, insert.get(), STARTED, okJson(v1), "v1");
    for (String taken : List.of("v1", "v2", "moved", "deleted")) {
      stub(ctx, insert.get(), taken, googleError(409, "duplicate"), null);
    }
    stub(ctx, insert.get(), "stall-absent", okJson(v1).withFixedDelay(STALL_MILLIS), null);
    stub(ctx, insert.get(), "stall-applied", okJson(v1).withFixedDelay(STALL_MILLIS), "stall-present");
    stub(ctx, insert.get(), "stall-present", googleError(409, "duplicate").withFixedDelay(STALL_MILLIS), null);
    // an insert under any other id would be a second copy
    ctx.vendor().stubFor(post(urlPathEqualTo(EVENTS)).atPriority(9).withRequestBody(notContaining(EVENT_ID))
        .willReturn(okJson("{\"id\":\"0another0copy0\",\"etag\":\"\\\"c1\\\"\",\"status\":\"confirmed\"}")));

    // events.get
    for (String absent : List.of(STARTED, "stall-absent", "stall-applied")) {
      stub(ctx, get(urlPathEqualTo(ONE)), absent, googleError(404, "notFound"), null);
    }
    stub(ctx, get(urlPathEqualTo(ONE)), "v1", okJson(v1), null);
    stub(ctx, get(urlPathEqualTo(ONE)), "stall-present", okJson(v1), null);
    stub(ctx, get(urlPathEqualTo(ONE)), "v2", okJson(event("v2", "confirmed", updated)), null);
    stub(ctx, get(urlPathEqualTo(ONE)), "moved", okJson(event("vM", "confirmed", moved)), null);
    stub(ctx, get(urlPathEqualTo(ONE)), "deleted", okJson(event("vD", "cancelled", created)), null);

    // events.patch: If-Match the current ETag, or 412
    stub(ctx, patch(urlPathEqualTo(ONE)).atPriority(1).withHeader("If-Match", equalTo("\"v1\"")), "v1",
        okJson(event("v2", "confirmed", updated)), "v2");
    for (String live : List.of("v1", "v2", "moved")) {
      stub(ctx, patch(urlPathEqualTo(ONE)).atPriority(5), live, googleError(412, "conditionNotMet"), null);
    }
    stub(ctx, patch(urlPathEqualTo(ONE)), "deleted", googleError(410, "deleted"), null);
    stub(ctx, patch(urlPathEqualTo(ONE)), STARTED, googleError(404, "notFound"), null);

    // events.delete: If-Match the current ETag, or 412
    stub(ctx, delete(urlPathEqualTo(ONE)).atPriority(1).withHeader("If-Match", equalTo("\"v1\"")), "v1",
        aResponse().withStatus(204), "deleted");
    for (String live : List.of("v1", "v2", "moved")) {
      stub(ctx, delete(urlPathEqualTo(ONE)).atPriority(5), live, googleError(412, "conditionNotMet"), null);
    }
    stub(ctx, delete(urlPathEqualTo(ONE)), "deleted", googleError(410, "deleted"), null);
    stub(ctx, delete(urlPathEqualTo(ONE)), STARTED, googleError(404, "notFound"), null);
  }
}
