package dev.clinicsync.sync.internal;

import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.store.Lease;
import dev.clinicsync.core.store.SyncStateStore;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connector's sync lease while a sync or a held plan runs: renewed as pages come in and before
 * the cursor is committed, so a node that lost it to another node fails instead of committing.
 */
final class LeaseKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

  private final SyncStateStore syncState;
  private final Duration ttl;
  private final ConnectorId connector;
  private Lease lease;

  private LeaseKeeper(SyncStateStore syncState, Duration ttl, ConnectorId connector, Lease lease) {
    this.syncState = syncState;
    this.ttl = ttl;
    this.connector = connector;
    this.lease = lease;
  }

  /** The connector's lease, empty when another node holds it. */
  static Optional<LeaseKeeper> acquire(SyncStateStore syncState, ConnectorId connector, SyncOptions options) {
    return syncState.tryAcquire("sync:" + connector, options.nodeId(), options.leaseTtl())
        .map(l -> new LeaseKeeper(syncState, options.leaseTtl(), connector, l));
  }

  /** Extends the lease; throws when another node took it meanwhile. */
  void renew() {
    lease = syncState.renew(lease, ttl).orElseThrow(() -> new ConnectorException(connector.value(),
        "the sync lease was lost to another node; nothing committed", 0, null, null));
  }

  /** Gives the lease up; a failure to do so only shortens nothing (the lease expires by itself). */
  void release() {
    try {
      syncState.release(lease);
    } catch (RuntimeException e) {
      LOG.warn("connector {}: releasing the sync lease failed ({}); it expires by itself", connector,
          e.getClass().getSimpleName());
    }
  }
}
