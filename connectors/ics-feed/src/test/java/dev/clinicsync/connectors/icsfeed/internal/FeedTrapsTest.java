package dev.clinicsync.connectors.icsfeed.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.store.Secret;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each trap the issue names, as its own test, on feeds in the producer's shape. */
@DisplayName("The traps real feeds set")
class FeedTrapsTest {
  static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final TimeWindow MARCH = TimeWindow.of(Instant.parse("2025-03-01T00:00:00Z"), Instant.parse("2025-04-01T00:00:00Z"));
  static final PatientTokenizer KEY = PatientTokenizer.fromKey(Secret.of("0123456789abcdef0123456789abcdef"));

  static FeedContent read(String ics, ZoneId practiceZone) {
    return read(ics, practiceZone, UidKeys.derived(KEY, "ics-derived:", "ics-feed-derived-uid/test"));
  }

  static FeedContent read(String ics, ZoneId practiceZone, UidKeys keys) {
    return new IcsFeedReader(practiceZone, ExpansionLimits.DEFAULTS, keys).read(IcsParser.parse(ics, 1 << 20), MARCH);
  }

  static String calendar(String... events) {
    return "BEGIN:VCALENDAR\r\nPRODID:-//trap//EN\r\nVERSION:2.0\r\n" + String.join("", events) + "END:VCALENDAR\r\n";
  }

  static String event(String... lines) {
    return "BEGIN:VEVENT\r\n" + String.join("\r\n", lines) + "\r\nEND:VEVENT\r\n";
  }

  static List<String> ids(FeedContent c) {
    return c.instances().stream().map(EventInstance::externalId).toList();
  }

  @Nested
  @DisplayName("overrides are matched in the series' own zone")
  class OverrideZone {
    @Test
    @DisplayName("Exchange's midnight RECURRENCE-ID with a TZID on an all-day series names that local date, also west of the feed's zone")
    void exchangeAllDayMidnight() {
      // a Berlin practice's all-day series read by a Los Angeles host: midnight in Berlin is the day before in LA
      String ics = calendar(
          event("UID:040000008200E00074C5B7101A82E00800000000A1", "DTSTART;VALUE=DATE:20250310",
              "DTEND;VALUE=DATE:20250311", "RRULE:FREQ=DAILY;COUNT=3", "SUMMARY:Supervision day"),
          event("UID:040000008200E00074C5B7101A82E00800000000A1",
              "RECURRENCE-ID;TZID=W. Europe Standard Time:20250311T000000", "DTSTART;VALUE=DATE:20250314",
              "DTEND;VALUE=DATE:20250315", "SUMMARY:Supervision day (moved)"));
      FeedContent c = read(ics, LOS_ANGELES);
      String uid = "040000008200E00074C5B7101A82E00800000000A1";
      assertThat(ids(c)).containsExactlyInAnyOrder(uid + "/20250310", uid + "/20250311", uid + "/20250312");
      EventInstance moved = c.instances().stream().filter(i -> i.externalId().equals(uid + "/20250311")).findFirst()
          .orElseThrow();
      assertThat(moved.start()).isEqualTo(Instant.parse("2025-03-14T07:00:00Z")); // 14 March, LA midnight
      assertThat(c.issues()).isEmpty();
    }

    @Test
    @DisplayName("a floating RECURRENCE-ID on a zoned series is read in the series' zone, not the practice zone")
    void floatingRecurrenceId() {
      String ics = calendar(
          event("UID:london-weekly", "DTSTART;TZID=Europe/London:20250303T090000", "DURATION:PT50M",
              "RRULE:FREQ=WEEKLY;COUNT=3"),
          event("UID:london-weekly", "RECURRENCE-ID:20250310T090000", "DTSTART;TZID=Europe/London:20250311T090000",
              "DURATION:PT50M"));
      FeedContent c = read(ics, NEW_YORK);
      assertThat(ids(c)).containsExactlyInAnyOrder("london-weekly/20250303T090000Z", "london-weekly/20250310T090000Z",
          "london-weekly/20250317T090000Z");
      assertThat(c.instances()).filteredOn(i -> i.externalId().endsWith("20250310T090000Z")).singleElement()
          .satisfies(i -> assertThat(i.start()).isEqualTo(Instant.parse("2025-03-11T09:00:00Z")));
      assertThat(c.issues()).isEmpty();
    }
  }

  @Nested
  @DisplayName("an override that matches no instance")
  class UnmatchedOverride {
    @Test
    @DisplayName("is a SKIPPED issue naming the instance it claims, never an extra instance")
    void reported() {
      String ics = calendar(
          event("UID:weekly-mon", "DTSTART;TZID=America/New_York:20250303T090000", "DURATION:PT50M",
              "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=4"),
          event("UID:weekly-mon", "RECURRENCE-ID;TZID=America/New_York:20250305T090000",
              "DTSTART;TZID=America/New_York:20250306T090000", "DURATION:PT50M"));
      FeedContent c = read(ics, NEW_YORK);
      assertThat(ids(c)).hasSize(4).allMatch(id -> !id.endsWith("20250305T140000Z"));
      assertThat(c.issues()).extracting(RecordIssue::vendorRecordId, RecordIssue::field, RecordIssue::severity)
          .containsExactly(tuple("weekly-mon/20250305T140000Z", "RECURRENCE-ID", RecordIssue.Severity.SKIPPED));
    }

    @Test
    @DisplayName("an override of a real instance far outside the window, moved into it, is still matched")
    void farInstanceMovedIn() {
      String ics = calendar(
          event("UID:since-2024", "DTSTART;TZID=America/New_York:20240101T090000", "DURATION:PT50M",
              "RRULE:FREQ=WEEKLY;BYDAY=MO"),
          event("UID:since-2024", "RECURRENCE-ID;TZID=America/New_York:20240603T090000",
              "DTSTART;TZID=America/New_York:20250312T150000", "DURATION:PT50M"));
      FeedContent c = read(ics, NEW_YORK);
      assertThat(ids(c)).contains("since-2024/20240603T130000Z");
      assertThat(c.issues()).isEmpty();
    }
  }

  @Nested
  @DisplayName("events without a UID (OWA)")
  class WithoutUid {
    static final String OWA = "BEGIN:VEVENT\r\nDTSTART;TZID=\"(UTC-05:00) Eastern Time (US & Canada)\":20250312T100000\r\n"
        + "DTEND;TZID=\"(UTC-05:00) Eastern Time (US & Canada)\":20250312T105000\r\nSUMMARY:%s\r\n"
        + "X-MICROSOFT-CDO-BUSYSTATUS:BUSY\r\nEND:VEVENT\r\n";

    @Test
    @DisplayName("are kept under a keyed hash of their times, reported as derived, whatever their summary says")
    void derivedKey() {
      FeedContent first = read(calendar(String.format(OWA, "Jordan Testpatient")), NEW_YORK);
      FeedContent renamed = read(calendar(String.format(OWA, "Casey Examplename")), NEW_YORK);
      assertThat(ids(first)).singleElement().satisfies(id -> {
        assertThat(id).startsWith("ics-derived:").doesNotContain("Jordan");
        assertThat(ids(renamed)).containsExactly(id);
      });
      assertThat(first.instances().get(0).start()).isEqualTo(Instant.parse("2025-03-12T14:00:00Z"));
      assertThat(first.issues()).extracting(RecordIssue::field, RecordIssue::severity)
          .containsExactly(tuple("UID", RecordIssue.Severity.FALLBACK));
      assertThat(first.issues().get(0).reason()).contains("derived");
    }

    @Test
    @DisplayName("get another key when their times change, and another under another connector's namespace")
    void keyFollowsTimes() {
      String id = ids(read(calendar(String.format(OWA, "x")), NEW_YORK)).get(0);
      String moved = ids(read(calendar(String.format(OWA, "x").replace("20250312T10", "20250313T10")), NEW_YORK)).get(0);
      String other = ids(read(calendar(String.format(OWA, "x")), NEW_YORK,
          UidKeys.derived(KEY, "ics-derived:", "ics-feed-derived-uid/another"))).get(0);
      assertThat(moved).isNotEqualTo(id);
      assertThat(other).isNotEqualTo(id);
    }

    @Test
    @DisplayName("are skipped when they cannot be keyed at all, or when keys are not derived")
    void unkeyable() {
      FeedContent c = read(calendar(event("SUMMARY:no start, no uid", "DURATION:PT1H")), NEW_YORK);
      assertThat(c.instances()).isEmpty();
      assertThat(c.issues()).extracting(RecordIssue::vendorRecordId, RecordIssue::field, RecordIssue::severity)
          .containsExactly(tuple("VEVENT#1", "UID", RecordIssue.Severity.SKIPPED));
      FeedContent refused = read(calendar(String.format(OWA, "x")), NEW_YORK, UidKeys.refusing());
      assertThat(refused.instances()).isEmpty();
      assertThat(refused.issues()).extracting(RecordIssue::severity).containsExactly(RecordIssue.Severity.SKIPPED);
    }
  }

  @Test
  @DisplayName("one malformed event is an issue and the rest of the feed is read")
  void perRecord() {
    String ics = calendar(
        event("UID:good", "DTSTART:20250310T140000Z", "DURATION:PT50M"),
        event("UID:bad-rule", "DTSTART:20250311T140000Z", "DURATION:PT50M", "RRULE:FREQ=FORTNIGHTLY"),
        event("UID:bad-date", "DTSTART:2025-03-12", "DURATION:PT50M"));
    FeedContent c = read(ics, NEW_YORK);
    assertThat(ids(c)).containsExactly("good");
    assertThat(c.issues()).extracting(RecordIssue::vendorRecordId).containsExactlyInAnyOrder("bad-rule", "bad-date");
  }
}
