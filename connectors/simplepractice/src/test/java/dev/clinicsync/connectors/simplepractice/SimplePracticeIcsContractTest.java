package dev.clinicsync.connectors.simplepractice;

import dev.clinicsync.connectors.icsfeed.IcsFeedConfig;
import dev.clinicsync.connectors.icsfeed.IcsFeedConnector;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.matching.UrlPattern;
import dev.clinicsync.connectors.kit.Backoff;
import dev.clinicsync.connectors.kit.HttpClients;
import dev.clinicsync.connectors.kit.HttpSettings;
import dev.clinicsync.connectors.kit.RetryExecutor;
import dev.clinicsync.connectors.kit.SsrfGuard;
import dev.clinicsync.connectors.tck.AuthStyle;
import dev.clinicsync.connectors.tck.BadRecordsStub;
import dev.clinicsync.connectors.tck.BadValue;
import dev.clinicsync.connectors.tck.ConnectorContractTest;
import dev.clinicsync.connectors.tck.ConnectorTestContext;
import dev.clinicsync.connectors.tck.IncrementalStub;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.SourceConnector;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.slf4j.LoggerFactory;

/** The connector TCK, run against the iCalendar connector with WireMock serving feeds. */
@DisplayName("SimplePractice iCalendar connector: the connector TCK")
class SimplePracticeIcsContractTest extends ConnectorContractTest {
  private static final String PATH = "/ical/tck-feed-7731.ics";
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss");

  @Override
  protected SourceConnector createConnector(ConnectorTestContext ctx) {
    ctx.secrets().put("tck/sp-feed", dev.clinicsync.core.store.Secret.of(ctx.baseUrl() + PATH + "?token=tck-feed-secret"));
    ConnectorConfig cc = ctx.config(SimplePracticeIcsConfig.TYPE, Map.of(
        "feed-url-secret", "tck/sp-feed",
        "feed-name", "tck-feed",
        "practice-zone", "America/New_York",
        "clinician-id", "dr-tck"));
    IcsFeedConfig c = SimplePracticeIcsConfig.from(cc);
    return new IcsFeedConnector(cc.id(), c, HttpSettings.from(cc), ctx.connectorContext(),
        HttpClients.shared(), RetryExecutor.of(Backoff.exponential(100, 2000, 4), ctx.sleeper(), new SplittableRandom(3)),
        SsrfGuard.from(cc), LoggerFactory.getLogger(SimplePracticeIcsContractTest.class));
  }

  @Override
  protected UrlPattern fetchUrlPattern() {
    return urlPathEqualTo(PATH);
  }

  @Override
  protected AuthStyle authStyle() {
    return AuthStyle.STATIC_CREDENTIALS; // a capability URL: nothing to refresh
  }

  @Override
  protected String contentType() {
    return "text/calendar; charset=utf-8";
  }

  @Override
  protected String malformedBody() {
    return "<html><body>Please sign in to see Jordan Testpatient's calendar</body></html>";
  }

  @Override
  protected Set<String> plantedPhi() {
    return Set.of("Jordan Testpatient", "Testpatient", "1984-02-29", "+1-555-0142", "telehealth.example.com",
        "panic attacks", "jordan.testpatient@example.com");
  }

  @Override
  protected Map<String, TimeWindow> stubMultiPageFullFetch(ConnectorTestContext ctx, TimeWindow window, int records,
      int pageSize) {
    Map<String, TimeWindow> expected = new LinkedHashMap<>();
    StringBuilder feed = header();
    LocalDate first = LocalDate.ofInstant(window.start(), NEW_YORK).plusDays(1);
    for (int i = 0; i < records; i++) {
      // one a day at 09:00 New York time: 2026-03-08 is the DST change
      LocalDateTime start = first.plusDays(i % 6).atTime(LocalTime.of(9 + i / 6, 0));
      String uid = "tck-multi-" + i + "@simplepractice.com";
      feed.append(event(uid, "DTSTART;TZID=America/New_York:" + LOCAL.format(start),
          "DTEND;TZID=America/New_York:" + LOCAL.format(start.plusMinutes(50)), "STATUS:CONFIRMED"));
      expected.put(uid, TimeWindow.of(start.atZone(NEW_YORK).toInstant(), start.plusMinutes(50).atZone(NEW_YORK).toInstant()));
    }
    serve(ctx, feed.append("END:VCALENDAR\r\n"), "\"multi\"", null);
    return expected;
  }

  @Override
  protected String stubRepeatedRecord(ConnectorTestContext ctx, TimeWindow window) {
    String twice = "tck-twice@simplepractice.com";
    serve(ctx, header()
        .append(event(twice, utc("20260303T140000Z"), "DURATION:PT50M"))
        .append(event("tck-good@simplepractice.com", utc("20260303T160000Z"), "DURATION:PT50M"))
        .append(event(twice, utc("20260304T140000Z"), "DURATION:PT50M"))
        .append("END:VCALENDAR\r\n"), "\"twice\"", null);
    return twice;
  }

  @Override
  protected IncrementalStub stubIncrementalChanges(ConnectorTestContext ctx, TimeWindow window) {
    String a = "tck-inc-a@simplepractice.com";
    String b = "tck-inc-b@simplepractice.com";
    String c = "tck-inc-c@simplepractice.com";
    String d = "tck-inc-d@simplepractice.com";
    String e = "tck-inc-e@simplepractice.com";
    serve(ctx, header().append(event(a, utc("20260303T140000Z"), "DURATION:PT50M"))
        .append(event(b, utc("20260304T140000Z"), "DURATION:PT50M"))
        .append(event(c, utc("20260305T140000Z"), "DURATION:PT50M"))
        .append(event(d, utc("20260306T140000Z"), "DURATION:PT50M"))
        .append("END:VCALENDAR\r\n"), "\"v1\"", null);
    serve(ctx, header().append(event(a, utc("20260303T140000Z"), "DURATION:PT50M"))
        .append(event(b, utc("20260304T160000Z"), "DURATION:PT50M"))
        .append(event(d, utc("20260306T140000Z"), "DURATION:PT50M"))
        .append(event(e, utc("20260307T140000Z"), "DURATION:PT50M"))
        .append("END:VCALENDAR\r\n"), "\"v2\"", "\"v1\"");
    Map<String, TimeWindow> initial = new LinkedHashMap<>();
    initial.put(a, at("2026-03-03T14:00:00Z"));
    initial.put(b, at("2026-03-04T14:00:00Z"));
    initial.put(c, at("2026-03-05T14:00:00Z"));
    initial.put(d, at("2026-03-06T14:00:00Z"));
    return new IncrementalStub(initial, Set.of(b, e), Set.of(c));
  }

  @Override
  protected BadRecordsStub stubBadRecords(ConnectorTestContext ctx, TimeWindow window) {
    serve(ctx, header()
        .append(event("tck-good-1@simplepractice.com", utc("20260303T140000Z"), "DURATION:PT50M"))
        .append(event("tck-good-2@simplepractice.com", "DTSTART:20260304T090000", "DTEND:20260304T095000"))
        .append(event("tck-bad-nostart@simplepractice.com", "DTEND:20260304T095000Z"))
        .append(event("tck-bad-backwards@simplepractice.com", utc("20260305T140000Z"), "DTEND:20260305T130000Z"))
        .append(event("tck-bad-zone@simplepractice.com", "DTSTART;TZID=Mars/Olympus_Mons:20260305T090000",
            "DTEND;TZID=Mars/Olympus_Mons:20260305T095000"))
        .append(event("tck-bad-absurd@simplepractice.com", utc("99990305T140000Z"), "DURATION:PT50M"))
        .append("END:VCALENDAR\r\n"), "\"bad\"", null);
    return new BadRecordsStub(Set.of("tck-good-1@simplepractice.com", "tck-good-2@simplepractice.com"), Map.of(
        BadValue.MISSING_START, "tck-bad-nostart@simplepractice.com",
        BadValue.END_BEFORE_START, "tck-bad-backwards@simplepractice.com",
        BadValue.UNKNOWN_ZONE, "tck-bad-zone@simplepractice.com",
        BadValue.ABSURD_DATE, "tck-bad-absurd@simplepractice.com"));
  }

  @Override
  protected Map<String, AppointmentStatus> stubDocumentedStatuses(ConnectorTestContext ctx, TimeWindow window) {
    serve(ctx, header()
        .append(event("tck-st-confirmed", utc("20260303T140000Z"), "DURATION:PT50M", "STATUS:CONFIRMED"))
        .append(event("tck-st-tentative", utc("20260303T150000Z"), "DURATION:PT50M", "STATUS:TENTATIVE"))
        .append(event("tck-st-cancelled", utc("20260303T160000Z"), "DURATION:PT50M", "STATUS:CANCELLED"))
        .append(event("tck-st-none", utc("20260303T170000Z"), "DURATION:PT50M"))
        .append("END:VCALENDAR\r\n"), "\"st\"", null);
    return Map.of("tck-st-confirmed", AppointmentStatus.SCHEDULED, "tck-st-tentative", AppointmentStatus.PENDING,
        "tck-st-cancelled", AppointmentStatus.CANCELLED, "tck-st-none", AppointmentStatus.SCHEDULED);
  }

  @Override
  protected Optional<String> stubUndocumentedValues(ConnectorTestContext ctx, TimeWindow window) {
    serve(ctx, header()
        .append(event("tck-st-odd", utc("20260303T140000Z"), "DURATION:PT50M", "STATUS:X-SP-NO-SHOW"))
        .append("END:VCALENDAR\r\n"), "\"odd\"", null);
    return Optional.of("tck-st-odd");
  }

  // ---------------------------------------------------------------- fixture helpers

  private static StringBuilder header() {
    return new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//SimplePractice//Calendar Feed//EN\r\n");
  }

  /** A VEVENT with planted PHI in every PHI-bearing property. */
  private static String event(String uid, String... timeLines) {
    StringBuilder sb = new StringBuilder("BEGIN:VEVENT\r\nUID:").append(uid).append("\r\nDTSTAMP:20260301T120000Z\r\n");
    for (String l : timeLines) {
      sb.append(l).append("\r\n");
    }
    return sb.append("SUMMARY:Jordan Testpatient - Psychotherapy\r\n")
        .append("DESCRIPTION:DOB 1984-02-29\\, phone +1-555-0142. Notes: panic attacks. Join https://telehealth.ex\r\n")
        .append(" ample.com/room/tck\r\n")
        .append("ATTENDEE;CN=Jordan Testpatient:mailto:jordan.testpatient@example.com\r\n")
        .append("END:VEVENT\r\n").toString();
  }

  private static String utc(String value) {
    return "DTSTART:" + value;
  }

  private static TimeWindow at(String start) {
    Instant s = Instant.parse(start);
    return TimeWindow.of(s, s.plusSeconds(50 * 60));
  }

  private static void serve(ConnectorTestContext ctx, StringBuilder feed, String etag, String ifNoneMatch) {
    var mapping = get(urlPathEqualTo(PATH));
    if (ifNoneMatch != null) {
      mapping = mapping.withHeader("If-None-Match", equalTo(ifNoneMatch));
    }
    ctx.vendor().stubFor(mapping.willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/calendar; charset=utf-8").withHeader("ETag", etag)
        .withBody(feed.toString().getBytes(StandardCharsets.UTF_8))));
  }
}
