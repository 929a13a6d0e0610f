package dev.clinicsync.sync.internal;

import dev.clinicsync.core.model.AvailabilityException;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.sync.InvalidAvailabilityException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The checks of an availability edit that the model's constructors do not make — ranges that
 * overlap, on one weekday, across midnight into the next, or within one exception; a zone id that
 * does not exist — and the canonical text of an availability, whose SHA-256 the audit trail keeps
 * instead of the availability itself (exception labels are free text).
 */
public final class AvailabilityRules {
  private static final long DAY = 86_400;
  private static final long WEEK = 7 * DAY;

  private AvailabilityRules() {}

  /** A zone id, or a refusal naming the {@code zone} field (not the value). */
  public static ZoneId zone(String zoneId) {
    if (zoneId == null || zoneId.isBlank()) {
      throw new InvalidAvailabilityException("zone", "a zone id is required");
    }
    try {
      return ZoneId.of(zoneId);
    } catch (DateTimeException e) {
      throw new InvalidAvailabilityException("zone", "is not a known time-zone id (IANA, such as America/New_York)");
    }
  }

  /**
   * Refuses overlapping ranges: two weekly ranges sharing a moment of the week (a range running past
   * midnight counts on the next day, Sunday's into Monday), or two ranges of one exception sharing a
   * moment of a day it covers.
   *
   * @throws InvalidAvailabilityException naming the later of the two ranges, and the earlier in the message
   */
  public static void check(WeeklyAvailability availability) {
    List<Span> weekly = new ArrayList<>();
    for (DayOfWeek day : DayOfWeek.values()) {
      List<LocalTimeRange> ranges = availability.rangesOn(day);
      for (int i = 0; i < ranges.size(); i++) {
        weekly.add(new Span("weekly." + day + "[" + i + "]", (day.getValue() - 1) * DAY, ranges.get(i)));
      }
    }
    overlaps(weekly, List.of(0L, WEEK, -WEEK));
    for (AvailabilityException ex : availability.exceptions()) {
      List<Span> spans = new ArrayList<>();
      for (int i = 0; i < ex.ranges().size(); i++) {
        spans.add(new Span("exceptions[" + ex.id() + "].ranges[" + i + "]", 0, ex.ranges().get(i)));
      }
      // a range past midnight reaches the next day's ranges only when the exception covers that day too
      overlaps(spans, ex.firstDate().equals(ex.lastDate()) ? List.of(0L) : List.of(0L, DAY, -DAY));
    }
  }

  private static void overlaps(List<Span> spans, List<Long> shifts) {
    for (int j = 1; j < spans.size(); j++) {
      for (int i = 0; i < j; i++) {
        Span a = spans.get(i);
        Span b = spans.get(j);
        for (long shift : shifts) {
          if (a.start + shift < b.end && b.start < a.end + shift) {
            throw new InvalidAvailabilityException(b.field, "overlaps " + a.field);
          }
        }
      }
    }
  }

  /** A range as seconds from the start of its period (a week, or a day). */
  private static final class Span {
    final String field;
    final long start;
    final long end;

    Span(String field, long offset, LocalTimeRange r) {
      this.field = field;
      this.start = offset + r.start().toSecondOfDay();
      this.end = offset + r.end().toSecondOfDay() + (r.crossesMidnight() ? DAY : 0);
    }
  }

  /**
   * The canonical text of a clinician's zone and availability: {@code zone=<id>}, then one line per
   * working weekday ({@code MONDAY=09:00-12:00,13:00-17:00}, Monday first, ranges as given), then one
   * per exception in order ({@code exception=<id>|<kind>|<first>|<last>|<ranges>|<label>}), each line
   * ending in a newline.
   */
  public static String canonical(Clinician c) {
    StringBuilder out = new StringBuilder("zone=").append(c.zone().getId()).append('\n');
    WeeklyAvailability a = c.availability();
    for (Map.Entry<DayOfWeek, List<LocalTimeRange>> e : a.weekly().entrySet()) {
      out.append(e.getKey()).append('=').append(joined(e.getValue())).append('\n');
    }
    for (AvailabilityException ex : a.exceptions()) {
      out.append("exception=").append(ex.id()).append('|').append(ex.kind()).append('|').append(ex.firstDate())
          .append('|').append(ex.lastDate()).append('|').append(joined(ex.ranges())).append('|').append(ex.label())
          .append('\n');
    }
    return out.toString();
  }

  /** {@code sha256:} and the 64 hex digits of the SHA-256 of the {@link #canonical} text's UTF-8 bytes. */
  public static String reference(Clinician c) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical(c).getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  /** How many weekly ranges there are. */
  public static int rangeCount(WeeklyAvailability a) {
    int n = 0;
    for (List<LocalTimeRange> r : a.weekly().values()) {
      n += r.size();
    }
    return n;
  }

  private static String joined(List<LocalTimeRange> ranges) {
    StringBuilder s = new StringBuilder();
    for (LocalTimeRange r : ranges) {
      if (s.length() > 0) {
        s.append(',');
      }
      s.append(r);
    }
    return s.toString();
  }
}
