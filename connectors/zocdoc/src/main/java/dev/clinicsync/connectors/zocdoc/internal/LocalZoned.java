package dev.clinicsync.connectors.zocdoc.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * A vendor's local date-time in an IANA zone, as an instant. The rule across DST is
 * {@link java.time.ZonedDateTime#of}'s: a local time in the repeated hour (autumn) is the earlier
 * instant (the pre-transition offset); one in the skipped hour (spring) moves forward by the
 * gap's length (02:30 that does not exist becomes 03:30).
 */
public final class LocalZoned {
  private LocalZoned() {}

  public static Instant toInstant(LocalDateTime local, ZoneId zone) {
    return local.atZone(zone).toInstant();
  }
}
