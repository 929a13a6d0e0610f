package dev.clinicsync.connectors.zocdoc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.connector.ConnectorCapabilities.Capability;
import dev.clinicsync.core.connector.MirrorWrite;
import dev.clinicsync.core.connector.MirrorWriter;
import dev.clinicsync.core.connector.WriteOutcome;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.TimeWindow;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Zocdoc booking (book=true): one POST per create, unknown outcomes read back, idempotent cancel")
class ZocdocBookingWriterTest {
  private static final String APPOINTMENTS = "/v1/appointments";
  private static final String BOOKING_ID = "d04b049a-41b1-4aba-9268-d8973cf72cdd";
  private static final AppointmentId APPOINTMENT = AppointmentId.of("appt-2026-03-03-quincy");
  private static final Instant START = Instant.parse("2026-03-03T15:00:00Z");
  private static final MirrorWrite WRITE = MirrorWrite.of(APPOINTMENT, ZocdocPayloads.COMPOSITE,
      TimeWindow.of(START, START.plus(Duration.ofMinutes(30))), ZocdocPayloads.NEW_YORK);
  private static final ZocdocPatient PATIENT = new ZocdocPatient(ZocdocPayloads.FIRST, ZocdocPayloads.LAST,
      LocalDate.parse(ZocdocPayloads.DOB), "female", ZocdocPayloads.PHONE, ZocdocPayloads.EMAIL);

  private final WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());
  private final ZocdocTestSetup setup = new ZocdocTestSetup();

  {
    server.start();
    server.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(okJson(ZocdocPayloads.token())));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private ZocdocConnector connector(Map<String, String> extra) {
    URI uri = URI.create(server.baseUrl());
    Map<String, String> p = new HashMap<>(Map.of("http.read-timeout", "PT0.5S", "max-attempts", "3"));
    p.putAll(extra);
    return ZocdocConnector.builder(ZocdocSettings.from(setup.config(server.baseUrl(), uri.getHost() + ":" + uri.getPort(), p)),
        setup.context).sleeper(setup.sleeper).bookingPatients(a -> Optional.of(PATIENT)).build();
  }

  private MirrorWriter writer() {
    return connector(Map.of("book", "true", "book.visit-reason-id", "pc_FRO-18leckytNKtruw5dLR")).mirrorWriter().orElseThrow();
  }

  /** A list page holding our booking in {@code status}, found by its developer patient id. */
  private static String listed(String status) {
    ObjectNode a = ZocdocPayloads.appointment(BOOKING_ID, START, Duration.ofMinutes(30), status);
    ((ObjectNode) a.get("patient")).put("developer_patient_id", WRITE.idempotencyKey().value());
    return ZocdocPayloads.page(java.util.List.of(a), 0, 100, 1L);
  }

  private static String empty() {
    return ZocdocPayloads.page(java.util.List.of(), 0, 100, 0L);
  }

  private void list(String scenario, String state, String body) {
    server.stubFor(get(urlPathEqualTo(APPOINTMENTS)).inScenario(scenario).whenScenarioStateIs(state).willReturn(okJson(body)));
  }

  private void create(String scenario, String state, ResponseDefinitionBuilder answer, String next) {
    server.stubFor(post(urlPathEqualTo(APPOINTMENTS)).inScenario(scenario).whenScenarioStateIs(state)
        .willReturn(answer).willSetStateTo(next));
  }

  private static String created() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.putObject("data").put("appointment_id", BOOKING_ID);
    return body.toString();
  }

  private int posts(String path) {
    return server.findAll(postRequestedFor(urlPathEqualTo(path))).size();
  }

  @Test
  @DisplayName("by default the connector is read-only: no writer and no WRITE_BACK")
  void readOnlyByDefault() {
    ZocdocConnector c = connector(Map.of());
    assertThat(c.mirrorWriter()).isEmpty();
    assertThat(c.capabilities().supports(Capability.WRITE_BACK)).isFalse();
    ZocdocConnector booking = connector(Map.of("book", "true", "book.visit-reason-id", "pc_FRO-18leckytNKtruw5dLR"));
    assertThat(booking.mirrorWriter()).isPresent();
    assertThat(booking.capabilities().supports(Capability.WRITE_BACK)).isTrue();
  }

  @Test
  @DisplayName("booking without a visit reason is refused at configuration, naming the key")
  void visitReasonRequired() {
    assertThatThrownBy(() -> connector(Map.of("book", "true"))).isInstanceOf(ValidationException.class)
        .hasMessageContaining("book.visit-reason-id");
  }

  @Test
  @DisplayName("a create sends one POST with the idempotency key as developer patient id, then confirms")
  void createOnce() {
    list("s", STARTED, empty());
    create("s", STARTED, okJson(created()), "booked");
    list("s", "booked", listed("pending_booking"));
    server.stubFor(post(urlPathEqualTo(APPOINTMENTS + "/confirm")).willReturn(okJson("{}")));

    WriteOutcome out = writer().create(WRITE);

    assertThat(out).isInstanceOfSatisfying(WriteOutcome.Written.class, w -> {
      assertThat(w.created()).isTrue();
      assertThat(w.remote().externalId()).isEqualTo(BOOKING_ID);
    });
    assertThat(posts(APPOINTMENTS)).isEqualTo(1);
    assertThat(posts(APPOINTMENTS + "/confirm")).isEqualTo(1);
    server.verify(1, postRequestedFor(urlPathEqualTo(APPOINTMENTS))
        .withRequestBody(matchingJsonPath("$.data.patient.developer_patient_id", com.github.tomakehurst.wiremock.client.WireMock
            .equalTo(WRITE.idempotencyKey().value())))
        .withRequestBody(matchingJsonPath("$.data.provider_location_id", com.github.tomakehurst.wiremock.client.WireMock
            .equalTo(ZocdocPayloads.COMPOSITE)))
        .withRequestBody(matchingJsonPath("$.data.start_time", com.github.tomakehurst.wiremock.client.WireMock
            .equalTo("2026-03-03T10:00:00-05:00"))));
  }

  @Test
  @DisplayName("a create that times out but was booked is Unknown; the read-back says Written and nothing is POSTed again")
  void timeoutBooked() {
    list("s", STARTED, empty());
    create("s", STARTED, okJson(created()).withFixedDelay(1_500), "booked");
    list("s", "booked", listed("pending_booking"));
    ZocdocBookingWriter writer = (ZocdocBookingWriter) writer();

    assertThat(writer.create(WRITE)).isInstanceOf(WriteOutcome.Unknown.class);
    assertThat(writer.readBack(WRITE)).isInstanceOfSatisfying(WriteOutcome.Written.class,
        w -> assertThat(w.remote().externalId()).isEqualTo(BOOKING_ID));
    assertThat(writer.read(ZocdocPayloads.COMPOSITE, APPOINTMENT)).hasValueSatisfying(e -> assertThat(e.cancelled()).isFalse());
    // the queue's retry after the read-back finds the booking: still one POST
    assertThat(writer.create(WRITE)).isInstanceOfSatisfying(WriteOutcome.Written.class, w -> assertThat(w.created()).isFalse());
    assertThat(posts(APPOINTMENTS)).isEqualTo(1);
  }

  @Test
  @DisplayName("a create that times out and was not booked reads back Gone, and the later attempt POSTs once")
  void timeoutNotBooked() {
    list("s", STARTED, empty());
    create("s", STARTED, aResponse().withStatus(503).withFixedDelay(1_500), "lost");
    list("s", "lost", empty());
    create("s", "lost", okJson(created()), "booked");
    list("s", "booked", listed("confirmed"));
    server.stubFor(post(urlPathEqualTo(APPOINTMENTS + "/confirm")).willReturn(okJson("{}")));
    ZocdocBookingWriter writer = (ZocdocBookingWriter) writer();

    assertThat(writer.create(WRITE)).isInstanceOf(WriteOutcome.Unknown.class);
    assertThat(posts(APPOINTMENTS)).isEqualTo(1);
    assertThat(writer.readBack(WRITE)).isInstanceOf(WriteOutcome.Gone.class);
    assertThat(writer.read(ZocdocPayloads.COMPOSITE, APPOINTMENT)).isEmpty();
    assertThat(writer.create(WRITE)).isInstanceOfSatisfying(WriteOutcome.Written.class, w -> assertThat(w.created()).isTrue());
    assertThat(posts(APPOINTMENTS)).isEqualTo(2);
  }

  @Test
  @DisplayName("a 5xx on create is thrown retryable after one POST: the connector never retries a create")
  void serverErrorNotRetried() {
    list("s", STARTED, empty());
    create("s", STARTED, aResponse().withStatus(502).withBody("{\"message\":\"bad gateway\"}"), STARTED);

    assertThatThrownBy(() -> writer().create(WRITE)).isInstanceOf(RetryableConnectorException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(ZocdocPayloads.LAST, ZocdocPayloads.PHONE,
            ZocdocPayloads.EMAIL, ZocdocPayloads.DOB));
    assertThat(posts(APPOINTMENTS)).isEqualTo(1);
  }

  @Test
  @DisplayName("cancelling twice sends one cancel; the second answers Cancelled from the booking's status")
  void cancelTwice() {
    list("c", STARTED, listed("confirmed"));
    server.stubFor(post(urlPathEqualTo(APPOINTMENTS + "/cancel")).inScenario("c").whenScenarioStateIs(STARTED)
        .willReturn(okJson("{}")).willSetStateTo("cancelled"));
    list("c", "cancelled", listed("cancelled"));
    MirrorWriter writer = writer();

    assertThat(writer.cancel(ZocdocPayloads.COMPOSITE, APPOINTMENT, "v1")).isInstanceOf(WriteOutcome.Cancelled.class);
    assertThat(writer.cancel(ZocdocPayloads.COMPOSITE, APPOINTMENT, "v1")).isInstanceOf(WriteOutcome.Cancelled.class);
    assertThat(posts(APPOINTMENTS + "/cancel")).isEqualTo(1);
    server.verify(postRequestedFor(urlPathEqualTo(APPOINTMENTS + "/cancel"))
        .withRequestBody(matchingJsonPath("$.appointment_id", com.github.tomakehurst.wiremock.client.WireMock.equalTo(BOOKING_ID))));
  }

  @Test
  @DisplayName("a cancel answered 404, or of a booking Zocdoc does not hold, is Gone")
  void cancelGone() {
    list("c", STARTED, listed("confirmed"));
    server.stubFor(post(urlPathEqualTo(APPOINTMENTS + "/cancel")).willReturn(aResponse().withStatus(404)
        .withBody("{\"message\":\"Appointment not found\"}")));
    assertThat(writer().cancel(ZocdocPayloads.COMPOSITE, APPOINTMENT, "v1")).isInstanceOf(WriteOutcome.Gone.class);

    server.resetScenarios();
    server.stubFor(get(urlPathEqualTo(APPOINTMENTS)).atPriority(1).willReturn(okJson(empty())));
    assertThat(writer().cancel(ZocdocPayloads.COMPOSITE, AppointmentId.of("never-booked"), "v1"))
        .isInstanceOf(WriteOutcome.Gone.class);
  }

  @Test
  @DisplayName("an update (reschedule) is refused with a permanent error naming the operation, and sends nothing")
  void updateRefused() {
    assertThatThrownBy(() -> writer().update(WRITE, "v1")).isInstanceOf(PermanentConnectorException.class)
        .hasMessageContaining("reschedule");
    assertThat(server.getAllServeEvents()).isEmpty();
  }

  @Test
  @DisplayName("a target that is not a pr_…|lo_… provider-location is refused without naming it")
  void badTarget() {
    MirrorWrite bad = MirrorWrite.of(APPOINTMENT, "pr_only", WRITE.window(), WRITE.zone());
    assertThatThrownBy(() -> writer().create(bad)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("provider-location").hasMessageNotContaining("pr_only");
  }

  @Test
  @DisplayName("no patient detail reaches the log, at the most verbose level, through a create, a lost answer and a 4xx")
  void logsArePhiFree() throws java.io.IOException {
    list("s", STARTED, empty());
    create("s", STARTED, okJson(created()).withFixedDelay(1_500), "lost");
    list("s", "lost", empty());
    create("s", "lost", aResponse().withStatus(422).withBody("{\"errors\":[{\"message\":\"" + ZocdocPayloads.EMAIL
        + " " + ZocdocPayloads.PHONE + "\"}]}"), "lost");
    MirrorWriter writer = writer();
    assertThat(writer.create(WRITE)).isInstanceOf(WriteOutcome.Unknown.class);
    assertThatThrownBy(() -> writer.create(WRITE)).isInstanceOf(PermanentConnectorException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(ZocdocPayloads.EMAIL, ZocdocPayloads.PHONE));
    String log = java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("org.slf4j.simpleLogger.logFile")),
        java.nio.charset.StandardCharsets.UTF_8);
    assertThat(log).as("the test log (is logging on?)").contains("outcome is unknown");
    for (String phi : ZocdocPayloads.PHI) {
      assertThat(log).doesNotContain(phi);
    }
  }

  @Test
  @DisplayName("the booking patient never prints")
  void patientRedacted() {
    assertThat(PATIENT.toString()).doesNotContain(ZocdocPayloads.FIRST, ZocdocPayloads.LAST, ZocdocPayloads.PHONE,
        ZocdocPayloads.EMAIL, ZocdocPayloads.DOB);
  }
}
