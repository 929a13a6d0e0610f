package dev.clinicsync.sync.internal;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.model.SyncCursor;
import dev.clinicsync.sync.PlannedChange;
import dev.clinicsync.sync.SyncMode;
import java.util.List;
import java.util.Optional;

/**
 * What one sync read and decided, before it is applied (or held by the mass-deletion guard).
 *
 * @param connector the connector
 * @param mode how it was read
 * @param cursorReset whether an expired cursor was discarded
 * @param upserts appointments to create or update, each with its PHI part
 * @param deletions stored appointments to delete, each with its reason
 * @param busyUpserts busy blocks to add or replace
 * @param busyRemovals busy blocks to remove
 * @param unchanged records left as they are
 * @param issues records skipped or mapped with a fallback
 * @param nextCursor the cursor to commit once applied
 * @param liveInWindow the connector's stored appointments in the window before the sync
 * @param planned the changes as an admin sees them
 */
public record ChangeSet(
    ConnectorId connector,
    SyncMode mode,
    boolean cursorReset,
    List<Upsert> upserts,
    List<Deletion> deletions,
    List<BusyBlock> busyUpserts,
    List<SourceRef> busyRemovals,
    int unchanged,
    List<RecordIssue> issues,
    Optional<SyncCursor> nextCursor,
    int liveInWindow,
    List<PlannedChange> planned) {

  /**
   * An appointment to write.
   *
   * @param appointment the prepared appointment (stored id and conflict ids carried over)
   * @param phi its PHI part
   * @param created whether it is new
   * @param reason why
   */
  public record Upsert(Appointment appointment, Optional<PhiRecord> phi, boolean created, String reason) {}

  /**
   * A stored appointment to delete.
   *
   * @param appointment the stored appointment
   * @param reason why
   */
  public record Deletion(Appointment appointment, String reason) {}
}
