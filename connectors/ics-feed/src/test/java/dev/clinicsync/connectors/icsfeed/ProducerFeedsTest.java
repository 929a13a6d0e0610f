package dev.clinicsync.connectors.icsfeed;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.clinicsync.connectors.kit.Backoff;
import dev.clinicsync.connectors.kit.HttpClients;
import dev.clinicsync.connectors.kit.HttpSettings;
import dev.clinicsync.connectors.kit.RetryExecutor;
import dev.clinicsync.connectors.kit.SsrfGuard;
import dev.clinicsync.connectors.tck.CapturingLogger;
import dev.clinicsync.connectors.tck.RecordingSleeper;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.connector.SourceRecord;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.testkit.MutableClock;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.Temporal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Period;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One feed per producer, in that producer's real shape (line endings, folding, X- properties,
 * missing VERSION/PRODID, no final newline), served over WireMock and read by the connector; where
 * ical4j can expand the series on its own (IANA or in-file VTIMEZONE zones), each instance is
 * compared with ical4j's recurrence set.
 */
@DisplayName("Feeds as each producer publishes them")
class ProducerFeedsTest {
  @RegisterExtension
  static WireMockExtension vendor = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String PATH = "/calendar/published/feed.ics";
  static final ClinicianId RIVERA = ClinicianId.of("dr-rivera");
  static final TimeWindow MARCH = TimeWindow.of(Instant.parse("2025-03-01T00:00:00Z"), Instant.parse("2025-04-01T00:00:00Z"));
  /** What the connector reads around MARCH (the default window-padding of 7 days on each side). */
  static final TimeWindow HORIZON = TimeWindow.of(Instant.parse("2025-02-22T00:00:00Z"), Instant.parse("2025-04-08T00:00:00Z"));
  static final DateTimeFormatter KEY = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  final InMemorySecretStore secrets = new InMemorySecretStore();
  final InMemoryClinicianDirectory directory = InMemoryClinicianDirectory.of(
      Clinician.of(RIVERA, "Dr. Rivera", ZoneId.of("America/New_York"), WeeklyAvailability.NONE));
  final CapturingLogger log = new CapturingLogger();
  ConnectorContext context;

  @BeforeEach
  void setUp() {
    secrets.put("feeds/rivera", Secret.of(vendor.baseUrl() + PATH + "?cid=a1b2c3"));
    context = new ConnectorContext(MutableClock.at("2025-03-01T12:00:00Z"), secrets, directory,
        PatientTokenizer.fromKey(Secret.of("0123456789abcdef0123456789abcdef")));
  }

  FetchPage fetch(String fixture, String zone, String mode) {
    vendor.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/calendar; charset=utf-8").withBody(Fixtures.bytes("ics/producers/" + fixture))));
    Map<String, String> p = new HashMap<>(Map.of("feed-url-secret", "feeds/rivera", "feed-name", "rivera-personal",
        "practice-zone", zone, "clinician-id", RIVERA.value(), "mode", mode, "allow-http", "true",
        "allow-private-addresses", "true"));
    ConnectorConfig cc = ConnectorConfig.of("ics-rivera", IcsFeedConfig.TYPE, p);
    try (IcsFeedConnector c = new IcsFeedConnector(cc.id(), IcsFeedConfig.from(cc), HttpSettings.from(cc), context,
        HttpClients.shared(), RetryExecutor.of(Backoff.exponential(100, 1000, 3), new RecordingSleeper(),
            new SplittableRandom(5)), SsrfGuard.from(cc), log)) {
      FetchPage page = c.fetch(FetchRequest.full(MARCH).withPageSize(500));
      assertThat(page.nextPageToken()).isEmpty();
      return page;
    }
  }

  static Map<String, SourceRecord> appointments(FetchPage page) {
    return page.appointmentUpserts().stream()
        .collect(Collectors.toMap(r -> r.appointment().source().externalId(), Function.identity()));
  }

  static Map<String, BusyBlock> blocks(FetchPage page) {
    return page.busyBlockUpserts().stream().collect(Collectors.toMap(b -> b.source().externalId(), Function.identity()));
  }

  /** The original starts of a series' instances, from their ids ("UID/20250303T140000Z"). */
  static Set<String> keysOf(Map<String, ?> byId, String uid) {
    return byId.keySet().stream().filter(id -> id.startsWith(uid + "/")).map(id -> id.substring(uid.length() + 1))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** ical4j's own recurrence set of a series master, as instance keys, over the horizon. */
  static Set<String> ical4jKeys(String fixture, String uid) throws Exception {
    Calendar cal = new CalendarBuilder().build(new StringReader(Fixtures.text("ics/producers/" + fixture)));
    VEvent master = cal.<VEvent>getComponents(Component.VEVENT).stream()
        .filter(e -> e.getProperty(Property.UID).map(Property::getValue).orElse("").equals(uid))
        .filter(e -> e.getProperty(Property.RECURRENCE_ID).isEmpty())
        .findFirst().orElseThrow();
    Set<Period<Temporal>> set = master.calculateRecurrenceSet(
        new Period<>(HORIZON.start().atZone(ZoneOffset.UTC), HORIZON.end().atZone(ZoneOffset.UTC)));
    return set.stream().map(p -> KEY.format(Instant.from(p.getStart()))).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  @DisplayName("Outlook/Exchange publish: Windows zone names, X-MS properties, folded UID, an all-day series moved by a midnight RECURRENCE-ID")
  void outlook() throws Exception {
    FetchPage page = fetch("outlook-publish.ics", "America/Los_Angeles", "appointments");
    Map<String, SourceRecord> byId = appointments(page);
    String weekly = "040000008200E00074C5B7101A82E00800000000D0B4A5C2C78DDB01000000000000000"
        + "010000000A7E7A2E8B1C5E44B9E8F1B2C3D4E5F60";
    assertThat(keysOf(byId, weekly)).containsExactly("20250303T140000Z", "20250310T130000Z", "20250324T130000Z",
        "20250331T130000Z").isEqualTo(ical4jKeys("outlook-publish.ics", weekly));
    String allDay = "040000008200E00074C5B7101A82E00800000000ALLDAYSUPERVISION000000000001";
    assertThat(keysOf(byId, allDay)).containsExactly("20250306", "20250313", "20250320");
    assertThat(byId.get(allDay + "/20250313").appointment().start())
        .isEqualTo(Instant.parse("2025-03-14T07:00:00Z")); // the moved day, whole in the practice zone
    assertThat(byId.get(weekly + "/20250303T140000Z").phi().orElseThrow().asMap())
        .containsEntry(PhiField.TELEHEALTH_LINK, "https://telehealth.example.com/room/8f3k2");
    assertThat(page.issues()).isEmpty();
  }

  @Test
  @DisplayName("OWA without UIDs: display-name zones in both spellings, keys derived and reported")
  void owa() {
    FetchPage page = fetch("owa-no-uid.ics", "America/New_York", "appointments");
    assertThat(page.appointmentUpserts()).hasSize(5)
        .allSatisfy(r -> assertThat(r.appointment().source().externalId()).startsWith(IcsFeedPreset.DERIVED_ID_PREFIX));
    assertThat(page.appointmentUpserts()).extracting(r -> r.appointment().start()).contains(
        Instant.parse("2025-03-04T15:00:00Z"), Instant.parse("2025-03-05T19:00:00Z"), Instant.parse("2025-03-12T18:00:00Z"));
    assertThat(page.issues()).hasSize(3).allSatisfy(i -> {
      assertThat(i.field()).isEqualTo("UID");
      assertThat(i.severity()).isEqualTo(RecordIssue.Severity.FALLBACK);
    });

    FetchPage busy = fetch("owa-no-uid.ics", "America/New_York", "busy-blocks");
    assertThat(busy.busyBlockUpserts()).hasSize(4) // the free lunch blocks nothing
        .allSatisfy(b -> assertThat(b.calendarId()).isEqualTo("rivera-personal"));
    assertThat(busy.appointmentUpserts()).isEmpty();
  }

  @Test
  @DisplayName("iCloud public calendar: Apple's VTIMEZONE and X-APPLE properties, UNTIL in UTC")
  void icloud() throws Exception {
    FetchPage page = fetch("icloud.ics", "America/New_York", "busy-blocks");
    String uid = "4F6C2B1A-9D3E-4C7B-8E21-7A5D0C3B9E11";
    Map<String, BusyBlock> byId = blocks(page);
    // 16:00 in Los Angeles stays 16:00 across the DST change on 9 March
    assertThat(keysOf(byId, uid)).containsExactly("20250305T000000Z", "20250311T230000Z", "20250318T230000Z",
        "20250325T230000Z").isEqualTo(ical4jKeys("icloud.ics", uid));
    assertThat(byId.get(uid + "/20250311T230000Z").window())
        .isEqualTo(TimeWindow.of(Instant.parse("2025-03-11T23:00:00Z"), Instant.parse("2025-03-11T23:50:00Z")));
  }

  @Test
  @DisplayName("Google's secret address: the override before its master, an EXDATE in UTC, a transparent all-day event")
  void google() throws Exception {
    FetchPage page = fetch("google-secret.ics", "America/Chicago", "appointments");
    String uid = "7kukuqrfedlm2f9t8gbps0klsd@google.com";
    Map<String, SourceRecord> byId = appointments(page);
    assertThat(keysOf(byId, uid)).containsExactly("20250304T150000Z", "20250311T140000Z", "20250325T140000Z",
        "20250401T140000Z");
    // ical4j 4.2.2 agrees on every instance but does not apply an EXDATE written in UTC to a zoned series
    Set<String> ical4j = new TreeSet<>(ical4jKeys("google-secret.ics", uid));
    assertThat(ical4j.remove("20250318T140000Z")).isTrue();
    assertThat(keysOf(byId, uid)).isEqualTo(ical4j);
    assertThat(byId.get(uid + "/20250311T140000Z").appointment().start()).isEqualTo(Instant.parse("2025-03-12T15:00:00Z"));
    assertThat(byId).containsKey("0m9v2d7k1q3c4b5n6x8z@google.com");
    assertThat(page.issues()).isEmpty();

    FetchPage busy = fetch("google-secret.ics", "America/Chicago", "busy-blocks");
    assertThat(blocks(busy)).hasSize(4).doesNotContainKey("0m9v2d7k1q3c4b5n6x8z@google.com");
  }

  @Test
  @DisplayName("Zimbra: a GMT-dotted display-name TZID, RDATE as a PERIOD, EXDATE, across the DST change")
  void zimbra() throws Exception {
    FetchPage page = fetch("zimbra.ics", "America/New_York", "appointments");
    String uid = "6b1f0a52-2e6c-4a8e-9c3f-1d2e3f4a5b6c";
    Map<String, SourceRecord> byId = appointments(page);
    // (no ical4j comparison: ical4j 4.2.2 cannot place an RDATE PERIOD with a TZID)
    assertThat(keysOf(byId, uid)).containsExactly("20250307T220000Z", "20250312T210000Z", "20250321T210000Z",
        "20250328T210000Z");
    assertThat(byId.get(uid + "/20250312T210000Z").appointment().end()).isEqualTo(Instant.parse("2025-03-12T22:30:00Z"));
    assertThat(byId.get(uid + "/20250307T220000Z").appointment().sourceMetadata())
        .containsEntry("ics.zone_source", "windows-display");
    assertThat(page.issues()).isEmpty();
  }

  @Test
  @DisplayName("a practice system's export: LF, no VERSION or PRODID, no final newline, a folded 400-character title, floating times")
  void practiceExport() {
    FetchPage page = fetch("practice-export.ics", "America/New_York", "appointments");
    Map<String, SourceRecord> byId = appointments(page);
    SourceRecord tentative = byId.get("appt-5521@export.example-practice.com");
    assertThat(tentative.appointment().start()).isEqualTo(Instant.parse("2025-03-10T13:00:00Z"));
    assertThat(tentative.appointment().status()).isEqualTo(AppointmentStatus.PENDING);
    assertThat(tentative.phi().orElseThrow().asMap().get(PhiField.TITLE)).hasSizeGreaterThan(300)
        .startsWith("Psychotherapy 90837").doesNotContain("\n").endsWith("sleep;");
    assertThat(byId.get("appt-5522@export.example-practice.com").appointment().status())
        .isEqualTo(AppointmentStatus.CANCELLED);

    FetchPage busy = fetch("practice-export.ics", "America/New_York", "busy-blocks");
    assertThat(blocks(busy)).containsOnlyKeys("appt-5521@export.example-practice.com");
  }

  @Test
  @DisplayName("no producer's PHI reaches a busy block, an issue or a log line")
  void noPhiAnywhere() {
    List<String> phi = List.of("Jordan", "Testpatient", "Casey", "Examplename", "Riley", "Morgan", "555-0142",
        "telehealth", "panic", "Anxiety", "8f3k2");
    for (String f : List.of("outlook-publish.ics", "owa-no-uid.ics", "icloud.ics", "google-secret.ics", "zimbra.ics",
        "practice-export.ics")) {
      FetchPage busy = fetch(f, "America/New_York", "busy-blocks");
      String text = busy.busyBlockUpserts() + " " + busy.issues() + " " + log.text();
      for (String p : phi) {
        assertThat(text).as(f).doesNotContain(p);
      }
    }
  }
}
