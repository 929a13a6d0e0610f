package dev.clinicsync.sync;

import dev.clinicsync.core.store.AppointmentQuery;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.WEEK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.memory.InMemoryAppointmentStore;
import dev.clinicsync.core.memory.InMemoryAuditSink;
import dev.clinicsync.core.memory.InMemoryBusyBlockStore;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.memory.InMemorySyncStateStore;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.phi.AesGcmPhiVault;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.testkit.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The coordinator with the real Google Calendar and SimplePractice connectors, found through
 * ServiceLoader from configuration, against a local server speaking both vendors' wire formats.
 */
class EndToEndTest {
  static final Principal ADMIN = Principal.admin("u-admin");
  static final Principal DESK = Principal.frontDesk("u-desk");
  static final ConnectorId GOOGLE = ConnectorId.of("google-lee");
  static final ConnectorId SP = ConnectorId.of("sp-lee");

  WireMockServer vendor;
  InMemoryAuditSink audit;
  AesGcmPhiVault vault;
  InMemoryAppointmentStore appointments;
  InMemorySyncStateStore syncState;
  InMemoryBusyBlockStore busyBlocks;
  InMemorySecretStore secrets;
  MutableClock clock;
  SyncCoordinator coordinator;

  @BeforeEach
  void start() throws IOException {
    vendor = new WireMockServer(options().dynamicPort());
    vendor.start();
    vendor.stubFor(post(urlPathEqualTo("/token")).willReturn(aResponse().withHeader("Content-Type", "application/json")
        .withBody("{\"access_token\":\"ya29.e2e-token\",\"expires_in\":3599,\"token_type\":\"Bearer\"}")));
    vendor.stubFor(get(urlPathEqualTo("/calendar/v3/calendars/primary/events")).withQueryParam("syncToken", absent())
        .willReturn(json("""
            {"kind":"calendar#events","timeZone":"America/New_York","nextSyncToken":"sync-1","items":[
              {"id":"dentist0001","etag":"\\"1\\"","status":"confirmed","summary":"PERSONAL Dentist with Dr Molar",
               "attendees":[{"email":"lee.personal@example.com"}],
               "start":{"dateTime":"2026-03-03T10:00:00-05:00"},"end":{"dateTime":"2026-03-03T11:00:00-05:00"}},
              {"id":"lunch0000001","etag":"\\"2\\"","status":"confirmed","summary":"Lunch","transparency":"transparent",
               "start":{"dateTime":"2026-03-03T12:00:00-05:00"},"end":{"dateTime":"2026-03-03T13:00:00-05:00"}},
              {"id":"conference01","etag":"\\"3\\"","status":"confirmed","summary":"Conference",
               "start":{"date":"2026-03-05"},"end":{"date":"2026-03-06"}}
            ]}""")));
    vendor.stubFor(get(urlPathEqualTo("/calendar/v3/calendars/primary/events")).withQueryParam("syncToken", equalTo("sync-1"))
        .willReturn(json("""
            {"kind":"calendar#events","timeZone":"America/New_York","nextSyncToken":"sync-2","items":[
              {"id":"dentist0001","status":"cancelled"}
            ]}""")));
    vendor.stubFor(get(urlPathEqualTo("/feeds/lee.ics")).willReturn(aResponse()
        .withHeader("Content-Type", "text/calendar; charset=utf-8").withHeader("ETag", "\"feed-v1\"")
        .withBody(resource("/e2e/lee-feed.ics"))));

    secrets = new InMemorySecretStore();
    secrets.put(PatientTokenizer.DEFAULT_KEY_NAME, Secret.of("0123456789abcdef0123456789abcdef"));
    secrets.put(dev.clinicsync.core.audit.AuditKeys.DEFAULT_SECRET_NAME, dev.clinicsync.core.audit.AuditKeys.newKey());
    secrets.put("google/client-id", Secret.of("client-e2e.apps.googleusercontent.com"));
    secrets.put("google/client-secret", Secret.of("client-secret-e2e"));
    secrets.put("google/refresh-token/dr-lee", Secret.of("1//refresh-lee"));
    secrets.put("simplepractice/feed-url/dr-lee", Secret.of(vendor.baseUrl() + "/feeds/lee.ics?token=feed-secret"));
    audit = new InMemoryAuditSink();
    vault = AesGcmPhiVault.withRandomKey();
    clock = new MutableClock(NOW);
    appointments = new InMemoryAppointmentStore();
    syncState = new InMemorySyncStateStore(clock);
    busyBlocks = new InMemoryBusyBlockStore();
    coordinator = build();
  }

  /** A coordinator with both real connectors on this test's stores (a restart builds another on the same ones). */
  SyncCoordinator build() {
    return SyncCoordinator.builder()
        .secretStore(secrets)
        .clinicianDirectory(Fixtures.clinicians())
        .appointmentStore(appointments)
        .syncStateStore(syncState)
        .busyBlockStore(busyBlocks)
        .auditSink(audit)
        .phiVault(vault)
        .clock(clock)
        .connectorConfigs(
            ConnectorConfig.of(GOOGLE.value(), "google-calendar", Map.of(
                "clinician", "dr-lee", "root-url", vendor.baseUrl(), "token-url", vendor.baseUrl() + "/token",
                "allow-http", "true", "allow-private-targets", "localhost:" + vendor.port() + ",127.0.0.1:" + vendor.port())),
            ConnectorConfig.of(SP.value(), "simplepractice-ics", Map.of(
                "feed-url-secret", "simplepractice/feed-url/dr-lee", "practice-zone", "America/New_York",
                "clinician-id", "dr-lee", "allow-http", "true",
                "allow-private-targets", "localhost:" + vendor.port() + ",127.0.0.1:" + vendor.port())))
        .build();
  }

  @AfterEach
  void stop() {
    coordinator.close();
    vendor.stop();
  }

  @Test
  @DisplayName("both vendors sync into one PHI-free calendar whose conflicts name their sources")
  void syncAndAggregate() {
    List<SyncReport> reports = coordinator.syncAll(ADMIN);
    assertThat(reports).allSatisfy(r -> assertThat(r.outcome()).as(r.toString()).isEqualTo(SyncOutcome.APPLIED));
    SyncReport sp = reports.stream().filter(r -> r.connector().equals(SP)).findFirst().orElseThrow();
    assertThat(sp.created()).isEqualTo(2);

    CalendarView week = coordinator.aggregatedCalendar(ADMIN, AppointmentQuery.in(WEEK));
    assertThat(week.entries()).extracting(e -> e.appointment().sourceSystem()).containsOnly(SourceSystem.SIMPLEPRACTICE);
    assertThat(week.busyBlocks()).extracting(b -> b.full().orElseThrow().source().externalId())
        .as("opaque events become busy blocks; transparent ones are ignored")
        .containsExactlyInAnyOrder("dentist0001", "conference01");
    CalendarEntry morning = week.entries().stream()
        .filter(e -> e.appointment().start().equals(Instant.parse("2026-03-03T15:30:00Z"))).findFirst().orElseThrow();
    assertThat(morning.conflicts()).singleElement().satisfies(c -> assertThat(c.kind()).isEqualTo(ConflictKind.EXTERNAL_BUSY));

    String everythingShown = week.toString() + audit.read(1, 10_000);
    assertThat(everythingShown).doesNotContain("Plantedname", "1979-11-23", "555-0199", "e2e-secret", "Dentist",
        "Molar", "lee.personal", "feed-secret");
    assertThat(vault.get(morning.appointment().id()).orElseThrow().get(PhiField.TITLE).orElse("")
        + vault.get(morning.appointment().id()).orElseThrow().asMap().values()).contains("Plantedname");

    assertThatThrownBy(() -> coordinator.book(DESK, BookingRequest.builder(LEE,
        TimeWindow.of(Instant.parse("2026-03-03T19:30:00Z"), Duration.ofMinutes(30))).build()))
        .as("the SimplePractice 14:00 session blocks a 14:30 booking")
        .isInstanceOf(SchedulingConflictException.class);
  }

  @Test
  @DisplayName("an incremental Google sync removes a cancelled event's busy block and its conflict")
  void incrementalGoogle() {
    coordinator.syncAll(ADMIN);
    SyncReport second = coordinator.syncNow(ADMIN, GOOGLE);
    assertThat(second.mode()).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(second.busyBlocksRemoved()).isEqualTo(1);
    CalendarView week = coordinator.aggregatedCalendar(ADMIN, AppointmentQuery.in(WEEK));
    assertThat(week.busyBlocks()).extracting(b -> b.full().orElseThrow().source().externalId()).containsExactly("conference01");
    assertThat(week.entries()).allSatisfy(e -> assertThat(e.conflicts()).isEmpty());
    AppointmentView booked = coordinator.book(DESK, BookingRequest.builder(LEE,
        TimeWindow.of(Instant.parse("2026-03-03T15:00:00Z"), Duration.ofMinutes(30))).build());
    assertThat(booked.conflictIds()).isEmpty();
  }

  @Test
  @DisplayName("a SimplePractice feed that suddenly lists nothing is held for an admin, not applied")
  void emptiedFeedIsHeld() {
    coordinator.syncAll(ADMIN);
    vendor.stubFor(get(urlPathEqualTo("/feeds/lee.ics")).willReturn(aResponse()
        .withHeader("Content-Type", "text/calendar; charset=utf-8").withHeader("ETag", "\"feed-v2\"")
        .withBody("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//SimplePractice//Calendar Feed//EN\r\nEND:VCALENDAR\r\n")));
    SyncReport r = coordinator.syncNow(ADMIN, SP);
    assertThat(r.outcome()).isEqualTo(SyncOutcome.HELD);
    assertThat(coordinator.aggregatedCalendar(ADMIN, AppointmentQuery.in(WEEK)).entries()).hasSize(2);
    assertThat(coordinator.heldPlans(ADMIN)).singleElement().satisfies(p -> assertThat(p.deletions()).isEqualTo(2));
  }

  @Test
  @DisplayName("a coordinator rebuilt on the same stores resumes every calendar incrementally, busy blocks and conflicts intact")
  void restartResumesIncrementally() {
    assertThat(coordinator.syncAll(ADMIN)).allSatisfy(r -> assertThat(r.mode()).isEqualTo(SyncMode.FULL));
    coordinator.close();
    // after the restart: Google has nothing new since sync-1, the feed is unchanged (304 to its ETag)
    vendor.stubFor(get(urlPathEqualTo("/calendar/v3/calendars/primary/events")).withQueryParam("syncToken", equalTo("sync-1"))
        .willReturn(json("{\"kind\":\"calendar#events\",\"nextSyncToken\":\"sync-2\",\"items\":[]}")));
    vendor.stubFor(get(urlPathEqualTo("/feeds/lee.ics")).withHeader("If-None-Match", equalTo("\"feed-v1\""))
        .willReturn(aResponse().withStatus(304)));
    vendor.resetRequests();

    coordinator = build();
    List<SyncReport> reports = coordinator.syncAll(ADMIN);
    assertThat(reports).hasSize(2).allSatisfy(r -> {
      assertThat(r.outcome()).as(r.toString()).isEqualTo(SyncOutcome.APPLIED);
      assertThat(r.mode()).as(r.connector().value()).isEqualTo(SyncMode.INCREMENTAL);
      assertThat(r.created() + r.updated() + r.deleted() + r.busyBlocksRemoved()).isZero();
    });
    vendor.verify(1, getRequestedFor(urlPathEqualTo("/calendar/v3/calendars/primary/events"))
        .withQueryParam("syncToken", equalTo("sync-1")));
    vendor.verify(0, getRequestedFor(urlPathEqualTo("/calendar/v3/calendars/primary/events"))
        .withQueryParam("syncToken", absent()));
    vendor.verify(1, getRequestedFor(urlPathEqualTo("/feeds/lee.ics")).withHeader("If-None-Match", equalTo("\"feed-v1\"")));

    CalendarView week = coordinator.aggregatedCalendar(ADMIN, AppointmentQuery.in(WEEK));
    assertThat(week.busyBlocks()).extracting(b -> b.full().orElseThrow().source().externalId())
        .containsExactlyInAnyOrder("dentist0001", "conference01");
    CalendarEntry morning = week.entries().stream()
        .filter(e -> e.appointment().start().equals(Instant.parse("2026-03-03T15:30:00Z"))).findFirst().orElseThrow();
    assertThat(morning.conflicts()).as("the restored busy block is in the conflict index")
        .singleElement().satisfies(c -> assertThat(c.kind()).isEqualTo(ConflictKind.EXTERNAL_BUSY));
    assertThatThrownBy(() -> coordinator.book(DESK, BookingRequest.builder(LEE,
        TimeWindow.of(Instant.parse("2026-03-03T15:00:00Z"), Duration.ofMinutes(30))).build()))
        .as("the dentist busy block still blocks its slot").isInstanceOf(SchedulingConflictException.class);
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
    return aResponse().withHeader("Content-Type", "application/json; charset=UTF-8").withBody(body);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = EndToEndTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
