package dev.clinicsync.sync;

/**
 * Watches one sync call as it reads: {@link #page} after each page a connector returns, then
 * {@link #finished} with the connector's {@link SyncReport}. Passed per call to
 * {@link SyncCoordinator#syncNow(dev.clinicsync.core.access.Principal, dev.clinicsync.core.model.ConnectorId, SyncProgress)}
 * or {@link SyncCoordinator#syncAll(dev.clinicsync.core.access.Principal, SyncProgress)}, and called
 * synchronously on the syncing thread, in page order, so it should return quickly (print a line,
 * move a progress bar).
 *
 * <p>A callback cannot harm the sync: whatever it throws is caught, counted and logged once per
 * sync by its class name only; the sync goes on and its result is the same as without it. What it
 * sees is PHI-free: connector ids, page numbers, counts and times.
 */
@FunctionalInterface
public interface SyncProgress {

  /** Called after each page a connector returned, before the next is asked for. */
  void page(PageProgress page);

  /** Called once a connector's sync has ended, however it ended; does nothing by default. */
  default void finished(SyncReport report) {}

  /** A callback that ignores everything. */
  static SyncProgress none() {
    return page -> { };
  }
}
