package dev.clinicsync.connectors.google;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.clinicsync.connectors.kit.HttpSettings;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.connector.ConnectorCapabilities.Capability;
import dev.clinicsync.core.connector.MirrorContent;
import dev.clinicsync.core.connector.MirrorWrite;
import dev.clinicsync.core.connector.MirrorWriter;
import dev.clinicsync.core.connector.WriteEcho;
import dev.clinicsync.core.connector.WriteOutcome;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Google Calendar write-back")
class GoogleCalendarWriterTest {
  static final AppointmentId APPT = AppointmentId.of("7d3c2b1a-0f9e-4d8c-b7a6-5e4d3c2b1a09");
  static final String EVENT_ID = GoogleEventIds.forAppointment(APPT);
  static final String INSERT = "/calendar/v3/calendars/primary/events";
  static final String ONE = INSERT + "/" + EVENT_ID;
  static final TimeWindow SESSION = TimeWindow.of(Instant.parse("2026-03-03T17:00:00Z"), Instant.parse("2026-03-03T17:50:00Z"));
  static final MirrorWrite MIRROR = MirrorWrite.of(APPT, "primary", SESSION, GoogleStub.LEE_ZONE);

  final GoogleStub stub = new GoogleStub();
  GoogleCalendarConnector connector = writing(stub.settings());

  @AfterEach
  void stop() {
    connector.close();
    stub.close();
  }

  GoogleCalendarConnector writing(GoogleCalendarSettings.Builder settings) {
    return stub.connector(settings.writeCalendarId("primary").build());
  }

  MirrorWriter writer() {
    return connector.mirrorWriter().orElseThrow();
  }

  static String event(String etag, String status, String start, String end, boolean ours) {
    String marker = ours
        ? ",\"extendedProperties\":{\"private\":{\"clinicsyncId\":\"" + APPT.value() + "\",\"clinicsyncProvenance\":\"clinicsync\"}}"
        : "";
    return "{\"kind\":\"calendar#event\",\"etag\":\"\\\"" + etag + "\\\"\",\"id\":\"" + EVENT_ID + "\",\"status\":\"" + status
        + "\",\"summary\":\"Appointment\",\"start\":{\"dateTime\":\"" + start + "\",\"timeZone\":\"America/Los_Angeles\"},"
        + "\"end\":{\"dateTime\":\"" + end + "\",\"timeZone\":\"America/Los_Angeles\"}" + marker + "}";
  }

  static String ours(String etag) {
    return event(etag, "confirmed", "2026-03-03T09:00:00-08:00", "2026-03-03T09:50:00-08:00", true);
  }

  static ResponseDefinitionBuilder googleError(int status, String reason, String message) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=UTF-8")
        .withBody("{\"error\":{\"errors\":[{\"domain\":\"global\",\"reason\":\"" + reason + "\",\"message\":\"" + message
            + "\"}],\"code\":" + status + ",\"message\":\"" + message + "\"}}");
  }

  /** PATCH, as a stub may see it: a real PATCH, or POST with X-HTTP-Method-Override. */
  void stubPatch(MappingBuilderCustomizer customize, ResponseDefinitionBuilder response) {
    stub.server.stubFor(customize.apply(patch(urlPathEqualTo(ONE))).willReturn(response));
    stub.server.stubFor(customize.apply(post(urlPathEqualTo(ONE)).withHeader("X-HTTP-Method-Override", equalTo("PATCH")))
        .willReturn(response));
  }

  interface MappingBuilderCustomizer {
    MappingBuilder apply(MappingBuilder b);
  }

  List<LoggedRequest> patches() {
    return stub.server.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(urlPathEqualTo(ONE)))
        .stream().filter(r -> r.getMethod().getName().equals("PATCH")
            || "PATCH".equals(r.getHeader("X-HTTP-Method-Override"))).toList();
  }

  @Test
  @DisplayName("the event id is deterministic base32hex, and the body is content-free and marked as ours")
  void createContentFree() {
    stub.server.stubFor(post(urlPathEqualTo(INSERT)).willReturn(okJson(ours("e1"))));

    WriteOutcome outcome = writer().create(MIRROR);

    assertThat(outcome).isEqualTo(new WriteOutcome.Written(SourceRef.of(SourceSystem.GOOGLE, EVENT_ID, "\"e1\""), true));
    assertThat(EVENT_ID).matches("[a-v0-9]{5,1024}").isEqualTo(GoogleEventIds.forAppointment(AppointmentId.of(APPT.value())))
        .isEqualTo(MIRROR.idempotencyKey().value());
    stub.server.verify(postRequestedFor(urlPathEqualTo(INSERT))
        .withQueryParam("sendUpdates", equalTo("none"))
        .withRequestBody(matchingJsonPath("$.id", equalTo(EVENT_ID)))
        .withRequestBody(matchingJsonPath("$.summary", equalTo("Appointment")))
        .withRequestBody(matchingJsonPath("$.start.dateTime", equalTo("2026-03-03T17:00:00.000Z")))
        .withRequestBody(matchingJsonPath("$.start.timeZone", equalTo("America/Los_Angeles")))
        .withRequestBody(matchingJsonPath("$.end.dateTime", equalTo("2026-03-03T17:50:00.000Z")))
        .withRequestBody(matchingJsonPath("$.transparency", equalTo("opaque")))
        .withRequestBody(matchingJsonPath("$.extendedProperties.private.clinicsyncId", equalTo(APPT.value())))
        .withRequestBody(matchingJsonPath("$.extendedProperties.private.clinicsyncProvenance", equalTo("clinicsync")))
        .withRequestBody(matchingJsonPath("$.attendees", absent())));
    String body = stub.server.findAll(postRequestedFor(urlPathEqualTo(INSERT))).get(0).getBodyAsString();
    assertThat(body).doesNotContain("\"description\":\"", "\"location\":\"");
  }

  @Test
  @DisplayName("a configured label and an explicit projection are the only way to show more")
  void labelAndProjection() {
    connector.close();
    connector = writing(stub.settings().eventLabel("Clinic session"));
    stub.server.stubFor(post(urlPathEqualTo(INSERT)).willReturn(okJson(ours("e1"))));

    writer().create(MIRROR);
    writer().create(new MirrorWrite(APPT, "primary", SESSION, GoogleStub.LEE_ZONE,
        new MirrorContent(Optional.empty(), Optional.empty(), Optional.of("Suite 4"))));

    List<LoggedRequest> posts = stub.server.findAll(postRequestedFor(urlPathEqualTo(INSERT)));
    assertThat(posts.get(0).getBodyAsString()).contains("\"summary\":\"Clinic session\"").doesNotContain("Suite 4");
    assertThat(posts.get(1).getBodyAsString()).contains("\"location\":\"Suite 4\"");
  }

  @Test
  @DisplayName("an insert that timed out is retried; the 409 for our own id is success after a read-back")
  void idempotentRetryAfterTimeout() {
    connector.close();
    connector = writing(stub.settings().http(new HttpSettings(
        Duration.ofSeconds(2), Duration.ofMillis(700), Duration.ofSeconds(2), Duration.ofSeconds(20))));
    stub.server.stubFor(post(urlPathEqualTo(INSERT)).inScenario("insert").whenScenarioStateIs(STARTED)
        .willReturn(okJson(ours("e1")).withFixedDelay(2_000)).willSetStateTo("created"));
    stub.server.stubFor(post(urlPathEqualTo(INSERT)).inScenario("insert").whenScenarioStateIs("created")
        .willReturn(googleError(409, "duplicate", "The requested identifier already exists.")));
    stub.server.stubFor(get(urlPathEqualTo(ONE)).willReturn(okJson(ours("e1"))));

    WriteOutcome outcome = writer().create(MIRROR);

    assertThat(outcome).isEqualTo(new WriteOutcome.Written(SourceRef.of(SourceSystem.GOOGLE, EVENT_ID, "\"e1\""), false));
    List<LoggedRequest> inserts = stub.server.findAll(postRequestedFor(urlPathEqualTo(INSERT)));
    assertThat(inserts).hasSize(2);
    assertThat(inserts).extracting(LoggedRequest::getBodyAsString).allSatisfy(b -> assertThat(b).contains(EVENT_ID));
    stub.server.verify(1, getRequestedFor(urlPathEqualTo(ONE)));
  }

  @Test
  @DisplayName("a 409 for an id held by an event we did not write is a permanent error, and nothing is overwritten")
  void foreignIdCollision() {
    stub.server.stubFor(post(urlPathEqualTo(INSERT)).willReturn(googleError(409, "duplicate", "The requested identifier already exists.")));
    stub.server.stubFor(get(urlPathEqualTo(ONE)).willReturn(okJson(
        event("x9", "confirmed", "2026-03-03T09:00:00-08:00", "2026-03-03T10:00:00-08:00", false))));

    assertThatThrownBy(() -> writer().create(MIRROR)).isInstanceOf(PermanentConnectorException.class)
        .hasMessageContaining("did not write");
    assertThat(patches()).isEmpty();
  }

  @Test
  @DisplayName("creating a mirror we cancelled before revives it, conditionally on its ETag")
  void reviveCancelled() {
    stub.server.stubFor(post(urlPathEqualTo(INSERT)).willReturn(googleError(409, "duplicate", "The requested identifier already exists.")));
    stub.server.stubFor(get(urlPathEqualTo(ONE)).willReturn(okJson(
        event("c1", "cancelled", "2026-03-03T09:00:00-08:00", "2026-03-03T09:50:00-08:00", true))));
    stubPatch(b -> b.withHeader("If-Match", equalTo("\"c1\"")), okJson(ours("c2")));

    WriteOutcome outcome = writer().create(MIRROR);

    assertThat(outcome).isEqualTo(new WriteOutcome.Written(SourceRef.of(SourceSystem.GOOGLE, EVENT_ID, "\"c2\""), false));
    assertThat(patches()).singleElement().satisfies(r -> assertThat(r.getBodyAsString()).contains("\"status\":\"confirmed\""));
  }

  @Test
  @DisplayName("an update carries If-Match with the stored ETag (PATCH, or POST with X-HTTP-Method-Override)")
  void updateIfMatch() {
    stubPatch(b -> b.withHeader("If-Match", equalTo("\"e1\"")), okJson(ours("e2")));

    WriteOutcome outcome = writer().update(MIRROR, "\"e1\"");

    assertThat(outcome).isEqualTo(new WriteOutcome.Written(SourceRef.of(SourceSystem.GOOGLE, EVENT_ID, "\"e2\""), false));
    assertThat(patches()).singleElement().satisfies(r -> {
      assertThat(r.getHeader("If-Match")).isEqualTo("\"e1\"");
      assertThat(r.getBodyAsString()).contains("\"summary\":\"Appointment\"", APPT.value());
    });
  }

  @Test
  @DisplayName("412 on update is a conflict carrying the current remote version; nothing is overwritten")
  void updateConflict() {
    stubPatch(b -> b, googleError(412, "conditionNotMet", "Precondition Failed"));
    stub.server.stubFor(get(urlPathEqualTo(ONE)).willReturn(okJson(
        event("moved", "confirmed", "2026-03-03T11:00:00-08:00", "2026-03-03T11:50:00-08:00", true))));

    WriteOutcome outcome = writer().update(MIRROR, "\"e1\"");

    assertThat(outcome).isInstanceOfSatisfying(WriteOutcome.Conflict.class, c -> {
      assertThat(c.current().source()).isEqualTo(SourceRef.of(SourceSystem.GOOGLE, EVENT_ID, "\"moved\""));
      assertThat(c.current().window()).contains(TimeWindow.of(Instant.parse("2026-03-03T19:00:00Z"), Instant.parse("2026-03-03T19:50:00Z")));
      assertThat(c.current().cancelled()).isFalse();
      assertThat(c.current().appointmentId()).isEqualTo(APPT);
      assertThat(c.current().provenance()).isEqualTo("clinicsync");
    });
    assertThat(outcome.isSuccess()).isFalse();
    assertThat(patches()).hasSize(1);
  }

  @Test
  @DisplayName("an update of a mirror deleted in Google is Gone; a create then makes it again")
  void updateGoneThenCreate() {
    stubPatch(b -> b, googleError(404, "notFound", "Not Found"));
    stub.server.stubFor(post(urlPathEqualTo(INSERT)).willReturn(okJson(ours("n1"))));

    assertThat(writer().update(MIRROR, "\"e1\"")).isEqualTo(new WriteOutcome.Gone(SourceRef.of(SourceSystem.GOOGLE, EVENT_ID)));
    assertThat(writer().create(MIRROR))
        .isEqualTo(new WriteOutcome.Written(SourceRef.of(SourceSystem.GOOGLE, EVENT_ID, "\"n1\""), true));
  }

  @Test
  @DisplayName("cancel deletes with If-Match; an already deleted mirror counts as cancelled")
  void cancel() {
    stub.server.stubFor(delete(urlPathEqualTo(ONE)).withHeader("If-Match", equalTo("\"e1\""))
        .inScenario("del").whenScenarioStateIs(STARTED).willReturn(aResponse().withStatus(204)).willSetStateTo("gone"));
    stub.server.stubFor(delete(urlPathEqualTo(ONE)).inScenario("del").whenScenarioStateIs("gone")
        .willReturn(googleError(410, "deleted", "Resource has been deleted")));

    WriteOutcome.Cancelled cancelled = new WriteOutcome.Cancelled(SourceRef.of(SourceSystem.GOOGLE, EVENT_ID));
    assertThat(writer().cancel("primary", APPT, "\"e1\"")).isEqualTo(cancelled);
    assertThat(writer().cancel("primary", APPT, "\"e1\"")).isEqualTo(cancelled);
    stub.server.verify(2, deleteRequestedFor(urlPathEqualTo(ONE)).withQueryParam("sendUpdates", equalTo("none")));
  }

  @Test
  @DisplayName("412 on cancel is a conflict with the current version")
  void cancelConflict() {
    stub.server.stubFor(delete(urlPathEqualTo(ONE)).willReturn(googleError(412, "conditionNotMet", "Precondition Failed")));
    stub.server.stubFor(get(urlPathEqualTo(ONE)).willReturn(okJson(ours("e7"))));

    assertThat(writer().cancel("primary", APPT, "\"e1\"")).isInstanceOfSatisfying(WriteOutcome.Conflict.class,
        c -> assertThat(c.current().source().version()).contains("\"e7\""));
  }
  @Test
  @DisplayName("an insert that times out on every attempt is Unknown, never an error; the read-back decides")
  void insertTimedOutIsUnknown() {
    connector.close();
    connector = writing(stub.settings().maxAttempts(2).http(new HttpSettings(
        Duration.ofSeconds(2), Duration.ofMillis(1_000), Duration.ofSeconds(2), Duration.ofSeconds(20))));
    stub.server.stubFor(post(urlPathEqualTo(INSERT)).willReturn(okJson(ours("e1")).withFixedDelay(3_000)));
    stub.server.stubFor(get(urlPathEqualTo(ONE)).willReturn(okJson(ours("e1"))));

    WriteOutcome outcome = writer().create(MIRROR);

    assertThat(outcome).isEqualTo(new WriteOutcome.Unknown(SourceRef.of(SourceSystem.GOOGLE, EVENT_ID)));
    assertThat(stub.server.findAll(postRequestedFor(urlPathEqualTo(INSERT)))).hasSize(2);
    assertThat(writer().read("primary", APPT)).hasValueSatisfying(e -> {
      assertThat(e.source()).isEqualTo(SourceRef.of(SourceSystem.GOOGLE, EVENT_ID, "\"e1\""));
      assertThat(e.window()).contains(SESSION);
    });
  }

  @Test
  @DisplayName("updates and cancels whose answers are lost are Unknown too")
  void updateAndCancelTimedOutAreUnknown() {
    connector.close();
    connector = writing(stub.settings().maxAttempts(1).http(new HttpSettings(
        Duration.ofSeconds(2), Duration.ofMillis(1_000), Duration.ofSeconds(2), Duration.ofSeconds(20))));
    stubPatch(b -> b, okJson(ours("e2")).withFixedDelay(3_000));
    stub.server.stubFor(delete(urlPathEqualTo(ONE)).willReturn(aResponse().withStatus(204).withFixedDelay(3_000)));

    assertThat(writer().update(MIRROR, "\"e1\"")).isInstanceOf(WriteOutcome.Unknown.class);
    assertThat(writer().cancel("primary", APPT, "\"e1\"")).isInstanceOf(WriteOutcome.Unknown.class);
  }

  @Test
  @DisplayName("a write Google answered with 5xx on every attempt is a retryable error, not Unknown")
  void serverErrorIsRetryableNotUnknown() {
    stub.server.stubFor(post(urlPathEqualTo(INSERT)).willReturn(googleError(503, "backendError", "Backend Error")));

    assertThatThrownBy(() -> writer().create(MIRROR)).isInstanceOf(RetryableConnectorException.class);
    assertThat(stub.server.findAll(postRequestedFor(urlPathEqualTo(INSERT)))).hasSize(4);
  }

  @Test
  @DisplayName("read: the mirror as Google holds it, cancelled ones included; none when it does not exist; a foreign event is refused")
  void read() {
    stub.server.stubFor(get(urlPathEqualTo(ONE)).inScenario("r").whenScenarioStateIs(STARTED)
        .willReturn(okJson(event("c1", "cancelled", "2026-03-03T09:00:00-08:00", "2026-03-03T09:50:00-08:00", true)))
        .willSetStateTo("gone"));
    stub.server.stubFor(get(urlPathEqualTo(ONE)).inScenario("r").whenScenarioStateIs("gone")
        .willReturn(googleError(404, "notFound", "Not Found")).willSetStateTo("foreign"));
    stub.server.stubFor(get(urlPathEqualTo(ONE)).inScenario("r").whenScenarioStateIs("foreign")
        .willReturn(okJson(event("x9", "confirmed", "2026-03-03T09:00:00-08:00", "2026-03-03T10:00:00-08:00", false))));

    assertThat(writer().read("primary", APPT)).hasValueSatisfying(e -> {
      assertThat(e).isEqualTo(new WriteEcho(APPT, SourceRef.of(SourceSystem.GOOGLE, EVENT_ID, "\"c1\""),
          Optional.of(SESSION), true, "clinicsync"));
    });
    assertThat(writer().read("primary", APPT)).isEmpty();
    assertThatThrownBy(() -> writer().read("primary", APPT)).isInstanceOf(PermanentConnectorException.class)
        .hasMessageContaining("did not write");
  }

  @Test
  @DisplayName("mirrors go to the write calendar only: another target is refused before any call")
  void otherTargetRefused() {
    MirrorWrite elsewhere = MirrorWrite.of(APPT, "someone-else@group.calendar.google.com", SESSION, GoogleStub.LEE_ZONE);

    assertThatThrownBy(() -> writer().create(elsewhere)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("write calendar").hasMessageNotContaining("someone-else");
    assertThatThrownBy(() -> writer().cancel("other", APPT, "\"e1\"")).isInstanceOf(ValidationException.class);
    assertThat(stub.server.getAllServeEvents()).isEmpty();
  }

  @Test
  @DisplayName("write-back is declared, and a writer given, exactly when a write calendar is configured")
  void writeBackOnlyWithWriteCalendar() {
    assertThat(connector.capabilities().supports(Capability.WRITE_BACK)).isTrue();
    assertThat(connector.mirrorWriter()).isPresent();
    try (GoogleCalendarConnector readOnly = stub.connector()) {
      assertThat(readOnly.capabilities().supports(Capability.WRITE_BACK)).isFalse();
      assertThat(readOnly.mirrorWriter()).isEmpty();
    }
  }
}
