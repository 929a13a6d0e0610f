package dev.clinicsync.core.connector;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a connector can do, and how often it may be polled.
 *
 * @param capabilities what the connector supports
 * @param pollingFloor the shortest interval between two scheduled syncs (Kareo: 5 minutes); the
 *     coordinator never schedules a connector more often, and a connector asked sooner (an
 *     on-demand sync) may answer from its last vendor result, marking the page
 *     {@link FetchPage#replayOf() as a replay}
 */
public record ConnectorCapabilities(Set<Capability> capabilities, Duration pollingFloor) {

  /** One thing a connector can do. */
  public enum Capability {
    /** Fetches every record in a window. */
    FULL_FETCH,
    /** Fetches changes since a cursor, deletions included. */
    INCREMENTAL_FETCH,
    /** Reports external busy blocks (personal calendars). */
    BUSY_BLOCKS,
    /** Receives vendor push notifications. */
    PUSH_NOTIFICATIONS,
    /** Writes appointments back to the vendor. */
    WRITE_BACK
  }

  public ConnectorCapabilities {
    Checks.notNull(capabilities, "connector capabilities");
    Checks.notNull(pollingFloor, "connector polling floor");
    if (pollingFloor.isNegative()) {
      throw new ValidationException("connector polling floor must not be negative: " + pollingFloor);
    }
    if (!capabilities.contains(Capability.FULL_FETCH)) {
      throw new ValidationException("every connector must support FULL_FETCH (the fallback when a cursor expires)");
    }
    capabilities = Set.copyOf(EnumSet.copyOf(capabilities));
  }

  public static ConnectorCapabilities of(Duration pollingFloor, Capability... capabilities) {
    return new ConnectorCapabilities(Set.of(capabilities), pollingFloor);
  }

  public boolean supports(Capability capability) {
    return capabilities.contains(capability);
  }
}
