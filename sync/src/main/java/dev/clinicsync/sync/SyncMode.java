package dev.clinicsync.sync;

/** How a sync read its connector. */
public enum SyncMode {
  /** Every record in the window, reconciled: records missing from the result are deleted. */
  FULL,
  /** Changes since the stored cursor. */
  INCREMENTAL,
  /** A full, reconciling sync run because the vendor expired the stored cursor. */
  FULL_AFTER_EXPIRED_CURSOR
}
