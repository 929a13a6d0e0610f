package dev.clinicsync.connectors.google;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.matching.UrlPattern;
import dev.clinicsync.connectors.tck.BadRecordsStub;
import dev.clinicsync.connectors.tck.BadValue;
import dev.clinicsync.connectors.tck.ConnectorContractTest;
import dev.clinicsync.connectors.tck.ConnectorTestContext;
import dev.clinicsync.connectors.tck.IncrementalStub;
import dev.clinicsync.connectors.tck.Output;
import dev.clinicsync.core.model.BusyBlock.DateSpan;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.connector.SourceConnector;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;

/**
 * The connector TCK for Google Calendar, which turns events into busy blocks (never appointment
 * records) and reports events ClinicSync wrote itself as write echoes.
 *
 * <p>It declares {@link Output#BUSY_BLOCKS}, so every TCK check runs on the busy-block path: the
 * stubs return the events they plant by id (one of them all-day, declared with
 * {@link ConnectorTestContext#expectAllDayBlock}), and the record-only status mapping checks hold
 * by construction (no mapping table is declared). The multi-page fixture also carries an event
 * ClinicSync wrote, so its echo is searched for PHI and must never count as a busy block.
 */
@DisplayName("Google Calendar connector contract")
class GoogleCalendarContractTest extends ConnectorContractTest {
  static final ClinicianId CLINICIAN = ClinicianId.of("tck-clinician");
  static final String EVENTS = "/calendar/v3/calendars/primary/events";
  static final ZoneId CALENDAR_ZONE = ZoneId.of("America/Chicago");

  @Override
  protected Set<Output> produces() {
    return Set.of(Output.BUSY_BLOCKS);
  }

  @Override
  protected SourceConnector createConnector(ConnectorTestContext ctx) {
    ctx.secrets().put("google/client-id", Secret.of("tck-client"));
    ctx.secrets().put("google/client-secret", Secret.of("tck-secret"));
    ctx.secrets().put("google/refresh-token/tck-clinician", Secret.of("tck-refresh"));
    if (ctx.clinicians().find(CLINICIAN).isEmpty()) {
      ctx.clinicians().save(Clinician.of(CLINICIAN, "TCK Clinician", CALENDAR_ZONE, WeeklyAvailability.NONE));
    }
    ctx.vendor().stubFor(post(urlPathEqualTo("/token"))
        .willReturn(okJson("{\"access_token\":\"tck-access\",\"expires_in\":3600,\"token_type\":\"Bearer\"}")));
    GoogleCalendarSettings settings = GoogleCalendarSettings.from(ctx.config(GoogleCalendarConnectorProvider.TYPE, Map.of(
        "clinician", CLINICIAN.value(), "root-url", ctx.baseUrl(), "token-url", ctx.baseUrl() + "/token",
        GoogleCalendarSettings.Keys.ALLOW_HTTP, "true")));
    return GoogleCalendarConnector.builder(settings, ctx.connectorContext()).sleeper(ctx.sleeper()).build();
  }

  @Override
  protected UrlPattern fetchUrlPattern() {
    return urlPathEqualTo(EVENTS);
  }

  // ------------------------------------------------------------------------------- Google payloads

  static String event(String id, String start, String end) {
    return "{\"kind\":\"calendar#event\",\"etag\":\"\\\"" + id.hashCode() + "\\\"\",\"id\":\"" + id + "\",\"status\":\"confirmed\","
        + "\"summary\":\"PERSONAL-TITLE session with Jordan Q. Patient\",\"description\":\"call 555-0199, born 1984-02-29\","
        + "\"attendees\":[{\"email\":\"jordan.patient@mail.example\",\"displayName\":\"Jordan Q. Patient\"}],"
        + "\"start\":{\"dateTime\":\"" + start + "\"},\"end\":{\"dateTime\":\"" + end + "\"}}";
  }

  static String allDayEvent(String id, LocalDate first, LocalDate endExclusive) {
    return "{\"kind\":\"calendar#event\",\"etag\":\"\\\"" + id.hashCode() + "\\\"\",\"id\":\"" + id + "\",\"status\":\"confirmed\","
        + "\"summary\":\"PERSONAL-TITLE day off with Jordan Q. Patient\",\"description\":\"call 555-0199\","
        + "\"start\":{\"date\":\"" + first + "\"},\"end\":{\"date\":\"" + endExclusive + "\"}}";
  }

  /** An event ClinicSync wrote itself (carries its private marker): an echo, never a busy block. */
  static String ownedEvent(String id, String start, String end) {
    return "{\"kind\":\"calendar#event\",\"etag\":\"\\\"7\\\"\",\"id\":\"" + id + "\",\"status\":\"confirmed\","
        + "\"summary\":\"Appointment\",\"description\":\"edited in Google: Jordan Q. Patient, 555-0199\","
        + "\"extendedProperties\":{\"private\":{\"" + OwnedEvents.APPOINTMENT_ID_PROPERTY + "\":\"tck-apt-1\",\""
        + OwnedEvents.PROVENANCE_PROPERTY + "\":\"" + OwnedEvents.DEFAULT_PROVENANCE + "\"}},"
        + "\"start\":{\"dateTime\":\"" + start + "\"},\"end\":{\"dateTime\":\"" + end + "\"}}";
  }

  static String page(List<String> items, @Nullable String nextPageToken, @Nullable String nextSyncToken) {
    return "{\"kind\":\"calendar#events\",\"summary\":\"PERSONAL-TITLE Jordan's calendar\",\"timeZone\":\"" + CALENDAR_ZONE.getId() + "\","
        + (nextPageToken == null ? "" : "\"nextPageToken\":\"" + nextPageToken + "\",")
        + (nextSyncToken == null ? "" : "\"nextSyncToken\":\"" + nextSyncToken + "\",")
        + "\"items\":[" + String.join(",", items) + "]}";
  }

  @Override
  protected String stubRepeatedRecord(ConnectorTestContext ctx, TimeWindow window) {
    TimeWindow w = TimeWindow.of(window.start().plus(Duration.ofHours(9)), Duration.ofMinutes(45));
    TimeWindow moved = TimeWindow.of(window.start().plus(Duration.ofHours(11)), Duration.ofMinutes(45));
    TimeWindow other = TimeWindow.of(window.start().plus(Duration.ofHours(13)), Duration.ofMinutes(30));
    ctx.vendor().stubFor(get(urlPathEqualTo(EVENTS)).willReturn(okJson(page(List.of(
        event("tck0twice", w.start().toString(), w.end().toString()),
        event("tck0good", other.start().toString(), other.end().toString()),
        event("tck0twice", moved.start().toString(), moved.end().toString())), null, "tck-sync-1"))));
    return "tck0twice";
  }

  @Override
  protected Map<String, TimeWindow> stubMultiPageFullFetch(ConnectorTestContext ctx, TimeWindow window, int records, int pageSize) {
    Map<String, TimeWindow> expected = new LinkedHashMap<>();
    List<String> items = new ArrayList<>();
    for (int i = 0; i < records - 1; i++) {
      String id = "tck0event" + i;
      TimeWindow w = TimeWindow.of(window.start().plus(Duration.ofHours(9 + i)), Duration.ofMinutes(45));
      expected.put(id, w);
      items.add(event(id, w.start().toString(), w.end().toString()));
    }
    // the last one is an all-day event, placed in the calendar's zone
    DateSpan days = new DateSpan(LocalDate.of(2026, 3, 5), LocalDate.of(2026, 3, 6));
    expected.put("tck0allday", days.in(CALENDAR_ZONE));
    ctx.expectAllDayBlock("tck0allday", days);
    items.add(allDayEvent("tck0allday", days.first(), days.endExclusive()));
    int pages = (records + pageSize - 1) / pageSize;
    for (int p = 0; p < pages; p++) {
      List<String> slice = new ArrayList<>(items.subList(p * pageSize, Math.min(records, (p + 1) * pageSize)));
      if (p == 0) {
        TimeWindow w = TimeWindow.of(window.start().plus(Duration.ofHours(30)), Duration.ofHours(1));
        slice.add(ownedEvent("tck0mirror", w.start().toString(), w.end().toString())); // an echo: not expected output
      }
      boolean last = p == pages - 1;
      var request = get(urlPathEqualTo(EVENTS)).withQueryParam("maxResults", equalTo(String.valueOf(pageSize)));
      request = p == 0 ? request.withQueryParam("pageToken", absent())
          : request.withQueryParam("pageToken", equalTo("tck-page-" + p));
      ctx.vendor().stubFor(request.willReturn(okJson(page(slice, last ? null : "tck-page-" + (p + 1), last ? "tck-sync-1" : null))));
    }
    return expected;
  }

  @Override
  protected @Nullable IncrementalStub stubIncrementalChanges(ConnectorTestContext ctx, TimeWindow window) {
    String t0 = window.start().plus(Duration.ofHours(10)).toString();
    String t1 = window.start().plus(Duration.ofHours(11)).toString();
    ctx.vendor().stubFor(get(urlPathEqualTo(EVENTS)).withQueryParam("timeMin", matching(".+"))
        .willReturn(okJson(page(List.of(event("tck0keep", t0, t1), event("tck0gone", t0, t1)), null, "tck-sync-1"))));
    ctx.vendor().stubFor(get(urlPathEqualTo(EVENTS)).withQueryParam("syncToken", equalTo("tck-sync-1"))
        .willReturn(okJson(page(List.of("{\"kind\":\"calendar#event\",\"etag\":\"\\\"9\\\"\",\"id\":\"tck0gone\",\"status\":\"cancelled\"}",
            event("tck0new", t0, t1)), null, "tck-sync-2"))));
    TimeWindow w = TimeWindow.of(Instant.parse(t0), Instant.parse(t1));
    return new IncrementalStub(Map.of("tck0keep", w, "tck0gone", w), Set.of("tck0new"), Set.of("tck0gone"));
  }

  @Override
  protected BadRecordsStub stubBadRecords(ConnectorTestContext ctx, TimeWindow window) {
    String s = window.start().plus(Duration.ofHours(10)).toString();
    String e = window.start().plus(Duration.ofHours(11)).toString();
    String local = window.start().plus(Duration.ofHours(10)).toString().replace("Z", "");
    ctx.vendor().stubFor(get(urlPathEqualTo(EVENTS)).willReturn(okJson(page(List.of(
        event("tck0good1", s, e),
        event("tck0good2", s, e),
        "{\"id\":\"tck0nostart\",\"status\":\"confirmed\",\"summary\":\"PERSONAL-TITLE Jordan Q. Patient\",\"end\":{\"dateTime\":\"" + e + "\"}}",
        event("tck0backwards", e, s),
        "{\"id\":\"tck0mars\",\"status\":\"confirmed\",\"summary\":\"PERSONAL-TITLE Jordan Q. Patient\","
            + "\"start\":{\"dateTime\":\"" + local + "\",\"timeZone\":\"Mars/Olympus_Mons\"},"
            + "\"end\":{\"dateTime\":\"" + local + "\",\"timeZone\":\"Mars/Olympus_Mons\"}}"), null, "tck-sync-1"))));
    return new BadRecordsStub(Set.of("tck0good1", "tck0good2"), Map.of(
        BadValue.MISSING_START, "tck0nostart", BadValue.END_BEFORE_START, "tck0backwards", BadValue.UNKNOWN_ZONE, "tck0mars"));
  }

  @Override
  protected Set<String> plantedPhi() {
    return Set.of("PERSONAL-TITLE", "Jordan Q. Patient", "jordan.patient@mail.example", "555-0199", "1984-02-29");
  }
}
