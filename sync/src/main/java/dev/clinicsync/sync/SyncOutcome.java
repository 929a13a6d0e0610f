package dev.clinicsync.sync;

/** How a sync ended. */
public enum SyncOutcome {
  /** Every change was applied and the cursor committed. */
  APPLIED,
  /** The mass-deletion guard held the changes as a plan for an admin; nothing was applied. */
  HELD,
  /** Another node holds this connector's sync lease; this node did nothing. */
  SKIPPED_LEASE_HELD,
  /** The connector or a store failed; see {@link SyncReport#errors()}. */
  FAILED
}
