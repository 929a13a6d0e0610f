package dev.clinicsync.examples.cli;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Dates and times as typed on the command line. */
final class Times {
  static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd", java.util.Locale.ROOT);
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", java.util.Locale.ROOT);

  private Times() {}

  /**
   * An instant from {@code 2026-12-07} (the start of that day), {@code 2026-12-07T09:00} (local),
   * {@code 2026-12-07T09:00-05:00} or {@code 2026-12-07T14:00:00Z}; local forms in {@code zone}.
   */
  static Instant instantOf(String option, String text, ZoneId zone) {
    String t = text.strip();
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay(zone).toInstant();
      }
      if (t.endsWith("Z") || t.endsWith("z")) {
        return Instant.parse(t.toUpperCase(java.util.Locale.ROOT));
      }
      if (t.matches(".*T.*[+-]\\d\\d:\\d\\d$")) {
        return OffsetDateTime.parse(t).toInstant();
      }
      return LocalDateTime.parse(t).atZone(zone).toInstant();
    } catch (DateTimeParseException e) {
      throw new UsageException(option + ": expected a date (2026-12-07) or a date-time (2026-12-07T09:00,"
          + " 2026-12-07T09:00-05:00, 2026-12-07T14:00Z)");
    }
  }

  static ZoneId zone(String option, String text) {
    try {
      return ZoneId.of(text.strip());
    } catch (DateTimeException e) {
      throw new UsageException(option + ": expected an IANA time zone such as America/New_York");
    }
  }
}
