package dev.clinicsync.connectors.icsfeed.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.connectors.icsfeed.Fixtures;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.connector.RecordIssue;
import java.io.StringReader;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Reading an iCalendar feed into instances")
class IcsFeedReaderTest {
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
  static final TimeWindow MARCH_APRIL = TimeWindow.of(Instant.parse("2025-03-01T00:00:00Z"), Instant.parse("2025-05-01T00:00:00Z"));

  static FeedContent read(String resource, ZoneId practiceZone, TimeWindow window) {
    IcsComponent cal = IcsParser.parse(new StringReader(Fixtures.text(resource)), 1_000_000);
    return new IcsFeedReader(practiceZone, 1000).read(cal, window);
  }

  static Map<String, EventInstance> byId(FeedContent c) {
    return c.instances().stream().collect(Collectors.toMap(EventInstance::externalId, Function.identity()));
  }

  @Nested
  @DisplayName("a weekly series across the March DST change")
  class WeeklySeries {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ics/dst-weekly-crlf.ics", "ics/dst-weekly-lf.ics"})
    @DisplayName("keeps its local time, applies EXDATE, RDATE and overrides, CRLF or LF alike")
    void expands(String resource) {
      FeedContent c = read(resource, CHICAGO, MARCH_APRIL);
      String uid = "sp-appt-7f3c9e2a@simplepractice.com";
      Map<String, EventInstance> ids = byId(c);
      assertThat(ids.keySet()).containsExactlyInAnyOrder(
          uid + "/20250304T140000Z",
          uid + "/20250311T130000Z",
          uid + "/20250318T130000Z",
          uid + "/20250325T130000Z",
          uid + "/20250408T130000Z",
          uid + "/20250410T180000Z",
          uid + "/20250415T130000Z",
          "sp-appt-single-51d0@simplepractice.com");
      // EST before the change, EDT after: both 09:00 New York time
      assertThat(ids.get(uid + "/20250304T140000Z").start()).isEqualTo(Instant.parse("2025-03-04T14:00:00Z"));
      assertThat(ids.get(uid + "/20250304T140000Z").end()).isEqualTo(Instant.parse("2025-03-04T14:50:00Z"));
      assertThat(ids.get(uid + "/20250311T130000Z").start()).isEqualTo(Instant.parse("2025-03-11T13:00:00Z"));
      // the override came before its master in the file and still replaces the 18 March instance
      EventInstance moved = ids.get(uid + "/20250318T130000Z");
      assertThat(moved.start()).isEqualTo(Instant.parse("2025-03-18T14:30:00Z"));
      assertThat(moved.end()).isEqualTo(Instant.parse("2025-03-18T15:20:00Z"));
      assertThat(moved.event().property("RECURRENCE-ID")).isPresent();
      assertThat(ids.get(uid + "/20250325T130000Z").event().property("STATUS").orElseThrow().value()).isEqualTo("CANCELLED");
      // RDATE keeps the master's length
      assertThat(ids.get(uid + "/20250410T180000Z").end()).isEqualTo(Instant.parse("2025-04-10T18:50:00Z"));
      assertThat(moved.zone()).contains(NEW_YORK);
      assertThat(c.issues()).isEmpty();
      assertThat(c.eventCount()).isEqualTo(4);
    }

    @Test
    @DisplayName("gives the same ids on every read and only instances overlapping the window")
    void stableIds() {
      TimeWindow lateMarch = TimeWindow.of(Instant.parse("2025-03-20T00:00:00Z"), Instant.parse("2025-04-09T00:00:00Z"));
      FeedContent a = read("ics/dst-weekly-crlf.ics", CHICAGO, lateMarch);
      FeedContent b = read("ics/dst-weekly-lf.ics", CHICAGO, lateMarch);
      assertThat(byId(a).keySet()).isEqualTo(byId(b).keySet())
          .containsExactlyInAnyOrder("sp-appt-7f3c9e2a@simplepractice.com/20250325T130000Z",
              "sp-appt-7f3c9e2a@simplepractice.com/20250408T130000Z");
      assertThat(a.known()).containsKey("sp-appt-single-51d0@simplepractice.com");
    }

    @Test
    @DisplayName("does not depend on the JVM's default zone")
    void defaultZoneIndependent() {
      assertThat(java.util.TimeZone.getDefault().getID())
          .as("surefire runs with -Duser.timezone=Pacific/Chatham").isEqualTo("Pacific/Chatham");
      FeedContent c = read("ics/dst-weekly-crlf.ics", NEW_YORK, MARCH_APRIL);
      assertThat(c.instances()).extracting(EventInstance::start)
          .contains(Instant.parse("2025-03-04T14:00:00Z"), Instant.parse("2025-03-11T13:00:00Z"));
    }
  }

  @Nested
  @DisplayName("an Outlook export")
  class Outlook {
    final FeedContent c = read("ics/outlook-windows-zones.ics", CHICAGO, MARCH_APRIL);
    final Map<String, EventInstance> ids = byId(c);
    static final String P = "040000008200E00074C5B7101A82E00800000000D0A1B2C3D4E5F6";

    @Test
    @DisplayName("maps a Windows zone name to its IANA zone")
    void windowsName() {
      EventInstance i = ids.get(P + "01");
      assertThat(i.start()).isEqualTo(Instant.parse("2025-03-10T13:00:00Z"));
      assertThat(i.zone()).contains(NEW_YORK);
      assertThat(i.zoneSource()).isEqualTo("windows");
    }

    @Test
    @DisplayName("maps a quoted Outlook display name")
    void displayName() {
      EventInstance i = ids.get(P + "02");
      assertThat(i.start()).isEqualTo(Instant.parse("2025-03-11T14:00:00Z"));
      assertThat(i.zoneSource()).isEqualTo("windows-display");
    }

    @Test
    @DisplayName("uses the feed's VTIMEZONE for a TZID no table knows")
    void customVtimezone() {
      EventInstance i = ids.get(P + "03");
      assertThat(i.start()).isEqualTo(Instant.parse("2025-03-12T14:00:00Z"));
      assertThat(i.zone()).isEmpty();
      assertThat(i.zoneSource()).isEqualTo("vtimezone");
    }

    @Test
    @DisplayName("reports an unknown TZID for that record only, never a silent default")
    void unknownTzid() {
      assertThat(ids).doesNotContainKey(P + "04");
      assertThat(c.issues()).singleElement().satisfies(issue -> {
        assertThat(issue.vendorRecordId()).isEqualTo(P + "04");
        assertThat(issue.severity()).isEqualTo(RecordIssue.Severity.SKIPPED);
        assertThat(issue.reason()).contains("unknown TZID").doesNotContain("Mars");
      });
    }

    @Test
    @DisplayName("reads floating times in the practice zone, UTC as UTC, DURATION as length")
    void floatingAndUtc() {
      assertThat(ids.get(P + "05").start()).isEqualTo(Instant.parse("2025-03-14T14:00:00Z"));
      assertThat(ids.get(P + "05").zone()).contains(CHICAGO);
      assertThat(ids.get(P + "06").start()).isEqualTo(Instant.parse("2025-03-14T17:00:00Z"));
      assertThat(ids.get(P + "06").end()).isEqualTo(Instant.parse("2025-03-14T17:45:00Z"));
    }

    @Test
    @DisplayName("unfolds a tab-folded line")
    void tabFold() {
      assertThat(ids.get(P + "05").event().property("SUMMARY").orElseThrow().text())
          .endsWith("folded with a tab character");
    }
  }

  @Nested
  @DisplayName("an all-day recurring series")
  class AllDay {
    final FeedContent c = read("ics/allday-recurring.ics", NEW_YORK, MARCH_APRIL);
    final Map<String, EventInstance> ids = byId(c);
    static final String UID = "sp-allday-admin-9a1@simplepractice.com";

    @Test
    @DisplayName("is whole local days in the practice zone, with EXDATE and overrides")
    void wholeDays() {
      assertThat(ids.keySet()).containsExactlyInAnyOrder(
          UID + "/20250303", UID + "/20250310", UID + "/20250324", UID + "/20250331", UID + "/20250407",
          "sp-allday-conf-77@simplepractice.com");
      assertThat(ids.get(UID + "/20250303").start()).isEqualTo(Instant.parse("2025-03-03T05:00:00Z"));
      assertThat(ids.get(UID + "/20250303").end()).isEqualTo(Instant.parse("2025-03-04T05:00:00Z"));
      assertThat(ids.get(UID + "/20250310").start()).isEqualTo(Instant.parse("2025-03-10T04:00:00Z"));
      assertThat(ids.get(UID + "/20250324").start()).isEqualTo(Instant.parse("2025-03-25T04:00:00Z"));
      assertThat(ids.get(UID + "/20250303").allDay()).isTrue();
      assertThat(ids.get(UID + "/20250303").zone()).contains(NEW_YORK);
    }

    @Test
    @DisplayName("ends exclusively, spanning the DST day with 23 hours")
    void multiDay() {
      EventInstance conf = ids.get("sp-allday-conf-77@simplepractice.com");
      assertThat(conf.start()).isEqualTo(Instant.parse("2025-03-08T05:00:00Z"));
      assertThat(conf.end()).isEqualTo(Instant.parse("2025-03-11T04:00:00Z"));
    }
  }

  @Nested
  @DisplayName("a broken feed")
  class Broken {
    @Test
    @DisplayName("that stops before END:VCALENDAR is TRUNCATED")
    void truncated() {
      assertThatThrownBy(() -> IcsParser.parse(new StringReader(Fixtures.text("ics/truncated.ics")), 1_000_000))
          .isInstanceOfSatisfying(FeedProblem.class, p -> assertThat(p.kind()).isEqualTo(FeedProblem.Kind.TRUNCATED));
    }

    @Test
    @DisplayName("that is larger than the limit is TOO_LARGE")
    void tooLarge() {
      assertThatThrownBy(() -> IcsParser.parse(new StringReader(Fixtures.text("ics/dst-weekly-crlf.ics")), 500))
          .isInstanceOfSatisfying(FeedProblem.class, p -> assertThat(p.kind()).isEqualTo(FeedProblem.Kind.TOO_LARGE));
    }

    @Test
    @DisplayName("that is not iCalendar at all is MALFORMED, without quoting its content")
    void malformed() {
      assertThatThrownBy(() -> IcsParser.parse(new StringReader("<html>Jordan Testpatient</html>\r\n"), 1_000_000))
          .isInstanceOfSatisfying(FeedProblem.class, p -> {
            assertThat(p.kind()).isIn(FeedProblem.Kind.MALFORMED, FeedProblem.Kind.TRUNCATED);
            assertThat(p.getMessage()).doesNotContain("Jordan");
          });
    }

    @Test
    @DisplayName("with an event lacking DTEND and DURATION skips that event only")
    void zeroLength() {
      String ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20250310T090000Z\r\nEND:VEVENT\r\n"
          + "BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20250310T090000Z\r\nDTEND:20250310T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
      FeedContent c = new IcsFeedReader(NEW_YORK, 100).read(IcsParser.parse(new StringReader(ics), 10_000), MARCH_APRIL);
      assertThat(c.instances()).extracting(EventInstance::externalId).containsExactly("b");
      assertThat(c.issues()).extracting(RecordIssue::vendorRecordId).containsExactly("a");
    }
  }

  @Test
  @DisplayName("skips a runaway series whole and says so, rather than cutting it")
  void seriesCap() {
    String ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:daily\r\nDTSTART:20250101T090000Z\r\n"
        + "DTEND:20250101T093000Z\r\nRRULE:FREQ=HOURLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    FeedContent c = new IcsFeedReader(NEW_YORK, 50).read(IcsParser.parse(new StringReader(ics), 10_000), MARCH_APRIL);
    assertThat(c.instances()).isEmpty();
    assertThat(c.issues()).singleElement().satisfies(i -> {
      assertThat(i.vendorRecordId()).isEqualTo("daily");
      assertThat(i.field()).isEqualTo("RRULE");
      assertThat(i.severity()).isEqualTo(RecordIssue.Severity.SKIPPED);
      assertThat(i.reason()).contains("max-instances-per-series (50)");
    });
  }

  @Test
  @DisplayName("every Windows zone in the CLDR table is a zone this JDK knows")
  void windowsTable() {
    List<String> bad = WindowsZones.table().values().stream().filter(z -> {
      try {
        ZoneId.of(z);
        return false;
      } catch (RuntimeException e) {
        return true;
      }
    }).toList();
    assertThat(bad).isEmpty();
    assertThat(WindowsZones.table()).hasSizeGreaterThan(130);
    assertThat(WindowsZones.displayNames().values()).allSatisfy(w -> assertThat(WindowsZones.forWindowsName(w)).isPresent());
  }
}
