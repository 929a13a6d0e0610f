package dev.clinicsync.connectors.icsfeed.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * One iCalendar DATE or DATE-TIME value, before a zone is applied: a date (all-day), a UTC
 * date-time ({@code ...Z}), or a local date-time with an optional TZID (none means floating).
 *
 * @param date the date, for a DATE value
 * @param local the local date-time, for a DATE-TIME value (UTC ones too, in UTC)
 * @param utc whether the DATE-TIME value ended in {@code Z}
 * @param tzid the TZID parameter of a local DATE-TIME value
 */
public record IcsTime(Optional<LocalDate> date, Optional<LocalDateTime> local, boolean utc, Optional<String> tzid) {

  private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss");

  /** Whether this is an all-day DATE value. */
  public boolean isDate() {
    return date.isPresent();
  }

  /**
   * Parses one value of a DATE / DATE-TIME property.
   *
   * @param value the raw value ("20250310", "20250310T090000", "20250310T140000Z")
   * @param valueType the VALUE parameter, if any
   * @param tzid the TZID parameter, if any
   * @return empty when the value is not a date or date-time
   */
  public static Optional<IcsTime> parse(String value, Optional<String> valueType, Optional<String> tzid) {
    String v = value.strip();
    try {
      boolean dateOnly = valueType.map(t -> t.equalsIgnoreCase("DATE")).orElse(false) || v.length() == 8;
      if (dateOnly) {
        String d = v.length() > 8 ? v.substring(0, 8) : v;
        return Optional.of(new IcsTime(Optional.of(LocalDate.parse(d, DATE)), Optional.empty(), false, Optional.empty()));
      }
      if (v.endsWith("Z") || v.endsWith("z")) {
        LocalDateTime t = LocalDateTime.parse(v.substring(0, v.length() - 1), DATE_TIME);
        return Optional.of(new IcsTime(Optional.empty(), Optional.of(t), true, Optional.empty()));
      }
      LocalDateTime t = LocalDateTime.parse(v, DATE_TIME);
      return Optional.of(new IcsTime(Optional.empty(), Optional.of(t), false, tzid));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The UTC instant of a UTC value. */
  public Instant utcInstant() {
    return local.orElseThrow().toInstant(ZoneOffset.UTC);
  }

  /** The value without its TZID: a TZID is vendor text and may hold anything. */
  @Override
  public String toString() {
    return date.map(LocalDate::toString)
        .orElseGet(() -> local.orElseThrow() + (utc ? "Z" : tzid.isPresent() ? "[TZID]" : "[floating]"));
  }
}
