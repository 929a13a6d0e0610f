package dev.clinicsync.core.model;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import java.time.LocalTime;

/**
 * A wall-clock range within a day, such as 09:00–12:00, half-open. A range whose end is at or
 * before its start crosses midnight: 22:00–06:00 runs into the next day, and 18:00–00:00 ends at
 * the next midnight. Equal start and end are refused (ambiguous between nothing and 24 hours).
 *
 * @param start the first local time inside the range
 * @param end the first local time after the range (on the next day when {@code end <= start})
 */
public record LocalTimeRange(LocalTime start, LocalTime end) {

  public LocalTimeRange {
    Checks.notNull(start, "local time range start");
    Checks.notNull(end, "local time range end");
    if (start.equals(end)) {
      throw new ValidationException("local time range " + start + "-" + end
          + " is empty: start and end must differ");
    }
  }

  /** Parses two {@code HH:mm} times. */
  public static LocalTimeRange of(String start, String end) {
    return new LocalTimeRange(LocalTime.parse(start), LocalTime.parse(end));
  }

  public static LocalTimeRange of(LocalTime start, LocalTime end) {
    return new LocalTimeRange(start, end);
  }

  /** Whether the range runs past midnight into the next day. */
  public boolean crossesMidnight() {
    return !end.isAfter(start);
  }

  @Override
  public String toString() {
    return start + "-" + end;
  }
}
