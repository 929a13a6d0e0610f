package dev.clinicsync.connectors.zocdoc;

import dev.clinicsync.core.Checks;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * One open slot of a provider's Zocdoc calendar. Zocdoc gives a slot as a local date-time without
 * an offset plus an IANA zone; {@link #start()} is that local time in that zone (a local time in
 * a repeated hour is the earlier instant, one in a skipped hour moves forward by the gap).
 *
 * @param start the slot's first instant
 * @param localStart the local date-time Zocdoc sent (its date is the {@code date} it was listed under)
 * @param zone the slot's zone
 */
public record ZocdocTimeslot(Instant start, LocalDateTime localStart, ZoneId zone) {
  public ZocdocTimeslot {
    Checks.notNull(start, "timeslot start");
    Checks.notNull(localStart, "timeslot local start");
    Checks.notNull(zone, "timeslot zone");
  }
}
