package dev.clinicsync.connectors.kareo.internal;

import dev.clinicsync.core.Checks;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Kareo's date-times: practice-local wall-clock times without an offset (inferred from the
 * {@code TimeZoneOffsetFromGMT} filter; VENDORS.md marks it unconfirmed), in the formats seen in
 * public clients — ISO {@code 2024-05-01T09:00:00} (fractional seconds allowed) and .NET's US
 * {@code 5/1/2024} — plus .NET's US date-time {@code 5/1/2024 9:00:00 AM}, which a lenient .NET
 * service may send back. A value that carries an offset ({@code 2024-05-01T09:00:00-04:00}) is
 * taken at its offset. Anything else is refused (the caller reports the field, never the value).
 *
 * <p>DST, in the practice's zone: a local time that occurs twice (the repeated hour when clocks go
 * back) becomes the <b>earlier</b> instant, at the offset in force before the transition (the
 * {@link ZonedDateTime#ofLocal} default); a local time that does not exist (the skipped hour when
 * clocks go forward) is <b>shifted forward</b> by the length of the gap (02:30 becomes 03:30). Both
 * come back with a {@link Conversion#dstNote() note} the mapper reports as a record issue.
 */
public final class KareoTimes {
  private static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("M/d/uuuu", Locale.US)
      .withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter US_DATE_TIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
      .appendPattern("M/d/uuuu h:mm[:ss] a").toFormatter(Locale.US).withResolverStyle(ResolverStyle.STRICT);
  /** What the connector sends in the request filter: ISO local date-time to the second. */
  public static final DateTimeFormatter FILTER = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT);

  private final ZoneId zone;

  public KareoTimes(ZoneId zone) {
    this.zone = Checks.notNull(zone, "practice zone");
  }

  public ZoneId zone() {
    return zone;
  }

  /**
   * An instant and, when DST made the local time ambiguous or nonexistent, what was done about it.
   *
   * @param instant the instant
   * @param dstNote a PHI-free description of the DST resolution, when there was one
   */
  public record Conversion(Instant instant, Optional<String> dstNote) {}

  /** The local date-time of a Kareo value, or empty when the value is in no known format. */
  public static Optional<LocalDateTime> parseLocal(String raw) {
    String v = raw.strip();
    for (DateTimeFormatter f : List.of(DateTimeFormatter.ISO_LOCAL_DATE_TIME, US_DATE_TIME)) {
      try {
        return Optional.of(LocalDateTime.parse(v, f));
      } catch (DateTimeException e) {
        // try the next format
      }
    }
    for (DateTimeFormatter f : List.of(DateTimeFormatter.ISO_LOCAL_DATE, US_DATE)) {
      try {
        return Optional.of(LocalDate.parse(v, f).atStartOfDay());
      } catch (DateTimeException e) {
        // try the next format
      }
    }
    return Optional.empty();
  }

  /** A Kareo value as an instant in the practice's zone; empty when the value is in no known format. */
  public Optional<Conversion> toInstant(@Nullable String raw) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Conversion(OffsetDateTime.parse(raw.strip()).toInstant(), Optional.empty()));
    } catch (DateTimeException e) {
      // no offset: practice-local, the usual case
    }
    return parseLocal(raw).map(this::resolve);
  }

  /** A practice-local date-time as an instant, with the DST rule of this class. */
  public Conversion resolve(LocalDateTime local) {
    List<ZoneOffset> valid = zone.getRules().getValidOffsets(local);
    ZonedDateTime z = ZonedDateTime.ofLocal(local, zone, null);
    if (valid.size() == 1) {
      return new Conversion(z.toInstant(), Optional.empty());
    }
    ZoneOffsetTransition t = zone.getRules().getTransition(local);
    if (valid.isEmpty()) {
      long minutes = t == null ? 0 : t.getDuration().toMinutes();
      return new Conversion(z.toInstant(), Optional.of("local time does not exist in " + zone
          + " (skipped by the DST change); shifted forward by " + minutes + " minutes"));
    }
    return new Conversion(z.toInstant(), Optional.of("local time occurs twice in " + zone
        + " (repeated by the DST change); the earlier instant, at offset " + valid.get(0) + ", was used"));
  }

  /** The practice-local filter value of the window's start (rounded down to the second). */
  public String filterStart(Instant start) {
    return LocalDateTime.ofInstant(start, zone).truncatedTo(ChronoUnit.SECONDS).format(FILTER);
  }

  /** The practice-local filter value of the window's end (rounded up to the second). */
  public String filterEnd(Instant end) {
    Instant up = end.truncatedTo(ChronoUnit.SECONDS).equals(end) ? end : end.truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofSeconds(1));
    return LocalDateTime.ofInstant(up, zone).format(FILTER);
  }
}
