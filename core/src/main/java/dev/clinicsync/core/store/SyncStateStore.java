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
