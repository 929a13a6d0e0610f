package dev.clinicsync.connectors.simplepractice;

import dev.clinicsync.connectors.icsfeed.IcsFeedConfig;
import dev.clinicsync.connectors.icsfeed.IcsFeedConnector;
import dev.clinicsync.connectors.icsfeed.FeedRejectedException;
import dev.clinicsync.connectors.icsfeed.FeedTruncatedException;
import dev.clinicsync.connectors.icsfeed.FeedLimitExceededException;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.clinicsync.connectors.simplepractice.PhiAssertions.assertNoPhi;
import static dev.clinicsync.connectors.simplepractice.PhiAssertions.assertNoPhiOutsidePhiRecords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.clinicsync.connectors.kit.Backoff;
import dev.clinicsync.connectors.kit.HttpClients;
import dev.clinicsync.connectors.kit.HttpSettings;
import dev.clinicsync.connectors.kit.RetryExecutor;
import dev.clinicsync.connectors.kit.SsrfGuard;
import dev.clinicsync.connectors.tck.CapturingLogger;
import dev.clinicsync.connectors.tck.RecordingSleeper;
import dev.clinicsync.core.ConnectorAuthException;
import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.CursorExpiredException;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.connector.SourceRecord;
import dev.clinicsync.core.model.SyncCursor;
import dev.clinicsync.core.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("The SimplePractice iCalendar connector")
class SimplePracticeIcsConnectorTest {
  @RegisterExtension
  static WireMockExtension vendor = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String FEED_PATH = "/feeds/ical/9f8e7d6c5b4a33";
  static final String FEED_TOKEN = "s3cr3t-feed-token";
  static final ClinicianId RIVERA = ClinicianId.of("dr-rivera");
  static final TimeWindow WINDOW = TimeWindow.of(Instant.parse("2025-03-01T00:00:00Z"), Instant.parse("2025-05-01T00:00:00Z"));
  static final String SERIES = "sp-appt-7f3c9e2a@simplepractice.com";
  static final String SINGLE = "sp-appt-single-51d0@simplepractice.com";

  final MutableClock clock = MutableClock.at("2025-03-01T12:00:00Z");
  final InMemorySecretStore secrets = new InMemorySecretStore();
  final InMemoryClinicianDirectory directory = InMemoryClinicianDirectory.of(
      Clinician.of(RIVERA, "Dr. Rivera", ZoneId.of("America/New_York"), WeeklyAvailability.NONE)
          .withExternalIds(Set.of(ExternalIdentity.of(SourceSystem.SIMPLEPRACTICE, "sp-user-881"))));
  final RecordingSleeper sleeper = new RecordingSleeper();
  final CapturingLogger log = new CapturingLogger();
  ConnectorContext context;

  @BeforeEach
  void setUp() {
    secrets.put("sp/feed/dr-rivera", Secret.of(vendor.baseUrl() + FEED_PATH + "?token=" + FEED_TOKEN));
    context = new ConnectorContext(clock, secrets, directory,
        PatientTokenizer.fromKey(Secret.of("0123456789abcdef0123456789abcdef")));
  }

  Map<String, String> props() {
    Map<String, String> p = new HashMap<>();
    p.put("feed-url-secret", "sp/feed/dr-rivera");
    p.put("feed-name", "dr-rivera-calendar");
    p.put("practice-zone", "America/New_York");
    p.put("clinician-external-id", "sp-user-881");
    p.put("allow-http", "true");
    p.put("allow-private-addresses", "true");
    return p;
  }

  IcsFeedConnector connector(Map<String, String> props) {
    ConnectorConfig cc = ConnectorConfig.of("sp-rivera", SimplePracticeIcsConfig.TYPE, props);
    IcsFeedConfig c = SimplePracticeIcsConfig.from(cc);
    return new IcsFeedConnector(cc.id(), c, HttpSettings.from(cc), context, HttpClients.shared(),
        RetryExecutor.of(Backoff.exponential(100, 1000, 3), sleeper, new SplittableRandom(7)),
        dev.clinicsync.connectors.kit.SsrfGuard.from(cc), log);
  }

  IcsFeedConnector connector() {
    return connector(props());
  }

  static void serve(String body, String etag) {
    vendor.stubFor(get(urlPathEqualTo(FEED_PATH)).atPriority(5).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/calendar; charset=utf-8").withHeader("ETag", etag)
        .withHeader("Last-Modified", "Sat, 01 Mar 2025 11:00:00 GMT").withBody(body.getBytes(StandardCharsets.UTF_8))));
  }

  static Map<String, SourceRecord> byId(FetchPage page) {
    return page.appointmentUpserts().stream().collect(Collectors.toMap(r -> r.appointment().source().externalId(), Function.identity()));
  }

  void assertNothingLeaked(String text) {
    assertNoPhi("text", text);
    assertThat(text).doesNotContain(FEED_TOKEN).doesNotContain("9f8e7d6c5b4a33");
  }

  @Nested
  @DisplayName("on a full fetch")
  class Full {
    @Test
    @DisplayName("returns every instance of the horizon, PHI in the PHI record only, and a cursor")
    void full() {
      serve(Fixtures.text("ics/dst-weekly-crlf.ics"), "\"v1\"");
      FetchPage page = connector().fetch(FetchRequest.full(WINDOW));
      Map<String, SourceRecord> ids = byId(page);
      assertThat(ids).hasSize(8).containsKey(SINGLE).containsKey(SERIES + "/20250318T130000Z");
      SourceRecord moved = ids.get(SERIES + "/20250318T130000Z");
      assertThat(moved.appointment().start()).isEqualTo(Instant.parse("2025-03-18T14:30:00Z"));
      assertThat(moved.appointment().clinicianId()).isEqualTo(RIVERA);
      assertThat(moved.appointment().vendorProviderId()).contains("sp-user-881");
      assertThat(moved.appointment().patient()).as("the feed has no patient id").isEmpty();
      assertThat(moved.appointment().sourceZone()).contains(ZoneId.of("America/New_York"));
      assertThat(moved.appointment().sourceMetadata()).containsEntry("recurring", "true");
      assertThat(moved.phi().orElseThrow().get(PhiField.TITLE)).contains("Jordan Testpatient (moved)");
      assertThat(moved.phi().orElseThrow().get(PhiField.NOTES).orElseThrow())
          .contains("https://telehealth.example.com/room/8f3k2");
      SourceRecord first = ids.get(SERIES + "/20250304T140000Z");
      assertThat(first.phi().orElseThrow().get(PhiField.TELEHEALTH_LINK)).contains("https://telehealth.example.com/room/8f3k2");
      assertThat(first.phi().orElseThrow().get(PhiField.OTHER).orElseThrow()).contains("jordan.testpatient@example.com");
      assertThat(first.appointment().source().version()).hasValueSatisfying(v -> assertThat(v).startsWith("fp-"));
      assertThat(ids.get(SERIES + "/20250325T130000Z").appointment().status()).isEqualTo(AppointmentStatus.CANCELLED);
      assertThat(ids.get(SINGLE).appointment().status()).isEqualTo(AppointmentStatus.PENDING);
      assertThat(page.appointmentDeletions()).isEmpty();
      assertThat(page.nextCursor()).isPresent();
      assertThat(page.isLastPage()).isTrue();
      assertNoPhiOutsidePhiRecords(page.appointmentUpserts());
      assertNothingLeaked(page.issues().toString() + page.nextCursor().orElseThrow());
      assertNothingLeaked(log.text());
      assertThat(log.text()).contains("dr-rivera-calendar").contains("/[redacted]");
    }

    @Test
    @DisplayName("maps an unknown STATUS to SCHEDULED with a FALLBACK issue")
    void unknownStatus() {
      serve(Fixtures.text("ics/outlook-windows-zones.ics"), "\"o1\"");
      FetchPage page = connector().fetch(FetchRequest.full(WINDOW));
      assertThat(page.issues()).extracting(RecordIssue::field, RecordIssue::severity).contains(
          org.assertj.core.groups.Tuple.tuple("STATUS", RecordIssue.Severity.FALLBACK),
          org.assertj.core.groups.Tuple.tuple("DTSTART", RecordIssue.Severity.SKIPPED));
      assertThat(page.appointmentUpserts()).hasSize(5);
      assertNoPhiOutsidePhiRecords(page.appointmentUpserts());
      assertNothingLeaked(page.issues().toString() + log.text());
    }
  }

  @Nested
  @DisplayName("on an incremental fetch")
  class Incremental {
    @Test
    @DisplayName("costs one 304 when the feed is unchanged, and returns an empty page")
    void notModified() {
      serve(Fixtures.text("ics/dst-weekly-crlf.ics"), "\"v1\"");
      IcsFeedConnector c = connector();
      SyncCursor cursor = c.fetch(FetchRequest.full(WINDOW)).nextCursor().orElseThrow();
      vendor.stubFor(get(urlPathEqualTo(FEED_PATH)).withHeader("If-None-Match", equalTo("\"v1\""))
          .atPriority(1).willReturn(aResponse().withStatus(304)));
      FetchPage page = c.fetch(FetchRequest.incremental(WINDOW, cursor));
      assertThat(page.appointmentUpserts()).isEmpty();
      assertThat(page.appointmentDeletions()).isEmpty();
      assertThat(page.nextCursor()).isPresent();
      vendor.verify(getRequestedFor(urlPathEqualTo(FEED_PATH)).withHeader("If-None-Match", equalTo("\"v1\""))
          .withHeader("If-Modified-Since", equalTo("Sat, 01 Mar 2025 11:00:00 GMT")));
    }

    @Test
    @DisplayName("reports only what changed, and events gone from the feed as deletions")
    void changes() {
      String original = Fixtures.text("ics/dst-weekly-crlf.ics");
      serve(original, "\"v1\"");
      IcsFeedConnector c = connector();
      SyncCursor cursor = c.fetch(FetchRequest.full(WINDOW)).nextCursor().orElseThrow();
      String changed = original
          .substring(0, original.indexOf("BEGIN:VEVENT\r\nUID:" + SINGLE)) + "END:VCALENDAR\r\n";
      changed = changed.replace("EXDATE;TZID=America/New_York:20250401T090000",
          "EXDATE;TZID=America/New_York:20250401T090000,20250408T090000");
      changed = changed.replace("SUMMARY:Jordan Testpatient (moved)", "SUMMARY:Jordan Testpatient (moved again)");
      serve(changed, "\"v2\"");
      FetchPage page = c.fetch(FetchRequest.incremental(WINDOW, cursor));
      assertThat(byId(page).keySet()).containsExactly(SERIES + "/20250318T130000Z");
      assertThat(page.appointmentDeletions()).extracting(SourceRef::externalId)
          .containsExactlyInAnyOrder(SINGLE, SERIES + "/20250408T130000Z");
      assertThat(page.issues()).isEmpty();
      // and the next read of the same feed changes nothing
      FetchPage again = c.fetch(FetchRequest.incremental(WINDOW, page.nextCursor().orElseThrow()));
      assertThat(again.appointmentUpserts()).isEmpty();
      assertThat(again.appointmentDeletions()).isEmpty();
    }

    @Test
    @DisplayName("versions records by content, so a change to PHI alone is a new version")
    void versions() {
      String original = Fixtures.text("ics/dst-weekly-crlf.ics");
      serve(original, "\"v1\"");
      IcsFeedConnector c = connector();
      FetchPage first = c.fetch(FetchRequest.full(WINDOW));
      serve(original.replace("SUMMARY:Casey Examplename - Intake", "SUMMARY:Casey Examplename - Intake (2)"), "\"v2\"");
      FetchPage second = c.fetch(FetchRequest.incremental(WINDOW, first.nextCursor().orElseThrow()));
      assertThat(byId(second).keySet()).containsExactly(SINGLE);
      assertThat(byId(second).get(SINGLE).appointment().source().version())
          .isNotEqualTo(byId(first).get(SINGLE).appointment().source().version());
      assertThat(byId(second).get(SINGLE).appointment().start()).isEqualTo(byId(first).get(SINGLE).appointment().start());
    }

    @Test
    @DisplayName("does not take an event it could not read this time as deleted, and keeps tracking it")
    void unreadableIsNotDeleted() {
      String original = Fixtures.text("ics/dst-weekly-crlf.ics");
      serve(original, "\"v1\"");
      IcsFeedConnector c = connector();
      SyncCursor cursor = c.fetch(FetchRequest.full(WINDOW)).nextCursor().orElseThrow();
      String broken = original.replace("DTSTART;TZID=America/New_York:20250304T090000", "DTSTART;TZID=Mars Standard Time:20250304T090000")
          .replace("DTSTART;TZID=America/New_York:20250312T150000", "DTSTART;TZID=Mars Standard Time:20250312T150000");
      serve(broken, "\"v2\"");
      FetchPage page = c.fetch(FetchRequest.incremental(WINDOW, cursor));
      assertThat(page.appointmentDeletions()).isEmpty();
      assertThat(page.issues()).extracting(RecordIssue::vendorRecordId).contains(SERIES, SINGLE);
      serve(original, "\"v3\"");
      FetchPage healed = c.fetch(FetchRequest.incremental(WINDOW, page.nextCursor().orElseThrow()));
      assertThat(healed.appointmentUpserts()).as("nothing changed since the last good read").isEmpty();
      assertThat(healed.appointmentDeletions()).isEmpty();
    }

    @Test
    @DisplayName("fetches unconditionally when the window moved past what the cursor covers")
    void movedWindow() {
      serve(Fixtures.text("ics/dst-weekly-crlf.ics"), "\"v1\"");
      IcsFeedConnector c = connector();
      SyncCursor cursor = c.fetch(FetchRequest.full(WINDOW)).nextCursor().orElseThrow();
      vendor.resetRequests();
      TimeWindow later = TimeWindow.of(WINDOW.start().plus(java.time.Duration.ofDays(30)), WINDOW.end().plus(java.time.Duration.ofDays(30)));
      FetchPage page = c.fetch(FetchRequest.incremental(later, cursor));
      vendor.verify(getRequestedFor(urlPathEqualTo(FEED_PATH)).withHeader("If-None-Match", absent()));
      assertThat(page.appointmentDeletions()).as("instances that left the horizon are not deleted").isEmpty();
    }

    @Test
    @DisplayName("passes an emptied feed's deletions on with a SUSPECT_EMPTY_FEED issue for the mass-deletion guard")
    void emptied() {
      serve(Fixtures.text("ics/dst-weekly-crlf.ics"), "\"v1\"");
      IcsFeedConnector c = connector();
      SyncCursor cursor = c.fetch(FetchRequest.full(WINDOW)).nextCursor().orElseThrow();
      serve(Fixtures.text("ics/empty.ics"), "\"v2\"");
      FetchPage page = c.fetch(FetchRequest.incremental(WINDOW, cursor));
      assertThat(page.appointmentDeletions()).hasSize(8);
      assertThat(page.issues()).singleElement().satisfies(i -> {
        assertThat(i.field()).isEqualTo(IcsFeedConnector.SUSPECT_EMPTY_FEED);
        assertThat(i.vendorRecordId()).isEqualTo("feed:dr-rivera-calendar");
      });
    }

    @Test
    @DisplayName("refuses a cursor it did not write, so the coordinator runs a full fetch")
    void foreignCursor() {
      assertThatThrownBy(() -> connector().fetch(FetchRequest.incremental(WINDOW, SyncCursor.of("nextSyncToken=abc"))))
          .isInstanceOf(CursorExpiredException.class);
    }
  }

  @Nested
  @DisplayName("on a bad feed")
  class BadFeeds {
    @Test
    @DisplayName("throws a retryable FeedTruncatedException for a truncated feed, naming the feed but not its URL")
    void truncated() {
      serve(Fixtures.text("ics/dst-weekly-crlf.ics"), "\"v1\"");
      IcsFeedConnector c = connector();
      SyncCursor cursor = c.fetch(FetchRequest.full(WINDOW)).nextCursor().orElseThrow();
      serve(Fixtures.text("ics/truncated.ics"), "\"v2\"");
      assertThatThrownBy(() -> c.fetch(FetchRequest.incremental(WINDOW, cursor)))
          .isInstanceOfSatisfying(FeedTruncatedException.class, e -> {
            assertThat(e.isRetryable()).isTrue();
            assertThat(e.feedName()).isEqualTo("dr-rivera-calendar");
            assertThat(e.getMessage()).contains("dr-rivera-calendar").contains("truncated");
            assertNothingLeaked(e.getMessage());
          });
    }

    @Test
    @DisplayName("rejects a feed over max-feed-bytes")
    void tooLarge() {
      StringBuilder huge = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
      for (int i = 0; i < 2000; i++) {
        huge.append("BEGIN:VEVENT\r\nUID:bulk-").append(i).append("\r\nDTSTART:20250310T090000Z\r\n")
            .append("DTEND:20250310T100000Z\r\nSUMMARY:Jordan Testpatient\r\nEND:VEVENT\r\n");
      }
      huge.append("END:VCALENDAR\r\n");
      serve(huge.toString(), "\"big\"");
      Map<String, String> p = props();
      p.put("max-feed-bytes", "65536");
      assertThatThrownBy(() -> connector(p).fetch(FetchRequest.full(WINDOW)))
          .isInstanceOfSatisfying(FeedRejectedException.class, e -> {
            assertThat(e.reason()).isEqualTo(FeedRejectedException.Reason.TOO_LARGE);
            assertThat(e.isRetryable()).isFalse();
            assertNothingLeaked(e.getMessage());
          });
    }

    @Test
    @DisplayName("rejects a body that is not iCalendar without quoting it")
    void malformed() {
      serve("<html><body>Jordan Testpatient's calendar</body></html>", "\"x\"");
      assertThatThrownBy(() -> connector().fetch(FetchRequest.full(WINDOW)))
          .isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e).isInstanceOfAny(FeedRejectedException.class, FeedTruncatedException.class);
            assertNothingLeaked(e.getMessage());
          });
    }

    @Test
    @DisplayName("retries a 503 and a connection reset, then succeeds")
    void retries() {
      vendor.stubFor(get(urlPathEqualTo(FEED_PATH)).inScenario("flaky").whenScenarioStateIs("Started")
          .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "2")).willSetStateTo("reset"));
      vendor.stubFor(get(urlPathEqualTo(FEED_PATH)).inScenario("flaky").whenScenarioStateIs("reset")
          .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("ok"));
      vendor.stubFor(get(urlPathEqualTo(FEED_PATH)).inScenario("flaky").whenScenarioStateIs("ok")
          .willReturn(aResponse().withStatus(200).withBody(Fixtures.text("ics/allday-recurring.ics"))));
      FetchPage page = connector().fetch(FetchRequest.full(WINDOW));
      assertThat(page.appointmentUpserts()).hasSize(6);
      // the 503's Retry-After is honoured; the reset is retried by the kit or OkHttp's own connection retry
      assertThat(sleeper.waits()).isNotEmpty().first().isEqualTo(java.time.Duration.ofSeconds(2));
      vendor.verify(3, getRequestedFor(urlPathEqualTo(FEED_PATH)));
      assertNothingLeaked(log.text());
    }

    @Test
    @DisplayName("classifies a 401 as an auth failure and a 404 as permanent")
    void errors() {
      vendor.stubFor(get(urlPathEqualTo(FEED_PATH)).willReturn(aResponse().withStatus(401)));
      assertThatThrownBy(() -> connector().fetch(FetchRequest.full(WINDOW))).isInstanceOf(ConnectorAuthException.class)
          .satisfies(e -> assertNothingLeaked(e.getMessage()));
      vendor.stubFor(get(urlPathEqualTo(FEED_PATH)).willReturn(aResponse().withStatus(404)));
      assertThatThrownBy(() -> connector().fetch(FetchRequest.full(WINDOW))).isInstanceOf(PermanentConnectorException.class)
          .satisfies(e -> assertNothingLeaked(e.getMessage()));
    }
  }

  static String values(int from, int to) {
    return java.util.stream.IntStream.rangeClosed(from, to).mapToObj(Integer::toString)
        .collect(Collectors.joining(","));
  }

  /** Over max-instances-per-series (about 1,500 hourly instances in the horizon), or over max-expansion-steps-per-series. */
  static java.util.stream.Stream<String> rulesOverASeriesLimit() {
    return java.util.stream.Stream.of("FREQ=HOURLY", "FREQ=YEARLY;BYMONTH=" + values(1, 12) + ";BYMONTHDAY=" + values(1, 31)
        + ";BYHOUR=" + values(0, 23) + ";BYMINUTE=" + values(0, 59) + ";BYSECOND=" + values(0, 59));
  }

  @Nested
  @DisplayName("bounding recurrence expansion")
  class Bounded {
    static final String WEEKLY_RULE = "RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20250415T130000Z";

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.clinicsync.connectors.simplepractice.SimplePracticeIcsConnectorTest#rulesOverASeriesLimit")
    @DisplayName("reports a series over a per-series limit as one SKIPPED issue and keeps what it stored of it")
    void seriesOverLimitIsKept(String rule) {
      String original = Fixtures.text("ics/dst-weekly-crlf.ics");
      assertThat(original).contains(WEEKLY_RULE);
      serve(original, "\"v1\"");
      IcsFeedConnector c = connector();
      FetchPage first = c.fetch(FetchRequest.full(WINDOW));
      assertThat(byId(first).keySet()).filteredOn(k -> k.startsWith(SERIES + "/")).hasSize(7);
      serve(original.replace(WEEKLY_RULE, "RRULE:" + rule), "\"v2\"");
      FetchPage page = assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
          () -> c.fetch(FetchRequest.incremental(WINDOW, first.nextCursor().orElseThrow())));
      assertThat(page.appointmentDeletions()).as("nothing of the series is deleted").isEmpty();
      assertThat(page.appointmentUpserts()).noneMatch(r -> r.appointment().source().externalId().startsWith(SERIES));
      assertThat(page.issues()).singleElement().satisfies(i -> {
        assertThat(i.vendorRecordId()).as("the coordinator keeps stored records of a SKIPPED id").isEqualTo(SERIES);
        assertThat(i.severity()).isEqualTo(RecordIssue.Severity.SKIPPED);
        assertThat(i.field()).isEqualTo("RRULE");
        assertThat(i.reason()).containsAnyOf("max-instances-per-series", "max-expansion-steps-per-series");
      });
      // the cursor still tracks the series: once the rule is back, nothing is new and nothing is gone
      serve(original, "\"v3\"");
      FetchPage healed = c.fetch(FetchRequest.incremental(WINDOW, page.nextCursor().orElseThrow()));
      assertThat(healed.appointmentUpserts()).isEmpty();
      assertThat(healed.appointmentDeletions()).isEmpty();
      assertNothingLeaked(page.issues().toString() + log.text());
    }

    @Test
    @DisplayName("fails a feed over a per-feed limit with a typed, permanent FeedLimitExceededException naming the limit")
    void feedOverLimit() {
      serve(Fixtures.text("ics/dst-weekly-crlf.ics"), "\"v1\"");
      Map<String, String> p = props();
      p.put("max-instances-per-feed", "5");
      assertThatThrownBy(() -> connector(p).fetch(FetchRequest.full(WINDOW)))
          .isInstanceOfSatisfying(FeedLimitExceededException.class, e -> {
            assertThat(e).isInstanceOf(PermanentConnectorException.class);
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.reason()).isEqualTo(FeedRejectedException.Reason.LIMIT_EXCEEDED);
            assertThat(e.limit()).isEqualTo("max-instances-per-feed");
            assertThat(e.limitValue()).isEqualTo(5);
            assertThat(e.getMessage()).contains("dr-rivera-calendar").contains("max-instances-per-feed (5)");
            assertNothingLeaked(e.getMessage());
          });
      p.put("max-instances-per-feed", "100000");
      p.put("max-expansion-steps-per-feed", "100");
      assertThatThrownBy(() -> connector(p).fetch(FetchRequest.full(WINDOW)))
          .isInstanceOfSatisfying(FeedLimitExceededException.class, e -> {
            assertThat(e.limit()).isEqualTo("max-expansion-steps-per-feed");
            assertThat(e.getMessage()).contains("max-expansion-steps-per-feed (100)");
            assertNothingLeaked(e.getMessage());
          });
      assertNothingLeaked(log.text());
    }

    @Test
    @DisplayName("reads each limit from the configuration, with documented defaults, and names a bad one")
    void config() {
      IcsFeedConfig d = SimplePracticeIcsConfig.from(ConnectorConfig.of("sp", SimplePracticeIcsConfig.TYPE, props()));
      assertThat(d.maxInstancesPerSeries()).isEqualTo(1000);
      assertThat(d.maxExpansionStepsPerSeries()).isEqualTo(1_000_000);
      assertThat(d.maxInstancesPerFeed()).isEqualTo(100_000);
      assertThat(d.maxExpansionStepsPerFeed()).isEqualTo(20_000_000);
      Map<String, String> p = props();
      p.put("max-instances-per-series", "10");
      p.put("max-expansion-steps-per-series", "20");
      p.put("max-instances-per-feed", "30");
      p.put("max-expansion-steps-per-feed", "40");
      IcsFeedConfig set = SimplePracticeIcsConfig.from(ConnectorConfig.of("sp", SimplePracticeIcsConfig.TYPE, p));
      assertThat(set.maxInstancesPerSeries()).isEqualTo(10);
      assertThat(set.maxExpansionStepsPerSeries()).isEqualTo(20);
      assertThat(set.maxInstancesPerFeed()).isEqualTo(30);
      assertThat(set.maxExpansionStepsPerFeed()).isEqualTo(40);
      for (String key : java.util.List.of("max-instances-per-series", "max-expansion-steps-per-series",
          "max-instances-per-feed", "max-expansion-steps-per-feed")) {
        Map<String, String> bad = props();
        bad.put(key, "0");
        assertThatThrownBy(() -> SimplePracticeIcsConfig.from(ConnectorConfig.of("sp", SimplePracticeIcsConfig.TYPE, bad)))
            .isInstanceOf(dev.clinicsync.core.ValidationException.class).hasMessageContaining(key);
      }
    }
  }

  @Nested
  @DisplayName("guarding the feed URL")
  class Guard {
    @Test
    @DisplayName("refuses a feed on a private address unless the sandbox flag is set, without echoing the URL")
    void ssrf() {
      Map<String, String> p = props();
      p.remove("allow-private-addresses");
      assertThatThrownBy(() -> connector(p).fetch(FetchRequest.full(WINDOW)))
          .isInstanceOf(PermanentConnectorException.class)
          .satisfies(e -> assertNothingLeaked(e.getMessage()));
      vendor.verify(0, getRequestedFor(urlPathEqualTo(FEED_PATH)));
    }

    @Test
    @DisplayName("refuses plain http by default")
    void httpsOnly() {
      Map<String, String> p = props();
      p.remove("allow-http");
      assertThatThrownBy(() -> connector(p).fetch(FetchRequest.full(WINDOW)))
          .isInstanceOf(PermanentConnectorException.class)
          .hasMessageContaining("https")
          .satisfies(e -> assertNothingLeaked(e.getMessage()));
    }

    @Test
    @DisplayName("fails clearly when the secret is missing or the clinician is unknown")
    void missing() {
      secrets.delete("sp/feed/dr-rivera");
      assertThatThrownBy(() -> connector().fetch(FetchRequest.full(WINDOW)))
          .isInstanceOf(PermanentConnectorException.class).hasMessageContaining("sp/feed/dr-rivera");
      setUp();
      Map<String, String> p = props();
      p.put("clinician-external-id", "sp-user-000");
      assertThatThrownBy(() -> connector(p).fetch(FetchRequest.full(WINDOW)))
          .isInstanceOf(PermanentConnectorException.class).hasMessageContaining("clinician-external-id");
    }

    @Test
    @DisplayName("shows scheme and host only")
    void redacted() {
      assertThat(IcsFeedConnector.redacted(java.net.URI.create("https://cal.example.com/ical/abc123?token=x")))
          .isEqualTo("https://cal.example.com/[redacted]");
      assertThat(IcsFeedConnector.redactionFor(java.net.URI.create("https://cal.example.com/ical/abc123?t=x&v=2"))
          .url(okhttp3.HttpUrl.get("https://cal.example.com/ical/abc123?t=x&v=2")))
          .doesNotContain("abc123").doesNotContain("t=x").doesNotContain("v=2");
    }
  }
}
