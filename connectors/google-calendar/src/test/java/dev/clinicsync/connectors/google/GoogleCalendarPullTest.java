package dev.clinicsync.connectors.google;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.clinicsync.core.CursorExpiredException;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.connector.ConnectorCapabilities.Capability;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.model.SyncCursor;
import dev.clinicsync.core.connector.WriteEcho;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Google Calendar pull")
class GoogleCalendarPullTest {
  static final TimeWindow MARCH = TimeWindow.of(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"));
  static final String FIRST_SYNC_TOKEN = "CPjXo4KO4_ICEPjXo4KO4_ICGAUghJyc5AI=";
  static final String SECOND_SYNC_TOKEN = "CKCbq6SO4_ICEKCbq6SO4_ICGAUghJyc5AI=";

  final GoogleStub stub = new GoogleStub();
  final GoogleCalendarConnector connector = stub.connector();

  @AfterEach
  void stop() {
    connector.close();
    stub.close();
  }

  /** Every page of one fetch. */
  static List<FetchPage> drain(GoogleCalendarConnector connector, FetchRequest first) {
    List<FetchPage> pages = new ArrayList<>();
    FetchRequest request = first;
    while (true) {
      FetchPage page = connector.fetch(request);
      pages.add(page);
      if (page.isLastPage()) {
        return pages;
      }
      request = request.next(page);
    }
  }

  static List<BusyBlock> blocks(List<FetchPage> pages) {
    return pages.stream().flatMap(p -> p.busyBlockUpserts().stream()).toList();
  }

  static BusyBlock block(List<FetchPage> pages, String eventId) {
    return blocks(pages).stream().filter(b -> b.source().externalId().equals(eventId)).findFirst()
        .orElseThrow(() -> new AssertionError("no busy block for " + eventId + " in " + blocks(pages)));
  }

  @Test
  @DisplayName("a full sync follows every nextPageToken, through an empty page, and only the last page carries the cursor")
  void fullSyncPages() {
    List<FetchPage> pages = drain(connector, FetchRequest.full(MARCH));

    assertThat(pages).hasSize(3);
    assertThat(pages.get(0).nextCursor()).isEmpty();
    assertThat(pages.get(1).busyBlockUpserts()).isEmpty();
    assertThat(pages.get(1).nextPageToken()).isPresent();
    assertThat(pages.get(1).nextCursor()).isEmpty();
    assertThat(pages.get(2).nextCursor()).isPresent();
    assertThat(pages.get(2).nextPageToken()).isEmpty();
    stub.server.verify(3, getRequestedFor(urlPathEqualTo("/calendar/v3/calendars/primary/events"))
        .withQueryParam("singleEvents", equalTo("true"))
        .withQueryParam("timeMin", equalTo("2026-03-01T00:00:00.000Z"))
        .withQueryParam("timeMax", equalTo("2026-04-01T00:00:00.000Z")));
    // a partial response: personal titles, descriptions, locations and attendee e-mails are never even sent
    String fields = stub.server.findAll(getRequestedFor(urlPathEqualTo("/calendar/v3/calendars/primary/events")))
        .get(0).queryParameter("fields").firstValue();
    assertThat(fields).contains("nextSyncToken", "items(", "extendedProperties/private", "attendees(self,responseStatus)")
        .doesNotContain("summary", "description", "location", "email", "displayName");
  }

  @Test
  @DisplayName("opaque events become detail-free busy blocks: offsets, timeZone-only date-times and recurring instances")
  void timedBusyBlocks() {
    List<FetchPage> pages = drain(connector, FetchRequest.full(MARCH));

    BusyBlock hearing = block(pages, "4kq0bd1sh3p1m8t6n2l9aa0bcd");
    assertThat(hearing.window()).isEqualTo(TimeWindow.of(Instant.parse("2026-03-02T17:00:00Z"), Instant.parse("2026-03-02T18:30:00Z")));
    assertThat(hearing.calendarId()).isEqualTo("primary");
    assertThat(hearing.clinicianId()).isEqualTo(GoogleStub.LEE);
    assertThat(hearing.source()).isEqualTo(SourceRef.of(SourceSystem.GOOGLE, "4kq0bd1sh3p1m8t6n2l9aa0bcd"));
    assertThat(hearing.allDay()).isEmpty();

    // a recurring instance given as local time plus timeZone (17:00 in New York, EST)
    BusyBlock group = block(pages, "7g2sup0rt0gr0up0r3cur_20260303T220000Z");
    assertThat(group.window()).isEqualTo(TimeWindow.of(Instant.parse("2026-03-03T22:00:00Z"), Instant.parse("2026-03-03T23:00:00Z")));

    // tentative still blocks time
    assertThat(block(pages, "0dentist0appointment000001").window().start()).isEqualTo(Instant.parse("2026-03-06T08:00:00Z"));
  }

  @Test
  @DisplayName("an all-day event covers whole local days in the calendar's zone, end exclusive, not midnight UTC")
  void allDayInCalendarZone() {
    BusyBlock vacation = block(drain(connector, FetchRequest.full(MARCH)), "0vacation0day0event0000001");

    assertThat(vacation.allDay()).contains(new BusyBlock.DateSpan(LocalDate.parse("2026-03-05"), LocalDate.parse("2026-03-06")));
    assertThat(vacation.start()).isEqualTo(Instant.parse("2026-03-05T08:00:00Z"));
    assertThat(vacation.end()).isEqualTo(Instant.parse("2026-03-06T08:00:00Z"));
  }

  @Test
  @DisplayName("transparent and declined events block nothing; events ClinicSync wrote come back as echoes, never busy blocks")
  void transparentDeclinedAndOwn() {
    List<FetchPage> pages = drain(connector, FetchRequest.full(MARCH));

    assertThat(blocks(pages)).extracting(b -> b.source().externalId())
        .doesNotContain("0free0reminder0event000001", "0declined0invite0000000001",
            "csmirrored0event0id000000000000000000000000000000000000")
        .hasSize(4);
    List<WriteEcho> echoes = pages.stream().flatMap(p -> p.echoes().stream()).toList();
    assertThat(echoes).singleElement().satisfies(e -> {
      assertThat(e.appointmentId().value()).isEqualTo("appt-0001");
      assertThat(e.source()).isEqualTo(SourceRef.of(SourceSystem.GOOGLE,
          "csmirrored0event0id000000000000000000000000000000000000", "\"3481822093529000\""));
      assertThat(e.window()).contains(TimeWindow.of(Instant.parse("2026-03-03T16:00:00Z"), Instant.parse("2026-03-03T16:50:00Z")));
      assertThat(e.cancelled()).isFalse();
      assertThat(e.provenance()).isEqualTo("clinicsync");
    });
    assertThat(pages).allSatisfy(p -> {
      assertThat(p.appointmentUpserts()).isEmpty();
      assertThat(p.busyBlockDeletions()).isEmpty();
      assertThat(p.issues()).isEmpty();
    });
  }

  @Test
  @DisplayName("full, then incremental with the stored token alone, then 410 Gone reports the cursor expired")
  void fullThenIncrementalThenGone() {
    List<FetchPage> full = drain(connector, FetchRequest.full(MARCH));
    SyncCursor cursor = full.get(full.size() - 1).nextCursor().orElseThrow();

    List<FetchPage> incremental = drain(connector, FetchRequest.incremental(MARCH, cursor));

    assertThat(incremental).hasSize(1);
    FetchPage page = incremental.get(0);
    // the sync token was sent alone: no window, no filters (the mapping file refuses anything else)
    stub.server.verify(1, getRequestedFor(urlPathEqualTo("/calendar/v3/calendars/primary/events"))
        .withQueryParam("syncToken", equalTo(FIRST_SYNC_TOKEN))
        .withoutQueryParam("timeMin").withoutQueryParam("timeMax").withoutQueryParam("updatedMin")
        .withoutQueryParam("orderBy").withoutQueryParam("q"));
    assertThat(page.busyBlockDeletions()).containsExactlyInAnyOrder(
        SourceRef.of(SourceSystem.GOOGLE, "4kq0bd1sh3p1m8t6n2l9aa0bcd"), // tombstone with only an id
        SourceRef.of(SourceSystem.GOOGLE, "7g2sup0rt0gr0up0r3cur_20260303T220000Z"), // one cancelled instance
        SourceRef.of(SourceSystem.GOOGLE, "0dentist0appointment000001")); // moved out of the window
    assertThat(page.busyBlockDeletions()).doesNotContain(SourceRef.of(SourceSystem.GOOGLE, "7g2sup0rt0gr0up0r3cur"));
    assertThat(page.busyBlockUpserts()).singleElement().satisfies(b -> {
      assertThat(b.source().externalId()).isEqualTo("0new0lunch0event000000001");
      assertThat(b.window()).isEqualTo(TimeWindow.of(Instant.parse("2026-03-04T20:00:00Z"), Instant.parse("2026-03-04T21:00:00Z")));
    });
    assertThat(page.echoes()).singleElement().satisfies(e ->
        assertThat(e.window()).contains(TimeWindow.of(Instant.parse("2026-03-03T17:00:00Z"), Instant.parse("2026-03-03T17:50:00Z"))));
    assertThat(page.issues()).extracting(RecordIssue::vendorRecordId, RecordIssue::severity, RecordIssue::field)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("0broken0backwards00000001", RecordIssue.Severity.SKIPPED, "end"),
            org.assertj.core.groups.Tuple.tuple("0unknown0zone0000000000001", RecordIssue.Severity.SKIPPED, "start.timeZone"),
            org.assertj.core.groups.Tuple.tuple("0no0start0event0000000001", RecordIssue.Severity.SKIPPED, "start"));
    SyncCursor second = page.nextCursor().orElseThrow();
    assertThat(second).isNotEqualTo(cursor);

    // the next incremental sync: Google has expired the token
    stub.server.stubFor(get(urlPathEqualTo("/calendar/v3/calendars/primary/events"))
        .withQueryParam("syncToken", equalTo(SECOND_SYNC_TOKEN))
        .willReturn(aResponse().withStatus(410).withHeader("Content-Type", "application/json; charset=UTF-8")
            .withBody("{\"error\":{\"errors\":[{\"domain\":\"global\",\"reason\":\"fullSyncRequired\","
                + "\"message\":\"Sync token is no longer valid, a full sync is required.\"}],"
                + "\"code\":410,\"message\":\"Sync token is no longer valid, a full sync is required.\"}}")));

    assertThatThrownBy(() -> connector.fetch(FetchRequest.incremental(MARCH, second)))
        .isInstanceOf(CursorExpiredException.class)
        .satisfies(e -> assertThat(((CursorExpiredException) e).httpStatus()).hasValue(410));
    // the coordinator then runs a full sync, which works as before
    assertThat(drain(connector, FetchRequest.full(MARCH)).get(2).nextCursor()).isPresent();
  }

  @Test
  @DisplayName("a cursor the connector cannot read means a full sync, never a guess")
  void unreadableCursor() {
    assertThatThrownBy(() -> connector.fetch(FetchRequest.incremental(MARCH, SyncCursor.of("not-ours"))))
        .isInstanceOf(CursorExpiredException.class);
  }

  @Test
  @DisplayName("a last page without nextSyncToken is a malformed answer, not an empty cursor")
  void lastPageWithoutSyncToken() {
    stub.server.stubFor(get(urlPathEqualTo("/calendar/v3/calendars/primary/events")).atPriority(1)
        .willReturn(okJson("{\"kind\":\"calendar#events\",\"timeZone\":\"UTC\",\"items\":[]}")));

    assertThatThrownBy(() -> connector.fetch(FetchRequest.full(MARCH)))
        .isInstanceOf(PermanentConnectorException.class)
        .hasMessageContaining("nextSyncToken");
  }

  @Test
  @DisplayName("a calendar configured as receiving SimplePractice's sync marks its busy blocks as copies; the other calendar's stay plain")
  void receivesSyncFrom() {
    GoogleCalendarConnector two = stub.connector(stub.settings().calendarIds("primary", "lee.sessions@group.calendar.google.com")
        .receivesSyncFrom("lee.sessions@group.calendar.google.com", SourceSystem.SIMPLEPRACTICE).build());
    // what SimplePractice's own Google Calendar sync writes: the client's initials and the service as the title
    stub.server.stubFor(get(WireMock.urlPathMatching("/calendar/v3/calendars/lee\\.sessions(@|%40)group\\.calendar\\.google\\.com/events"))
        .willReturn(okJson("{\"kind\":\"calendar#events\",\"timeZone\":\"America/New_York\",\"nextSyncToken\":\"SYNC-SP-1\","
            + "\"items\":[{\"id\":\"sp0sync0r3cur0000000001_20260303T150000Z\",\"status\":\"confirmed\",\"etag\":\"\\\"3391\\\"\","
            + "\"summary\":\"J.R. - Psychotherapy, 53 min\",\"recurringEventId\":\"sp0sync0r3cur0000000001\","
            + "\"start\":{\"dateTime\":\"2026-03-03T10:00:00-05:00\",\"timeZone\":\"America/New_York\"},"
            + "\"end\":{\"dateTime\":\"2026-03-03T10:53:00-05:00\",\"timeZone\":\"America/New_York\"}}]}")));

    List<FetchPage> pages = drain(two, FetchRequest.full(MARCH));

    BusyBlock copy = block(pages, "sp0sync0r3cur0000000001_20260303T150000Z");
    assertThat(copy.copyOf()).contains(SourceSystem.SIMPLEPRACTICE);
    assertThat(copy.calendarId()).isEqualTo("lee.sessions@group.calendar.google.com");
    assertThat(copy.window()).isEqualTo(TimeWindow.of(Instant.parse("2026-03-03T15:00:00Z"), Instant.parse("2026-03-03T15:53:00Z")));
    assertThat(copy.toString()).doesNotContain("J.R.", "Psychotherapy");
    assertThat(block(pages, "4kq0bd1sh3p1m8t6n2l9aa0bcd").copyOf()).as("primary receives no sync").isEmpty();
    two.close();
  }

  @Test
  @DisplayName("several calendars: read one after the other, one sync token each, all in one cursor")
  void severalCalendars() {
    GoogleCalendarConnector two = stub.connector(stub.settings().calendarIds("primary", "team-calendar-7").build());
    stub.server.stubFor(get(urlPathEqualTo("/calendar/v3/calendars/team-calendar-7/events"))
        .withQueryParam("timeMin", WireMock.matching(".+"))
        .willReturn(okJson("{\"kind\":\"calendar#events\",\"timeZone\":\"Europe/Berlin\",\"nextSyncToken\":\"SYNC-TEAM-1\","
            + "\"items\":[{\"id\":\"0team0offsite000000000001\",\"status\":\"confirmed\",\"etag\":\"\\\"1\\\"\","
            + "\"start\":{\"date\":\"2026-03-10\"},\"end\":{\"date\":\"2026-03-12\"}}]}")));
    stub.server.stubFor(get(urlPathEqualTo("/calendar/v3/calendars/team-calendar-7/events"))
        .withQueryParam("syncToken", equalTo("SYNC-TEAM-1"))
        .willReturn(okJson("{\"kind\":\"calendar#events\",\"timeZone\":\"Europe/Berlin\",\"nextSyncToken\":\"SYNC-TEAM-2\",\"items\":[]}")));

    List<FetchPage> full = drain(two, FetchRequest.full(MARCH));

    assertThat(full).hasSize(4);
    assertThat(full.subList(0, 3)).allSatisfy(p -> assertThat(p.nextCursor()).isEmpty());
    BusyBlock offsite = block(full, "0team0offsite000000000001");
    assertThat(offsite.calendarId()).isEqualTo("team-calendar-7");
    assertThat(offsite.start()).isEqualTo(Instant.parse("2026-03-09T23:00:00Z")); // midnight in Berlin
    assertThat(offsite.end()).isEqualTo(Instant.parse("2026-03-11T23:00:00Z"));

    List<FetchPage> incremental = drain(two, FetchRequest.incremental(MARCH, full.get(3).nextCursor().orElseThrow()));

    assertThat(incremental).hasSize(2);
    stub.server.verify(getRequestedFor(urlPathEqualTo("/calendar/v3/calendars/primary/events"))
        .withQueryParam("syncToken", equalTo(FIRST_SYNC_TOKEN)));
    stub.server.verify(getRequestedFor(urlPathEqualTo("/calendar/v3/calendars/team-calendar-7/events"))
        .withQueryParam("syncToken", equalTo("SYNC-TEAM-1")).withoutQueryParam("timeMin"));
    assertThat(incremental.get(1).nextCursor()).isPresent();
    two.close();
  }

  @Test
  @DisplayName("a calendar without a valid zone places all-day events in the clinician's zone, and says so")
  void allDayFallbackZone() {
    stub.server.stubFor(get(urlPathEqualTo("/calendar/v3/calendars/primary/events")).atPriority(1)
        .willReturn(okJson("{\"kind\":\"calendar#events\",\"timeZone\":\"Not/AZone\",\"nextSyncToken\":\"S\","
            + "\"items\":[{\"id\":\"0allday0fallback000000001\",\"status\":\"confirmed\","
            + "\"start\":{\"date\":\"2026-03-05\"},\"end\":{\"date\":\"2026-03-06\"}}]}")));

    FetchPage page = connector.fetch(FetchRequest.full(MARCH));

    assertThat(page.busyBlockUpserts()).singleElement().satisfies(b ->
        assertThat(b.start()).isEqualTo(Instant.parse("2026-03-05T08:00:00Z"))); // Los Angeles, dr. Lee's zone
    assertThat(page.issues()).singleElement().satisfies(i -> {
      assertThat(i.severity()).isEqualTo(RecordIssue.Severity.FALLBACK);
      assertThat(i.field()).isEqualTo("timeZone");
    });
  }

  @Test
  @DisplayName("an incremental result over several pages sends the sync token with every page token, and only the last page has the cursor")
  void incrementalPaging() {
    stub.server.stubFor(get(urlPathEqualTo("/calendar/v3/calendars/primary/events")).atPriority(1)
        .withQueryParam("syncToken", equalTo("INC-1")).withQueryParam("pageToken", WireMock.absent())
        .willReturn(okJson("{\"kind\":\"calendar#events\",\"timeZone\":\"UTC\",\"nextPageToken\":\"INC-P2\","
            + "\"items\":[{\"id\":\"0gone0one0000000000000001\",\"status\":\"cancelled\"}]}")));
    stub.server.stubFor(get(urlPathEqualTo("/calendar/v3/calendars/primary/events")).atPriority(1)
        .withQueryParam("syncToken", equalTo("INC-1")).withQueryParam("pageToken", equalTo("INC-P2"))
        .willReturn(okJson("{\"kind\":\"calendar#events\",\"timeZone\":\"UTC\",\"nextSyncToken\":\"INC-2\","
            + "\"items\":[{\"id\":\"0gone0two0000000000000001\",\"status\":\"cancelled\"}]}")));
    SyncCursor cursor = new dev.clinicsync.connectors.google.internal.CursorCodec(
        dev.clinicsync.connectors.kit.VendorJson.newMapper()).encodeCursor(java.util.Map.of("primary", "INC-1"));

    List<FetchPage> pages = drain(connector, FetchRequest.incremental(MARCH, cursor));

    assertThat(pages).hasSize(2);
    assertThat(pages.get(0).nextCursor()).isEmpty();
    assertThat(pages.stream().flatMap(p -> p.busyBlockDeletions().stream()).map(SourceRef::externalId))
        .containsExactly("0gone0one0000000000000001", "0gone0two0000000000000001");
    stub.server.verify(2, getRequestedFor(urlPathEqualTo("/calendar/v3/calendars/primary/events"))
        .withQueryParam("syncToken", equalTo("INC-1")).withoutQueryParam("timeMin"));
    assertThat(new dev.clinicsync.connectors.google.internal.CursorCodec(dev.clinicsync.connectors.kit.VendorJson.newMapper())
        .decodeCursor(pages.get(1).nextCursor().orElseThrow())).contains(java.util.Map.of("primary", "INC-2"));
  }

  @Test
  @DisplayName("a calendar added after the last sync is read in full over the window inside an incremental fetch")
  void newCalendarInIncrementalFetch() {
    GoogleCalendarConnector two = stub.connector(stub.settings().calendarIds("primary", "added-later").build());
    stub.server.stubFor(get(urlPathEqualTo("/calendar/v3/calendars/added-later/events"))
        .withQueryParam("timeMin", equalTo("2026-03-01T00:00:00.000Z")).withQueryParam("syncToken", WireMock.absent())
        .willReturn(okJson("{\"kind\":\"calendar#events\",\"timeZone\":\"UTC\",\"nextSyncToken\":\"NEW-1\",\"items\":[]}")));
    List<FetchPage> full = drain(connector, FetchRequest.full(MARCH)); // the one-calendar connector's cursor

    List<FetchPage> pages = drain(two, FetchRequest.incremental(MARCH, full.get(2).nextCursor().orElseThrow()));

    assertThat(pages).hasSize(2);
    assertThat(new dev.clinicsync.connectors.google.internal.CursorCodec(dev.clinicsync.connectors.kit.VendorJson.newMapper())
        .decodeCursor(pages.get(1).nextCursor().orElseThrow()))
        .contains(java.util.Map.of("primary", SECOND_SYNC_TOKEN, "added-later", "NEW-1"));
    two.close();
  }

  @Test
  @DisplayName("capabilities: full and incremental fetch, busy blocks and push; write-back with a write calendar")
  void capabilities() {
    assertThat(connector.system()).isEqualTo(SourceSystem.GOOGLE);
    assertThat(connector.capabilities().capabilities()).containsExactlyInAnyOrder(
        Capability.FULL_FETCH, Capability.INCREMENTAL_FETCH, Capability.BUSY_BLOCKS, Capability.PUSH_NOTIFICATIONS);
    try (GoogleCalendarConnector writing = stub.connector(stub.settings().writeCalendarId("primary").build())) {
      assertThat(writing.capabilities().capabilities()).containsExactlyInAnyOrder(
          Capability.FULL_FETCH, Capability.INCREMENTAL_FETCH, Capability.BUSY_BLOCKS, Capability.PUSH_NOTIFICATIONS,
          Capability.WRITE_BACK);
    }
    assertThat(connector.id().value()).isEqualTo("google-dr-lee");
    assertThat(Optional.of(connector.toString())).hasValueSatisfying(s -> assertThat(s).doesNotContain("rt-lee"));
  }
}
