package dev.clinicsync.sync.internal;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.BusyBlock;
import java.util.Collections;
import java.util.Map;

/**
 * What the stores hold that one sync's plan depends on, read once before deciding: the planner is
 * then a pure function of the fetch and this.
 *
 * @param appointments stored appointments by source key: in a full sync every record the
 *     connector owns, in an incremental one those it owns overlapping the window plus the stored
 *     copy of every key the fetch mentions
 * @param busyBlocks the busy blocks the connector owns, by source key
 */
record Stored(Map<String, Appointment> appointments, Map<String, BusyBlock> busyBlocks) {
  Stored {
    appointments = Collections.unmodifiableMap(appointments); // read once, never copied: a full sync may list many
    busyBlocks = Collections.unmodifiableMap(busyBlocks);
  }
}
