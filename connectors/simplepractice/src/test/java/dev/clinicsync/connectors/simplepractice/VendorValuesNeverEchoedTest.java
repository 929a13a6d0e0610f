package dev.clinicsync.connectors.simplepractice;

import dev.clinicsync.connectors.icsfeed.IcsFeedConfig;
import dev.clinicsync.connectors.icsfeed.IcsFeedConnector;
import dev.clinicsync.connectors.icsfeed.FeedLimitExceededException;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.clinicsync.connectors.kit.Backoff;
import dev.clinicsync.connectors.kit.HttpClients;
import dev.clinicsync.connectors.kit.HttpSettings;
import dev.clinicsync.connectors.kit.RetryExecutor;
import dev.clinicsync.connectors.tck.CapturingLogger;
import dev.clinicsync.connectors.tck.RecordingSleeper;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.testkit.MutableClock;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vendor values are free text: a TZID, a STATUS, a clinician cell can hold a name and a phone
 * number. Issues, row errors, exception messages and log lines name the property and the record
 * or row, never the value.
 */
@DisplayName("Vendor values are never echoed")
class VendorValuesNeverEchoedTest {
  @RegisterExtension
  static WireMockExtension vendor = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String NAME = "Jane Doe";
  static final String PHONE = "555-0100";
  static final String PLANTED = NAME + " " + PHONE;
  static final ClinicianId RIVERA = ClinicianId.of("dr-rivera");
  static final TimeWindow WINDOW = TimeWindow.of(Instant.parse("2025-03-01T00:00:00Z"), Instant.parse("2025-05-01T00:00:00Z"));

  final InMemoryClinicianDirectory directory = InMemoryClinicianDirectory.of(
      Clinician.of(RIVERA, "Dr. Rivera", ZoneId.of("America/New_York"), WeeklyAvailability.NONE)
          .withExternalIds(Set.of(ExternalIdentity.of(SourceSystem.SIMPLEPRACTICE, "sp-rivera"))));
  final PatientTokenizer tokens = PatientTokenizer.fromKey(Secret.of("0123456789abcdef0123456789abcdef"));
  final CapturingLogger log = new CapturingLogger();

  @TempDir
  Path dir;

  static void assertNotEchoed(String where, String text) {
    String t = text.toLowerCase(Locale.ROOT);
    assertThat(t).as(where).doesNotContain("jane").doesNotContain(PHONE).doesNotContain("5550100")
        .doesNotContain("call jane");
  }

  static String event(String uid, String... lines) {
    return "BEGIN:VEVENT\r\nUID:" + uid + "\r\n" + String.join("\r\n", lines) + "\r\nEND:VEVENT\r\n";
  }

  /** One event per way a vendor value could reach an issue. */
  static String plantedFeed() {
    String ny = "DTSTART;TZID=America/New_York:20250310T090000";
    String series = "RRULE:FREQ=WEEKLY;COUNT=4";
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        + "BEGIN:VTIMEZONE\r\nTZID:" + PLANTED + " zone\r\nBEGIN:STANDARD\r\nDTSTART:" + PLANTED + "\r\n"
        + "TZOFFSETFROM:" + PHONE + "\r\nTZOFFSETTO:" + NAME + "\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
        + event("u-tzid-start", "DTSTART;TZID=" + PLANTED + ":20250310T090000", "DURATION:PT50M")
        + event("u-tzid-quoted", "DTSTART;TZID=\"" + PLANTED + "\":20250310T090000", "DURATION:PT50M")
        + event("u-tzid-vtimezone", "DTSTART;TZID=" + PLANTED + " zone:20250310T090000", "DURATION:PT50M")
        + event("u-tzid-end", ny, "DTEND;TZID=" + PLANTED + ":20250310T100000")
        + event("u-status", ny, "DURATION:PT50M", "STATUS:Call Jane " + PHONE)
        + event("u-dtstart", "DTSTART:" + PLANTED, "DURATION:PT50M")
        + event("u-dtend", ny, "DTEND:" + PLANTED)
        + event("u-duration", ny, "DURATION:P" + PLANTED)
        + event("u-year", "DTSTART:55500101T090000", "DURATION:PT50M")
        + event("u-freq", ny, "DURATION:PT50M", "RRULE:FREQ=JANEDOE;BYDAY=" + PHONE)
        + event("u-until", ny, "DURATION:PT50M", "RRULE:FREQ=WEEKLY;UNTIL=5550100JaneDoe")
        + event("u-byday", ny, "DURATION:PT50M", "RRULE:FREQ=WEEKLY;BYDAY=" + NAME)
        + event("u-exdate", ny, "DURATION:PT50M", series, "EXDATE;TZID=" + PLANTED + ":20250317T090000",
            "EXDATE:" + PLANTED)
        + event("u-rdate", ny, "DURATION:PT50M", series, "RDATE;TZID=" + PLANTED + ":20250320T090000",
            "RDATE:" + PLANTED)
        + event("u-override", ny, "DURATION:PT50M", series)
        + event("u-override", "RECURRENCE-ID;TZID=" + PLANTED + ":20250317T090000", ny, "DURATION:PT50M")
        + event("u-override", "RECURRENCE-ID:" + PLANTED, ny, "DURATION:PT50M")
        + event("u-hourly", ny, "DURATION:PT50M", "RRULE:FREQ=HOURLY;X-NOTE=" + PLANTED)
        + event("u-sequence", ny, "DURATION:PT50M", "SEQUENCE:" + PLANTED)
        + "BEGIN:VEVENT\r\nDTSTART:20250310T090000Z\r\nSUMMARY:" + PLANTED + "\r\nEND:VEVENT\r\n"
        + "END:VCALENDAR\r\n";
  }

  IcsFeedConnector icsConnector(Map<String, String> extra) {
    InMemorySecretStore secrets = new InMemorySecretStore();
    secrets.put("sp/feed", Secret.of(vendor.baseUrl() + "/feed.ics"));
    ConnectorContext context = new ConnectorContext(MutableClock.at("2025-03-01T12:00:00Z"), secrets, directory, tokens);
    Map<String, String> p = new HashMap<>(Map.of("feed-url-secret", "sp/feed", "feed-name", "planted-feed",
        "practice-zone", "America/New_York", "clinician-id", "dr-rivera", "allow-http", "true",
        "allow-private-addresses", "true"));
    p.putAll(extra);
    ConnectorConfig cc = ConnectorConfig.of("sp-planted", SimplePracticeIcsConfig.TYPE, p);
    IcsFeedConfig c = SimplePracticeIcsConfig.from(cc);
    return new IcsFeedConnector(cc.id(), c, HttpSettings.from(cc), context, HttpClients.shared(),
        RetryExecutor.of(Backoff.exponential(100, 1000, 3), new RecordingSleeper(), new SplittableRandom(7)),
        dev.clinicsync.connectors.kit.SsrfGuard.from(cc), log);
  }

  @Test
  @DisplayName("in the feed's issues, exception messages and log lines: a TZID, STATUS, DTSTART or RRULE holding a name and phone")
  void feed() {
    vendor.stubFor(get(urlPathEqualTo("/feed.ics")).willReturn(aResponse().withStatus(200)
        .withBody(plantedFeed().getBytes(StandardCharsets.UTF_8))));
    FetchPage page = icsConnector(Map.of("max-instances-per-series", "100")).fetch(FetchRequest.full(WINDOW));

    assertThat(page.issues()).extracting(RecordIssue::vendorRecordId).contains("u-tzid-start", "u-tzid-quoted",
        "u-tzid-vtimezone", "u-tzid-end", "u-status", "u-dtstart", "u-dtend", "u-duration", "u-year", "u-freq",
        "u-until", "u-byday", "u-exdate", "u-rdate", "u-override", "u-hourly");
    // the event without a UID is keyed by a hash of its times, never by its summary
    assertThat(page.issues()).anySatisfy(i -> {
      assertThat(i.vendorRecordId()).startsWith(dev.clinicsync.connectors.icsfeed.IcsFeedPreset.DERIVED_ID_PREFIX);
      assertThat(i.field()).isEqualTo("UID");
    });
    assertThat(page.issues()).filteredOn(i -> i.vendorRecordId().startsWith("u-tzid"))
        .allSatisfy(i -> assertThat(i.reason()).contains("unknown TZID"));
    for (RecordIssue i : page.issues()) {
      assertNotEchoed("issue " + i.vendorRecordId(), i.toString());
    }
    assertThat(page.issues()).filteredOn(i -> i.vendorRecordId().equals("u-year"))
        .allSatisfy(i -> assertThat(i.reason()).doesNotContain("5550"));
    page.appointmentUpserts().forEach(r -> assertNotEchoed("record", r.toString() + r.appointment().sourceMetadata()));
    assertNotEchoed("cursor", page.nextCursor().orElseThrow().toString());
    assertNotEchoed("log", log.text());
    assertThat(log.lines()).isNotEmpty();

    // and a feed that fails on a limit says which, not what
    assertThatThrownBy(() -> icsConnector(Map.of("max-instances-per-feed", "2")).fetch(FetchRequest.full(WINDOW)))
        .isInstanceOfSatisfying(FeedLimitExceededException.class, e -> assertNotEchoed("exception", e.getMessage()));
    assertNotEchoed("log", log.text());
  }

  CsvImportSettings csvSettings() {
    return CsvImportSettings.builder(ZoneId.of("America/New_York")).clinician(RIVERA).build();
  }

  static final String CSV = "Appointment ID,Date,Start Time,End Time,Duration,Clinician,Client ID,Status,Service\n"
      + "\"=HYPERLINK(\"\"http://x.example\"\",\"\"" + PLANTED + "\"\")\",3/10/2025,9:00 AM,9:50 AM,,sp-rivera,CL-1,,\n"
      + "A-2,3/10/2025,9:00 AM,9:50 AM,," + PLANTED + ",CL-2,,\n"
      + "A-3,3/10/2025,9:00 AM,9:50 AM,,sp-rivera,\"+1 " + PHONE + " Jane\",,\n"
      + "A-4,3/10/2025,9:00 AM,9:50 AM,,sp-rivera,CL-4,Call Jane " + PHONE + ",\n"
      + "A-5,3/10/2025,9:00 AM,9:50 AM,,sp-rivera,CL-5,,Jane's group " + PHONE + "\n"
      + "A-6," + PLANTED + ",9:00 AM,9:50 AM,,sp-rivera,CL-6,,\n"
      + "A-7,3/10/2025," + PLANTED + ",9:50 AM,,sp-rivera,CL-7,,\n"
      + "A-8,3/10/2025,9:00 AM," + PLANTED + ",,sp-rivera,CL-8,,\n"
      + "A-9,3/10/2025,9:00 AM,,Jane " + PHONE + ",sp-rivera,CL-9,,\n"
      + "\"\t@" + PLANTED + "\",3/10/2025,9:00 AM,9:50 AM,,sp-rivera,CL-10,,\n";

  @Test
  @DisplayName("in the CSV import's row errors, issues and log lines: an id, clinician, status, service or date holding a name and phone")
  void csv() {
    CsvImportResult r = new SimplePracticeCsvImporter(csvSettings(), tokens, directory, log).importCsv(new StringReader(CSV));
    assertThat(r.rowsRead()).isEqualTo(10);
    assertThat(r.rowErrors()).extracting(CsvRowError::row, CsvRowError::column).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(2L, "APPOINTMENT_ID"),
        org.assertj.core.groups.Tuple.tuple(3L, "CLINICIAN"),
        org.assertj.core.groups.Tuple.tuple(4L, "CLIENT_ID"),
        org.assertj.core.groups.Tuple.tuple(7L, "DATE"),
        org.assertj.core.groups.Tuple.tuple(8L, "START_TIME"),
        org.assertj.core.groups.Tuple.tuple(9L, "END_TIME"),
        org.assertj.core.groups.Tuple.tuple(10L, "DURATION_MINUTES"),
        org.assertj.core.groups.Tuple.tuple(11L, "APPOINTMENT_ID"));
    assertThat(r.issues()).extracting(RecordIssue::vendorRecordId, RecordIssue::field).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("A-4", "STATUS"), org.assertj.core.groups.Tuple.tuple("A-5", "TYPE"));
    List<String> texts = new ArrayList<>();
    r.rowErrors().forEach(e -> texts.add(e.toString() + e.appointmentId()));
    r.issues().forEach(i -> texts.add(i.toString()));
    r.records().forEach(x -> texts.add(x.toString() + x.appointment().sourceMetadata() + x.appointment().source()));
    texts.add(r.toString());
    texts.forEach(t -> assertNotEchoed("import", t));
    assertNotEchoed("log", log.text());
    assertThat(log.lines()).isNotEmpty();
  }

  @Test
  @DisplayName("in the CSV connector's issues and exception messages")
  void csvConnector() throws IOException {
    Path file = dir.resolve("export.csv");
    Files.writeString(file, CSV, StandardCharsets.UTF_8);
    ConnectorContext context = new ConnectorContext(MutableClock.at("2025-03-01T12:00:00Z"), new InMemorySecretStore(),
        directory, tokens);
    FetchPage page = new SimplePracticeCsvConnector(dev.clinicsync.core.model.ConnectorId.of("sp-csv"),
        SimplePracticeCsvConfig.from(ConnectorConfig.of("sp-csv", SimplePracticeCsvConfig.TYPE,
            Map.of("csv-path", file.toString(), "practice-zone", "America/New_York", "clinician-id", "dr-rivera"))),
        context).fetch(FetchRequest.full(WINDOW));
    assertThat(page.issues()).hasSize(10);
    page.issues().forEach(i -> assertNotEchoed("issue", i.toString()));
    assertThatThrownBy(() -> new SimplePracticeCsvConnector(dev.clinicsync.core.model.ConnectorId.of("sp-csv"),
        SimplePracticeCsvConfig.from(ConnectorConfig.of("sp-csv", SimplePracticeCsvConfig.TYPE,
            Map.of("csv-path", file.toString(), "practice-zone", "America/New_York", "max-rows", "3"))),
        context).fetch(FetchRequest.full(WINDOW)))
        .isInstanceOfSatisfying(dev.clinicsync.core.PermanentConnectorException.class, e -> {
          assertThat(e.getMessage()).contains("max-rows (3)");
          assertThat(e.getCause()).isInstanceOf(CsvLimitExceededException.class);
          assertNotEchoed("exception", e.getMessage());
        });
  }
}
