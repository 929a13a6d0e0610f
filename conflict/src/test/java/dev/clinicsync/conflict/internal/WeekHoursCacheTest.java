package dev.clinicsync.conflict.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.WeeklyAvailability;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The cache of compiled working weeks only saves time, so behaviour tests cannot see it: these
 * cases look at which objects it returns. A year of questions must not evict itself (before the
 * cache held 128 weeks, weeks 32 apart shared a slot and about one asked week in three was compiled
 * again, which made {@code isFree} cost as much as a full {@code check}).
 */
@DisplayName("The compiled working-week cache")
class WeekHoursCacheTest {
  static final WeeklyAvailability HOURS = WeeklyAvailability.builder()
      .weekdays(new LocalTimeRange(LocalTime.of(8, 0), LocalTime.of(12, 0)), new LocalTimeRange(LocalTime.of(13, 0),
          LocalTime.of(17, 0)))
      .build();

  static CompiledAvailability compiled() {
    return new SharedAvailabilities().of(
        Clinician.of(ClinicianId.of("c-cache"), "Clinician cache", ZoneId.of("America/Chicago"), HOURS));
  }

  static long weekOf(String instant) {
    return Math.floorDiv(Occupancy.unitOf(Instant.parse(instant).getEpochSecond()), Occupancy.WEEK_UNITS);
  }

  @Test
  @DisplayName("keeps every week of a year and a half once asked, so asking again compiles nothing")
  void aYearStaysCached() {
    CompiledAvailability av = compiled();
    long first = weekOf("2026-01-01T00:00:00Z");
    int weeks = 80; // more than a year: the benchmark's weeks, and a booking horizon past New Year
    List<CompiledAvailability.WeekHours> asked = new ArrayList<>();
    for (int k = 0; k < weeks; k++) {
      asked.add(av.hours(first + k));
    }
    for (int k = weeks - 1; k >= 0; k--) {
      assertThat(av.hours(first + k)).as("week %d of the year", k).isSameAs(asked.get(k));
    }
  }

  @Test
  @DisplayName("answers a week that shares a slot with a cached one with that week's own hours")
  void aSharedSlotIsNotConfused() {
    CompiledAvailability av = compiled();
    long week = weekOf("2026-03-02T00:00:00Z");
    long far = week + CompiledAvailability.WEEK_SLOTS; // same slot, another week
    CompiledAvailability.WeekHours near = av.hours(week);
    CompiledAvailability.WeekHours other = av.hours(far);
    assertThat(other.week).isEqualTo(far);
    long farStart = far * Occupancy.WEEK_UNITS * Occupancy.UNIT;
    assertThat(other.spans).isNotEmpty();
    assertThat(other.spans[0]).isGreaterThanOrEqualTo(farStart);
    assertThat(other.spans[other.spans.length - 1]).isLessThanOrEqualTo(farStart + Occupancy.WEEK_UNITS * Occupancy.UNIT);
    assertThat(av.hours(week).week).isEqualTo(week);
    assertThat(av.hours(week).spans).containsExactly(near.spans);
  }
}
