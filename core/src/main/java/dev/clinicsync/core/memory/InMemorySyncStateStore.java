package dev.clinicsync.core.memory;

import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.store.Lease;
import dev.clinicsync.core.model.SyncCursor;
import dev.clinicsync.core.store.SyncStateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link SyncStateStore} in memory; lease expiry is judged by the given clock. */
public final class InMemorySyncStateStore implements SyncStateStore {
  private final Clock clock;
  private final ConcurrentHashMap<ConnectorId, SyncCursor> cursors = new ConcurrentHashMap<>();
  private final Map<String, Lease> leases = new HashMap<>();
  private long fencing;

  public InMemorySyncStateStore(Clock clock) {
    this.clock = Checks.notNull(clock, "clock");
  }

  @Override
  public Optional<SyncCursor> cursor(ConnectorId connector) {
    return Optional.ofNullable(cursors.get(connector));
  }

  @Override
  public void saveCursor(ConnectorId connector, SyncCursor cursor) {
    cursors.put(Checks.notNull(connector, "connector id"), Checks.notNull(cursor, "cursor"));
  }

  @Override
  public synchronized void saveCursor(ConnectorId connector, SyncCursor cursor, Lease fence) {
    Checks.notNull(connector, "connector id");
    Checks.notNull(cursor, "cursor");
    Checks.notNull(fence, "lease");
    Lease held = leases.get(fence.name());
    if (held == null || !held.owner().equals(fence.owner()) || held.fencingToken() != fence.fencingToken()
        || !held.expiresAt().isAfter(clock.instant())) {
      throw new StorageConflictException("lease:" + fence.name(), "the cursor of " + connector.value()
          + " was not saved: lease " + fence.name() + " with fencing token " + fence.fencingToken()
          + " is no longer held by its owner");
    }
    cursors.put(connector, cursor);
  }

  @Override
  public void clearCursor(ConnectorId connector) {
    cursors.remove(connector);
  }

  @Override
  public synchronized Optional<Lease> tryAcquire(String name, String owner, Duration ttl) {
    Checks.notBlank(name, "lease name");
    Checks.notBlank(owner, "lease owner");
    requirePositive(ttl);
    Instant now = clock.instant();
    Lease held = leases.get(name);
    if (held != null && held.expiresAt().isAfter(now) && !held.owner().equals(owner)) {
      return Optional.empty();
    }
    long token = held != null && held.owner().equals(owner) && held.expiresAt().isAfter(now)
        ? held.fencingToken() : ++fencing;
    Lease lease = new Lease(name, owner, now.plus(ttl), token);
    leases.put(name, lease);
    return Optional.of(lease);
  }

  @Override
  public synchronized Optional<Lease> renew(Lease lease, Duration ttl) {
    requirePositive(ttl);
    Instant now = clock.instant();
    Lease held = leases.get(lease.name());
    if (held == null || !held.owner().equals(lease.owner()) || held.fencingToken() != lease.fencingToken()
        || !held.expiresAt().isAfter(now)) {
      return Optional.empty();
    }
    Lease renewed = new Lease(lease.name(), lease.owner(), now.plus(ttl), lease.fencingToken());
    leases.put(lease.name(), renewed);
    return Optional.of(renewed);
  }

  @Override
  public synchronized void release(Lease lease) {
    Lease held = leases.get(lease.name());
    if (held != null && held.owner().equals(lease.owner()) && held.fencingToken() == lease.fencingToken()) {
      leases.remove(lease.name());
    }
  }

  private static void requirePositive(Duration ttl) {
    Checks.notNull(ttl, "lease ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new ValidationException("lease ttl must be positive: " + ttl);
    }
  }
}
