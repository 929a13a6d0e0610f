package dev.clinicsync.connectors.icsfeed.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.model.TimeWindow;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import net.fortuna.ical4j.model.Recur;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Recurrence expansion is bounded")
class RecurrenceBoundsTest {
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final TimeWindow WINDOW = TimeWindow.of(Instant.parse("2025-03-01T00:00:00Z"), Instant.parse("2025-05-01T00:00:00Z"));
  /** Generous for a check that takes milliseconds; today's ical4j call needs minutes or the whole heap. */
  static final Duration QUICKLY = Duration.ofSeconds(10);

  static String values(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(Integer::toString).collect(Collectors.joining(","));
  }

  static final String EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU";
  static final String EVERY_TIME = ";BYHOUR=" + values(0, 23) + ";BYMINUTE=" + values(0, 59) + ";BYSECOND=" + values(0, 59);
  /** 12 × 31 × 24 × 60 × 60 = 32 million candidates in every year, as one list. */
  static final String EVERY_VALUE_YEARLY = "FREQ=YEARLY;BYMONTH=" + values(1, 12) + ";BYMONTHDAY=" + values(1, 31) + EVERY_TIME;

  static String calendar(String... events) {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + String.join("", events) + "END:VCALENDAR\r\n";
  }

  static String series(String uid, String dtstart, String rrule) {
    return "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTART;TZID=America/New_York:" + dtstart + "\r\nDURATION:PT50M\r\n"
        + "RRULE:" + rrule + "\r\nEND:VEVENT\r\n";
  }

  static String single(String uid, String dtstart) {
    return "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTART;TZID=America/New_York:" + dtstart + "\r\nDURATION:PT50M\r\nEND:VEVENT\r\n";
  }

  static FeedContent read(ExpansionLimits limits, String ics) {
    return new IcsFeedReader(NEW_YORK, limits).read(IcsParser.parse(new StringReader(ics), 50_000_000), WINDOW);
  }

  static List<String> idsOf(FeedContent c, String uid) {
    return c.instances().stream().map(EventInstance::externalId).filter(id -> id.startsWith(uid)).toList();
  }

  static Stream<Arguments> millionsOfCandidates() {
    return Stream.of(
        Arguments.of("FREQ=YEARLY with every BYMONTH, BYMONTHDAY, BYHOUR, BYMINUTE, BYSECOND", "20250101T000000",
            EVERY_VALUE_YEARLY),
        Arguments.of("the same, emitting one instance a year (BYSETPOS=1)", "20250101T000000",
            EVERY_VALUE_YEARLY + ";BYSETPOS=1"),
        Arguments.of("the same with COUNT, from 1900", "19000101T000000", EVERY_VALUE_YEARLY + ";COUNT=3"),
        Arguments.of("FREQ=YEARLY with every BYYEARDAY and time", "20250101T000000",
            "FREQ=YEARLY;BYYEARDAY=" + values(1, 366) + EVERY_TIME),
        Arguments.of("FREQ=YEARLY with every BYWEEKNO and BYDAY and time", "20250101T000000",
            "FREQ=YEARLY;BYWEEKNO=" + values(1, 53) + ";BYDAY=" + EVERY_DAY + EVERY_TIME),
        Arguments.of("FREQ=YEARLY with every BYDAY, hour and minute", "20250101T000000",
            "FREQ=YEARLY;BYDAY=" + EVERY_DAY + ";BYHOUR=" + values(0, 23) + ";BYMINUTE=" + values(0, 59)),
        Arguments.of("FREQ=MONTHLY with every BYMONTHDAY and time", "20250101T000000",
            "FREQ=MONTHLY;BYMONTHDAY=" + values(1, 31) + EVERY_TIME),
        Arguments.of("FREQ=WEEKLY with every BYDAY and time", "20250101T000000",
            "FREQ=WEEKLY;BYDAY=" + EVERY_DAY + EVERY_TIME),
        Arguments.of("FREQ=DAILY with every time of day", "20250101T000000", "FREQ=DAILY" + EVERY_TIME),
        Arguments.of("FREQ=HOURLY with every minute and second", "20250101T000000",
            "FREQ=HOURLY;BYMINUTE=" + values(0, 59) + ";BYSECOND=" + values(0, 59)),
        Arguments.of("FREQ=HOURLY with a huge COUNT from 1900 (no fast-forward)", "19000101T000000",
            "FREQ=HOURLY;COUNT=2000000000"),
        Arguments.of("FREQ=SECONDLY", "20250101T000000", "FREQ=SECONDLY"),
        Arguments.of("a BYMONTHDAY listed a hundred thousand times", "20250101T000000",
            "FREQ=YEARLY;BYMONTHDAY=" + String.join(",", java.util.Collections.nCopies(100_000, "1"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("millionsOfCandidates")
  @DisplayName("a rule building millions of candidates a year ends quickly as one skipped series; the rest of the feed reads on")
  void millions(String name, String dtstart, String rule) {
    String ics = calendar(series("hostile", dtstart, rule), single("normal", "20250310T090000"));
    FeedContent c = assertTimeoutPreemptively(QUICKLY, () -> read(ExpansionLimits.DEFAULTS, ics));
    assertThat(idsOf(c, "hostile")).isEmpty();
    assertThat(c.issues()).singleElement().satisfies(i -> {
      assertThat(i.vendorRecordId()).isEqualTo("hostile");
      assertThat(i.field()).isEqualTo("RRULE");
      assertThat(i.severity()).isEqualTo(RecordIssue.Severity.SKIPPED);
      assertThat(i.reason()).doesNotContain("BYMONTHDAY").doesNotContain("59");
    });
    assertThat(idsOf(c, "normal")).containsExactly("normal");
  }

  @Test
  @DisplayName("counts candidate evaluations, not only emitted instances")
  void stepsNotInstances() {
    // one instance a day (BYSETPOS=1) out of 48 candidates a day
    String ics = calendar(series("setpos", "20250101T000000", "FREQ=DAILY;BYHOUR=" + values(0, 23) + ";BYMINUTE=0,30;BYSETPOS=1"));
    FeedContent generous = read(ExpansionLimits.DEFAULTS, ics);
    assertThat(idsOf(generous, "setpos")).hasSizeBetween(60, 62);
    assertThat(generous.issues()).isEmpty();

    ExpansionLimits tight = new ExpansionLimits(1000, 5_000, 100_000, 20_000_000);
    FeedContent c = read(tight, ics);
    assertThat(idsOf(c, "setpos")).isEmpty();
    assertThat(c.issues()).singleElement().satisfies(i -> {
      assertThat(i.severity()).isEqualTo(RecordIssue.Severity.SKIPPED);
      assertThat(i.reason()).contains("max-expansion-steps-per-series (5000)");
    });
  }

  @Test
  @DisplayName("counts RDATEs and overrides against the instances one series may define")
  void rdatesAndOverrides() {
    String rdates = IntStream.range(0, 60).mapToObj(i -> String.format("202503%02dT%02d0000", 1 + i % 28, 10 + i / 28))
        .collect(Collectors.joining(","));
    String withRdates = "BEGIN:VEVENT\r\nUID:rdates\r\nDTSTART;TZID=America/New_York:20250303T090000\r\nDURATION:PT50M\r\n"
        + "RRULE:FREQ=WEEKLY;COUNT=4\r\nRDATE;TZID=America/New_York:" + rdates + "\r\nEND:VEVENT\r\n";
    // overrides replace instances of their series, so only overrides without a master in the feed can add any
    StringBuilder overrides = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      overrides.append("BEGIN:VEVENT\r\nUID:overridden\r\nRECURRENCE-ID;TZID=America/New_York:2025")
          .append(String.format("%02d%02d", 6 + i / 28, 1 + i % 28)).append("T090000\r\n")
          .append("DTSTART;TZID=America/New_York:20250401T100000\r\nDURATION:PT50M\r\nEND:VEVENT\r\n");
    }
    FeedContent c = read(ExpansionLimits.withInstancesPerSeries(50), calendar(withRdates, overrides.toString()));
    assertThat(c.instances()).isEmpty();
    assertThat(c.issues()).extracting(RecordIssue::vendorRecordId, RecordIssue::field, RecordIssue::severity)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("rdates", "RDATE", RecordIssue.Severity.SKIPPED),
            org.assertj.core.groups.Tuple.tuple("overridden", "RECURRENCE-ID", RecordIssue.Severity.FALLBACK),
            org.assertj.core.groups.Tuple.tuple("overridden", "RECURRENCE-ID", RecordIssue.Severity.SKIPPED));
  }

  @Test
  @DisplayName("fails the read, naming the limit, when the feed defines more instances than one feed may")
  void instancesPerFeed() {
    String[] events = IntStream.range(0, 30).mapToObj(i -> single("s" + i, "20250310T090000")).toArray(String[]::new);
    ExpansionLimits limits = new ExpansionLimits(1000, 1_000_000, 20, 20_000_000);
    assertThatThrownBy(() -> read(limits, calendar(events)))
        .isInstanceOfSatisfying(FeedProblem.class, p -> {
          assertThat(p.kind()).isEqualTo(FeedProblem.Kind.LIMIT_EXCEEDED);
          assertThat(p.limit()).contains("max-instances-per-feed");
          assertThat(p.limitValue()).isEqualTo(20);
          assertThat(p.getMessage()).contains("max-instances-per-feed (20)");
        });
    assertThat(read(ExpansionLimits.DEFAULTS, calendar(events)).instances()).hasSize(30);
  }

  @Test
  @DisplayName("fails the read, naming the limit, when series each within their limit need more steps than one feed may")
  void stepsPerFeed() {
    String[] events = IntStream.range(0, 50).mapToObj(i -> series("d" + i, "20250101T090000", "FREQ=DAILY"))
        .toArray(String[]::new);
    assertThat(read(ExpansionLimits.DEFAULTS, calendar(events)).instances()).hasSize(50 * 61);
    ExpansionLimits limits = new ExpansionLimits(1000, 1_000_000, 100_000, 20_000);
    assertThatThrownBy(() -> read(limits, calendar(events)))
        .isInstanceOfSatisfying(FeedProblem.class, p -> {
          assertThat(p.kind()).isEqualTo(FeedProblem.Kind.LIMIT_EXCEEDED);
          assertThat(p.limit()).contains("max-expansion-steps-per-feed");
          assertThat(p.getMessage()).contains("max-expansion-steps-per-feed (20000)");
        });
  }

  @Test
  @DisplayName("bounds a VTIMEZONE's observance rules too: a hostile one makes its TZID unusable, quickly")
  void hostileVtimezone() {
    String ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTIMEZONE\r\nTZID:Clinic Time\r\nBEGIN:STANDARD\r\n"
        + "DTSTART:19700101T000000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nRRULE:" + EVERY_VALUE_YEARLY + "\r\n"
        + "END:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:zoned\r\nDTSTART;TZID=Clinic Time:20250310T090000\r\n"
        + "DURATION:PT50M\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    FeedContent c = assertTimeoutPreemptively(QUICKLY, () -> read(ExpansionLimits.DEFAULTS, ics));
    assertThat(c.instances()).isEmpty();
    assertThat(c.issues()).singleElement().satisfies(i -> {
      assertThat(i.vendorRecordId()).isEqualTo("zoned");
      assertThat(i.reason()).contains("unknown TZID").doesNotContain("Clinic Time");
    });
  }

  @Test
  @DisplayName("keeps an ordinary weekly series that began years ago cheap, with no issue")
  void ordinarySeries() {
    FeedContent c = read(ExpansionLimits.DEFAULTS, calendar(series("weekly", "20150106T090000", "FREQ=WEEKLY;BYDAY=TU")));
    assertThat(idsOf(c, "weekly")).hasSize(9);
    assertThat(c.issues()).isEmpty();
    Recur<LocalDateTime> weekly = new Recur<>("FREQ=WEEKLY;BYDAY=TU", true);
    RecurrenceExpander.Plan<LocalDateTime> plan = RecurrenceExpander.plan(weekly, "FREQ=WEEKLY;BYDAY=TU",
        LocalDateTime.of(2015, 1, 6, 9, 0), LocalDateTime.of(2025, 1, 1, 0, 0), LocalDateTime.of(2026, 2, 1, 0, 0));
    assertThat(plan.steps()).isLessThan(50_000);
    assertThat(plan.seed()).as("fast-forwarded to just before the window").isAfter(LocalDateTime.of(2024, 12, 1, 0, 0));
  }

  @Nested
  @DisplayName("the cost estimate")
  class Estimate {
    @Test
    @DisplayName("puts the every-value yearly rule in the tens of millions of steps")
    void everyValue() {
      Recur<LocalDateTime> r = new Recur<>(EVERY_VALUE_YEARLY, true);
      RecurrenceExpander.Plan<LocalDateTime> plan = RecurrenceExpander.plan(r, EVERY_VALUE_YEARLY,
          LocalDateTime.of(2025, 1, 1, 0, 0), LocalDateTime.of(2025, 3, 1, 0, 0), LocalDateTime.of(2025, 5, 1, 0, 0));
      assertThat(plan.steps()).isGreaterThan(32_000_000L);
      assertThat(plan.visits()).isGreaterThanOrEqualTo(12L * 31 * 24 * 60 * 60);
    }

    /** Seeded random rules, small enough to run through ical4j. */
    @Test
    @DisplayName("is never below the candidates ical4j actually visits, for 200 seeded random rules")
    void upperBound() {
      SplittableRandom random = new SplittableRandom(20250301);
      String[] freqs = {"HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"};
      String[] days = {"MO", "TU", "WE", "TH", "FR", "SA", "SU", "1MO", "-1FR", "2TU", "5WE"};
      List<String> failures = new ArrayList<>();
      for (int n = 0; n < 200; n++) {
        StringBuilder rule = new StringBuilder("FREQ=").append(freqs[random.nextInt(freqs.length)]);
        if (random.nextInt(3) == 0) {
          rule.append(";INTERVAL=").append(1 + random.nextInt(3));
        }
        if (random.nextInt(3) == 0) {
          rule.append(";BYMONTH=").append(pick(random, 1, 12, 3));
        }
        if (random.nextInt(3) == 0) {
          rule.append(";BYMONTHDAY=").append(pick(random, 1, 31, 3));
        }
        if (random.nextInt(3) == 0) {
          List<String> d = new ArrayList<>();
          for (int k = 0; k < 1 + random.nextInt(3); k++) {
            d.add(days[random.nextInt(days.length)]);
          }
          rule.append(";BYDAY=").append(String.join(",", d));
        }
        if (random.nextInt(3) == 0) {
          rule.append(";BYHOUR=").append(pick(random, 0, 23, 3));
        }
        if (random.nextInt(4) == 0) {
          rule.append(";BYMINUTE=").append(pick(random, 0, 59, 2));
        }
        if (random.nextInt(5) == 0) {
          rule.append(";BYSETPOS=").append(1 + random.nextInt(3));
        }
        if (random.nextInt(4) == 0) {
          rule.append(";COUNT=").append(1 + random.nextInt(200));
        }
        LocalDateTime seed = LocalDateTime.of(2023 + random.nextInt(3), 1 + random.nextInt(12), 1 + random.nextInt(28),
            random.nextInt(24), 0);
        LocalDateTime from = LocalDateTime.of(2025, 3, 1, 0, 0);
        LocalDateTime to = from.plusDays(1 + random.nextInt(120));
        Recur<LocalDateTime> recur = new Recur<>(rule.toString(), true);
        RecurrenceExpander.Plan<LocalDateTime> plan = RecurrenceExpander.plan(recur, rule.toString(), seed, from, to);
        long visits = 0;
        var it = recur.getDatesAsStream(plan.seed(), from, to, -1).spliterator();
        while (it.tryAdvance(x -> { }) && visits <= plan.visits()) {
          visits++;
        }
        if (visits > plan.visits()) {
          failures.add(rule + " from " + seed + ": " + visits + " > " + plan.visits());
        }
        // the moved seed gives the same instances in the window as the real one
        List<LocalDateTime> moved = recur.getDates(plan.seed(), from, to, -1).stream()
            .filter(d -> !d.isBefore(seed)).toList();
        List<LocalDateTime> real = recur.getDates(seed, from, to, -1);
        if (!real.equals(moved)) {
          failures.add(rule + " from " + seed + ": the moved seed changes the instances");
        }
      }
      assertThat(failures).isEmpty();
    }

    private static String pick(SplittableRandom random, int min, int max, int most) {
      return random.ints(1 + random.nextInt(most), min, max + 1).distinct().sorted()
          .mapToObj(Integer::toString).collect(Collectors.joining(","));
    }
  }
}
