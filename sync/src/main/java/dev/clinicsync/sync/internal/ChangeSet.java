package dev.clinicsync.sync.internal;

import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SyncCursor;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.sync.PlannedChange;
import dev.clinicsync.sync.SyncMode;
import java.util.List;
import java.util.Optional;

/**
 * What one sync read and decided, before it is applied (or held by the mass-deletion guard): the
 * plan the {@link SyncPlanner} makes.
 *
 * @param connector the connector
 * @param mode how it was read
 * @param cursorReset whether an expired cursor was discarded
 * @param window the sync window
 * @param upserts appointments to create or update, each with its PHI part
 * @param deletions stored appointments to delete, each with its reason
 * @param busyUpserts new or changed busy blocks
 * @param busyDeletions stored busy blocks to remove
 * @param unchanged records left as they are
 * @param issues records skipped or mapped with a fallback
 * @param nextCursor the cursor to commit once applied
 * @param liveInWindow the connector's stored, not cancelled appointments overlapping the window
 * @param ownedBusyBlocks how many busy blocks the connector owned before the sync
 * @param removals how many live appointments the plan removes from the window: deleted,
 *     cancelled, or moved out of it (what the mass-deletion guard counts)
 * @param planned the changes as an admin sees them
 */
public record ChangeSet(
    ConnectorId connector,
    SyncMode mode,
    boolean cursorReset,
    TimeWindow window,
    List<Upsert> upserts,
    List<Deletion> deletions,
    List<BusyBlock> busyUpserts,
    List<BusyBlock> busyDeletions,
    int unchanged,
    List<RecordIssue> issues,
    Optional<SyncCursor> nextCursor,
    int liveInWindow,
    int ownedBusyBlocks,
    int removals,
    List<PlannedChange> planned) {

  public ChangeSet {
    upserts = List.copyOf(upserts);
    deletions = List.copyOf(deletions);
    busyUpserts = List.copyOf(busyUpserts);
    busyDeletions = List.copyOf(busyDeletions);
    issues = List.copyOf(issues);
    planned = List.copyOf(planned);
  }

  /** This plan with other upserts (the PHI sealed or unsealed while the plan is held). */
  ChangeSet withUpserts(List<Upsert> other) {
    return new ChangeSet(connector, mode, cursorReset, window, other, deletions, busyUpserts, busyDeletions,
        unchanged, issues, nextCursor, liveInWindow, ownedBusyBlocks, removals, planned);
  }

  /**
   * An appointment to write.
   *
   * @param appointment the prepared appointment: owned by the connector, with the stored id, the
   *     stored override and conflict ids carried over
   * @param phi its PHI part
   * @param stored what the store held when the plan was made; empty for a new record
   * @param reason why
   * @param removal whether it takes a live appointment out of the window (cancelled, moved out)
   */
  public record Upsert(Appointment appointment, Optional<PhiRecord> phi, Optional<Appointment> stored, String reason,
      boolean removal) {
    /** Whether the record is new. */
    public boolean created() {
      return stored.isEmpty();
    }

    Upsert withPhi(Optional<PhiRecord> other) {
      return new Upsert(appointment, other, stored, reason, removal);
    }
  }

  /**
   * A stored appointment to delete.
   *
   * @param appointment the stored appointment
   * @param reason why
   * @param removal whether it was live in the window (not cancelled)
   */
  public record Deletion(Appointment appointment, String reason, boolean removal) {}
}
