package dev.clinicsync.connectors.icsfeed.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Optional;

/**
 * The zone an event's local times are read in: an IANA zone, or the rules of a VTIMEZONE that
 * names no known zone. Gaps and overlaps follow RFC 5545 (and {@link java.time.ZonedDateTime}):
 * a time in a gap moves forward by the gap's length, a time in an overlap takes the earlier
 * offset.
 */
public final class EventZone {
  private final ZoneRules rules;
  private final Optional<ZoneId> zoneId;
  private final String label;

  private EventZone(ZoneRules rules, Optional<ZoneId> zoneId, String label) {
    this.rules = rules;
    this.zoneId = zoneId;
    this.label = label;
  }

  /** An IANA (or fixed-offset) zone. */
  public static EventZone of(ZoneId zone, String label) {
    return new EventZone(zone.getRules(), Optional.of(zone), label);
  }

  /** Rules built from a feed's VTIMEZONE, which has no IANA id. */
  public static EventZone ofRules(ZoneRules rules, String label) {
    return new EventZone(rules, Optional.empty(), label);
  }

  /** The IANA zone, when there is one. */
  public Optional<ZoneId> zoneId() {
    return zoneId;
  }

  /** How the TZID was resolved, PHI-free ("America/New_York", "windows:Eastern Standard Time"). */
  public String label() {
    return label;
  }

  /** The instant of a local date-time in this zone. */
  public Instant toInstant(LocalDateTime local) {
    List<ZoneOffset> offsets = rules.getValidOffsets(local);
    if (offsets.size() >= 1) {
      return local.toInstant(offsets.get(0));
    }
    ZoneOffsetTransition gap = rules.getTransition(local);
    return local.plus(gap.getDuration()).toInstant(gap.getOffsetAfter());
  }

  /** The local date-time of an instant in this zone. */
  public LocalDateTime toLocal(Instant instant) {
    return LocalDateTime.ofInstant(instant, rules.getOffset(instant));
  }

  @Override
  public String toString() {
    return "EventZone[" + label + "]";
  }
}
