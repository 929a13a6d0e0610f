package dev.clinicsync.core.model;

import dev.clinicsync.core.Checks;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * A half-open interval of time {@code [start, end)} with {@code end > start}: a 09:00–10:00
 * window and a 10:00–11:00 window do not overlap.
 *
 * @param start the first instant inside the window
 * @param end the first instant after the window
 */
public record TimeWindow(Instant start, Instant end) {

  public TimeWindow {
    Checks.ordered(start, end, "time window");
  }

  public static TimeWindow of(Instant start, Instant end) {
    return new TimeWindow(start, end);
  }

  public static TimeWindow of(Instant start, Duration length) {
    return new TimeWindow(start, start.plus(length));
  }

  /**
   * Whole local days {@code [firstDay, lastDayExclusive)} in a zone: the window runs from the
   * start of the first day to the start of the day after the last, so DST days are 23 or 25 hours.
   */
  public static TimeWindow ofLocalDays(LocalDate firstDay, LocalDate endDayExclusive, ZoneId zone) {
    return new TimeWindow(
        firstDay.atStartOfDay(zone).toInstant(), endDayExclusive.atStartOfDay(zone).toInstant());
  }

  public Duration length() {
    return Duration.between(start, end);
  }

  /** Whether the two share at least one instant (touching ends do not). */
  public boolean overlaps(TimeWindow other) {
    return start.isBefore(other.end) && other.start.isBefore(end);
  }

  /** Whether {@code [otherStart, otherEnd)} shares at least one instant with this window. */
  public boolean overlaps(Instant otherStart, Instant otherEnd) {
    return start.isBefore(otherEnd) && otherStart.isBefore(end);
  }

  /** Whether the instant lies inside {@code [start, end)}. */
  public boolean contains(Instant instant) {
    return !instant.isBefore(start) && instant.isBefore(end);
  }

  /** Whether the other window lies wholly inside this one. */
  public boolean encloses(TimeWindow other) {
    return !other.start.isBefore(start) && !other.end.isAfter(end);
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end + ")";
  }
}
