package dev.clinicsync.connectors.icsfeed.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * One occurrence of a feed event, after recurrence expansion and overrides: its stable external
 * id, its times, and the VEVENT whose content describes it (the override when there is one).
 * {@link #toString()} carries no content.
 *
 * @param uid the event's UID
 * @param externalId UID for a single event; UID + "/" + original start for a series instance
 * @param start the instance's start
 * @param end the instance's end, after {@code start}
 * @param allDay whether the event is all-day (VALUE=DATE)
 * @param recurring whether the instance belongs to a series
 * @param zone the IANA zone its local times were read in, when there is one
 * @param zoneSource how its TZID was resolved ("iana", "windows", "floating", "utc", ...)
 * @param event the VEVENT (override or master) holding its content
 * @param masterStatus the master's STATUS, which applies when an override has none
 */
public record EventInstance(
    String uid,
    String externalId,
    Instant start,
    Instant end,
    boolean allDay,
    boolean recurring,
    Optional<ZoneId> zone,
    String zoneSource,
    IcsComponent event,
    Optional<String> masterStatus) {

  @Override
  public String toString() {
    return "EventInstance[" + externalId.length() + "-char id, " + start + " - " + end + "]";
  }
}
