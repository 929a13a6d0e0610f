package dev.clinicsync.conflict.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("A zone table gives the zone rules' offsets and transitions")
class ZoneTableTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"America/New_York", "Australia/Lord_Howe", "Europe/Dublin", "Asia/Kolkata", "UTC",
      "America/Sao_Paulo", "Pacific/Apia"})
  @DisplayName("at every transition, a second either side, and at random instants 1800-2300")
  void agreesWithZoneRules(String id) {
    ZoneRules rules = ZoneId.of(id).getRules();
    ZoneTable table = ZoneTable.of(ZoneId.of(id));
    Instant cursor = Instant.parse("1890-01-01T00:00:00Z");
    for (ZoneOffsetTransition t = rules.nextTransition(cursor);
        t != null && t.getInstant().isBefore(Instant.parse("2210-01-01T00:00:00Z"));
        t = rules.nextTransition(t.getInstant())) {
      for (long s = t.toEpochSecond() - 1; s <= t.toEpochSecond() + 1; s++) {
        assertAgrees(rules, table, s);
      }
    }
    SplittableRandom rnd = new SplittableRandom(id.hashCode());
    long from = Instant.parse("1800-01-01T00:00:00Z").getEpochSecond();
    long to = Instant.parse("2300-01-01T00:00:00Z").getEpochSecond();
    for (int i = 0; i < 20_000; i++) {
      assertAgrees(rules, table, rnd.nextLong(from, to));
    }
  }

  private static void assertAgrees(ZoneRules rules, ZoneTable table, long s) {
    Instant at = Instant.ofEpochSecond(s);
    int position = table.position(s);
    assertThat(table.offsetAt(s)).as("offset at %s", at).isEqualTo(rules.getOffset(at).getTotalSeconds());
    ZoneOffsetTransition next = rules.nextTransition(at);
    long expected = next == null ? Long.MAX_VALUE : next.toEpochSecond();
    long actual = table.nextOf(position, s);
    if (position >= 0 && expected >= Instant.parse("2200-01-01T00:00:00Z").getEpochSecond()) {
      // inside the table, a transition beyond its end is reported as the end
      assertThat(actual).as("next after %s", at).isEqualTo(Instant.parse("2200-01-01T00:00:00Z").getEpochSecond());
    } else {
      assertThat(actual).as("next after %s", at).isEqualTo(expected);
    }
  }
}
