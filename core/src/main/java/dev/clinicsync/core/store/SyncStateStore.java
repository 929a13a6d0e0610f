package dev.clinicsync.core.store;

import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SyncCursor;

import java.time.Duration;
import java.util.Optional;

/**
 * Per-connector sync cursors, and leases that keep one node per connector sync when several
 * coordinators share a database.
 *
 * <p>Contract: a saved cursor is returned until replaced or cleared; a lease is held by one owner
 * at a time until it expires (by the store's clock) or is released; re-acquiring an expired lease
 * yields a larger fencing token.
 */
public interface SyncStateStore {

  Optional<SyncCursor> cursor(ConnectorId connector);

  void saveCursor(ConnectorId connector, SyncCursor cursor);

  /**
   * Saves a cursor only while {@code fence} is still the current holding of its lease: same owner,
   * same fencing token, not expired by the store's clock. A node that stalled past its lease, and
   * whose lease another node then took, is refused instead of overwriting the newer node's cursor.
   * The check and the write are one atomic step.
   *
   * <p>The default saves without the check, for stores written before fencing existed; stores
   * shared by several nodes override it (the SDK's in-memory and JDBC stores do), and the published
   * contract test checks it.
   *
   * @throws dev.clinicsync.core.StorageConflictException when the lease was lost (expired, taken
   *     over or released); nothing is saved
   */
  default void saveCursor(ConnectorId connector, SyncCursor cursor, Lease fence) {
    saveCursor(connector, cursor);
  }

  void clearCursor(ConnectorId connector);

  /**
   * Takes the named lease for {@code ttl}, unless another owner holds an unexpired one. The
   * current owner may call again to extend it.
   *
   * @return the lease, empty when another owner holds it
   */
  Optional<Lease> tryAcquire(String name, String owner, Duration ttl);

  /**
   * Extends a held lease.
   *
   * @return the extended lease, empty when it was lost (expired and taken, or released)
   */
  Optional<Lease> renew(Lease lease, Duration ttl);

  /** Gives a lease up; does nothing when it is no longer held by {@code lease.owner()}. */
  void release(Lease lease);
}
