package dev.clinicsync.sync;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ClinicSyncException;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.connector.RecordIssue;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one sync of one connector did. PHI-free: ids, counts and reasons only.
 *
 * @param connector the connector synced
 * @param mode how it was read
 * @param outcome how it ended
 * @param created appointments new at the source (as stored: a failed sync counts what it applied)
 * @param updated appointments changed at the source
 * @param deleted appointments gone from the source
 * @param unchanged records whose source version (or content) had not changed
 * @param skipped records the connector could not normalize or mapped with a fallback, with reasons
 * @param busyBlocksUpserted busy blocks added or changed
 * @param busyBlocksRemoved busy blocks removed
 * @param duration how long the sync took (by the coordinator's clock)
 * @param cursorAdvanced whether a new cursor was committed
 * @param cursorReset whether an expired cursor was discarded
 * @param heldPlan the plan held by the mass-deletion guard, when {@link SyncOutcome#HELD}
 * @param errors PHI-free error messages, when {@link SyncOutcome#FAILED}
 * @param failure the typed failure, when {@link SyncOutcome#FAILED}: a
 *     {@link dev.clinicsync.core.FetchLimitExceededException} for a fetch past its limits, a
 *     {@link ChangeNotAuditedException} for a change whose audit event could not be written, a
 *     {@link dev.clinicsync.core.ConnectorException} wrapping anything unexpected (an {@link Error}
 *     such as a {@link StackOverflowError} included); its message is PHI-free, its cause is not
 *     meant for logs
 */
public record SyncReport(
    ConnectorId connector,
    SyncMode mode,
    SyncOutcome outcome,
    int created,
    int updated,
    int deleted,
    int unchanged,
    List<RecordIssue> skipped,
    int busyBlocksUpserted,
    int busyBlocksRemoved,
    Duration duration,
    boolean cursorAdvanced,
    boolean cursorReset,
    Optional<String> heldPlan,
    List<String> errors,
    Optional<ClinicSyncException> failure) {

  public SyncReport {
    Checks.notNull(connector, "sync report connector");
    Checks.notNull(mode, "sync report mode");
    Checks.notNull(outcome, "sync report outcome");
    skipped = List.copyOf(Checks.notNull(skipped, "sync report skipped records"));
    Checks.notNull(duration, "sync report duration");
    Checks.notNull(heldPlan, "sync report held plan");
    errors = List.copyOf(Checks.notNull(errors, "sync report errors"));
    Checks.notNull(failure, "sync report failure");
  }

  /** A report without a typed failure (the form before {@link #failure()} existed). */
  public SyncReport(ConnectorId connector, SyncMode mode, SyncOutcome outcome, int created, int updated, int deleted,
      int unchanged, List<RecordIssue> skipped, int busyBlocksUpserted, int busyBlocksRemoved, Duration duration,
      boolean cursorAdvanced, boolean cursorReset, Optional<String> heldPlan, List<String> errors) {
    this(connector, mode, outcome, created, updated, deleted, unchanged, skipped, busyBlocksUpserted, busyBlocksRemoved,
        duration, cursorAdvanced, cursorReset, heldPlan, errors, Optional.empty());
  }

  /** Whether the sync applied everything it read. */
  public boolean succeeded() {
    return outcome == SyncOutcome.APPLIED;
  }
}
