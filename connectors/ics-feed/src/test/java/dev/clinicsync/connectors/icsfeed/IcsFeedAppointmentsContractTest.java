package dev.clinicsync.connectors.icsfeed;

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
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.TimeWindow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.slf4j.LoggerFactory;

/**
 * The connector TCK against the generic feed connector reading appointments, with WireMock serving
 * an Outlook-published feed (Windows zone names, X-MS properties, CRLF).
 */
@DisplayName("iCalendar feed connector, appointments: the connector TCK")
class IcsFeedAppointmentsContractTest extends ConnectorContractTest {
  static final String PATH = "/owa/calendar/9f2c0d/reachcalendar.ics";
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss");

  /** Extra configuration of the mode under test. */
  protected Map<String, String> modeProperties() {
    return Map.of("mode", "appointments", "source-system", "outlook");
  }

  @Override
  protected SourceConnector createConnector(ConnectorTestContext ctx) {
    if (ctx.clinicians().find(dev.clinicsync.core.model.ClinicianId.of("dr-tck")).isEmpty()) {
      ctx.clinicians().save(dev.clinicsync.core.model.Clinician.of(dev.clinicsync.core.model.ClinicianId.of("dr-tck"),
          "TCK Clinician", NEW_YORK, dev.clinicsync.core.model.WeeklyAvailability.NONE));
    }
    ctx.secrets().put("tck/ics-feed", dev.clinicsync.core.store.Secret.of(ctx.baseUrl() + PATH + "?token=tck-secret"));
    Map<String, String> p = new HashMap<>(Map.of(
        "feed-url-secret", "tck/ics-feed",
        "feed-name", "tck-outlook",
        "practice-zone", "America/New_York",
        "clinician-id", "dr-tck"));
    p.putAll(modeProperties());
    ConnectorConfig cc = ctx.config(IcsFeedConfig.TYPE, p);
    return new IcsFeedConnector(cc.id(), IcsFeedConfig.from(cc), HttpSettings.from(cc), ctx.connectorContext(),
        HttpClients.shared(), RetryExecutor.of(Backoff.exponential(100, 2000, 4), ctx.sleeper(), new SplittableRandom(3)),
        SsrfGuard.from(cc), LoggerFactory.getLogger(getClass()));
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
    return "<html><body>Sign in to Outlook to see Jordan Testpatient's calendar</body></html>";
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
      if (i == records - 1 && records > 1) {
        // the last one all-day, as a clinician's day off is published: whole local days, end exclusive
        LocalDate day = first.plusDays(7);
        String uid = "tck-allday-" + i;
        feed.append(event(uid, "DTSTART;VALUE=DATE:" + day.toString().replace("-", ""),
            "DTEND;VALUE=DATE:" + day.plusDays(1).toString().replace("-", ""), "TRANSP:OPAQUE"));
        expected.put(uid, TimeWindow.ofLocalDays(day, day.plusDays(1), NEW_YORK));
        expectAllDay(ctx, uid, new dev.clinicsync.core.model.BusyBlock.DateSpan(day, day.plusDays(1)));
        continue;
      }
      LocalDateTime start = first.plusDays(i % 6).atTime(LocalTime.of(9 + i / 6, 0));
      String uid = "040000008200E00074C5B7101A82E0080000000070A1B2C3D4E5" + i;
      feed.append(event(uid, "DTSTART;TZID=Eastern Standard Time:" + LOCAL.format(start),
          "DTEND;TZID=Eastern Standard Time:" + LOCAL.format(start.plusMinutes(50)), "STATUS:CONFIRMED"));
      expected.put(uid, TimeWindow.of(start.atZone(NEW_YORK).toInstant(), start.plusMinutes(50).atZone(NEW_YORK).toInstant()));
    }
    serve(ctx, feed.append("END:VCALENDAR\r\n"), "\"multi\"", null);
    return expected;
  }

  /** Declares an all-day record to the TCK (busy blocks only: appointments have no date span). */
  protected void expectAllDay(ConnectorTestContext ctx, String uid, dev.clinicsync.core.model.BusyBlock.DateSpan days) {}

  @Override
  protected String stubRepeatedRecord(ConnectorTestContext ctx, TimeWindow window) {
    String twice = "tck-twice-0001";
    serve(ctx, header()
        .append(event(twice, utc("20260303T140000Z"), "DURATION:PT50M"))
        .append(event("tck-good-0001", utc("20260303T160000Z"), "DURATION:PT50M"))
        .append(event(twice, utc("20260304T140000Z"), "DURATION:PT50M"))
        .append("END:VCALENDAR\r\n"), "\"twice\"", null);
    return twice;
  }

  @Override
  protected IncrementalStub stubIncrementalChanges(ConnectorTestContext ctx, TimeWindow window) {
    String a = "tck-inc-a";
    String b = "tck-inc-b";
    String c = "tck-inc-c";
    String d = "tck-inc-d";
    String e = "tck-inc-e";
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
        .append(event("tck-good-1", utc("20260303T140000Z"), "DURATION:PT50M"))
        .append(event("tck-good-2", "DTSTART;TZID=\"(UTC-05:00) Eastern Time (US & Canada)\":20260304T090000",
            "DTEND;TZID=\"(UTC-05:00) Eastern Time (US & Canada)\":20260304T095000"))
        .append(event("tck-bad-nostart", "DTEND:20260304T095000Z"))
        .append(event("tck-bad-backwards", utc("20260305T140000Z"), "DTEND:20260305T130000Z"))
        .append(event("tck-bad-zone", "DTSTART;TZID=Mars/Olympus_Mons:20260305T090000",
            "DTEND;TZID=Mars/Olympus_Mons:20260305T095000"))
        .append(event("tck-bad-absurd", utc("99990305T140000Z"), "DURATION:PT50M"))
        .append("END:VCALENDAR\r\n"), "\"bad\"", null);
    return new BadRecordsStub(Set.of("tck-good-1", "tck-good-2"), Map.of(
        BadValue.MISSING_START, "tck-bad-nostart",
        BadValue.END_BEFORE_START, "tck-bad-backwards",
        BadValue.UNKNOWN_ZONE, "tck-bad-zone",
        BadValue.ABSURD_DATE, "tck-bad-absurd"));
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
        .append(event("tck-st-odd", utc("20260303T140000Z"), "DURATION:PT50M", "STATUS:X-OUT-OF-OFFICE"))
        .append("END:VCALENDAR\r\n"), "\"odd\"", null);
    return Optional.of("tck-st-odd");
  }

  // ---------------------------------------------------------------- fixture helpers

  /** Outlook's header: no VERSION first, X-MS properties, a Windows-named VTIMEZONE. */
  static StringBuilder header() {
    return new StringBuilder("BEGIN:VCALENDAR\r\nMETHOD:PUBLISH\r\nPRODID:Microsoft Exchange Server 2010\r\n"
        + "VERSION:2.0\r\nX-WR-CALNAME:Calendar\r\nBEGIN:VTIMEZONE\r\nTZID:Eastern Standard Time\r\n"
        + "BEGIN:STANDARD\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\n"
        + "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=11\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\n"
        + "DTSTART:16010101T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\n"
        + "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=2SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n");
  }

  /** A VEVENT with planted PHI in every PHI-bearing property. */
  static String event(String uid, String... timeLines) {
    StringBuilder sb = new StringBuilder("BEGIN:VEVENT\r\nUID:").append(uid).append("\r\nDTSTAMP:20260301T120000Z\r\n");
    for (String l : timeLines) {
      sb.append(l).append("\r\n");
    }
    return sb.append("SUMMARY;LANGUAGE=en-US:Jordan Testpatient - Psychotherapy\r\n")
        .append("DESCRIPTION:DOB 1984-02-29\\, phone +1-555-0142. Notes: panic attacks. Join https://telehealth.ex\r\n")
        .append(" ample.com/room/tck\r\n")
        .append("ATTENDEE;CN=Jordan Testpatient;RSVP=TRUE:mailto:jordan.testpatient@example.com\r\n")
        .append("X-MICROSOFT-CDO-BUSYSTATUS:BUSY\r\nX-MICROSOFT-CDO-IMPORTANCE:1\r\n")
        .append("END:VEVENT\r\n").toString();
  }

  static String utc(String value) {
    return "DTSTART:" + value;
  }

  static TimeWindow at(String start) {
    Instant s = Instant.parse(start);
    return TimeWindow.of(s, s.plusSeconds(50 * 60));
  }

  static void serve(ConnectorTestContext ctx, StringBuilder feed, String etag, String ifNoneMatch) {
    var mapping = get(urlPathEqualTo(PATH));
    if (ifNoneMatch != null) {
      mapping = mapping.withHeader("If-None-Match", equalTo(ifNoneMatch));
    }
    ctx.vendor().stubFor(mapping.willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/calendar; charset=utf-8").withHeader("ETag", etag)
        .withBody(feed.toString().getBytes(StandardCharsets.UTF_8))));
  }
}
