package dev.clinicsync.sync;

/** How a sync read its connector. */
public enum SyncMode {
  /** Every record in the window, reconciled: records missing from the result are deleted. */
  FULL,
  /** Changes since the stored cursor. */
  INCREMENTAL,
  /** A full, reconciling sync run because the vendor expired the stored cursor. */
  FULL_AFTER_EXPIRED_CURSOR,
  /**
   * A full sync asked sooner than the connector's polling floor, which the connector answered from
   * its last vendor result instead of asking the vendor again
   * ({@link dev.clinicsync.core.connector.FetchResult#replayOf()}); reconciled like {@link #FULL}.
   */
  FULL_REPLAYED,
  /**
   * Specific records by vendor id ({@link SyncCoordinator#refresh}), after a push notice; like an
   * incremental sync, nothing it did not name is inferred deleted, and no cursor moves.
   */
  TARGETED;

  /** Whether records the fetch did not return are inferred deleted (full syncs only). */
  public boolean reconciles() {
    return this == FULL || this == FULL_AFTER_EXPIRED_CURSOR || this == FULL_REPLAYED;
  }
}
