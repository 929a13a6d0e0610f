package dev.clinicsync.jdbc.internal;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SyncCursor;
import dev.clinicsync.core.store.Lease;
import dev.clinicsync.core.store.SyncStateStore;
import dev.clinicsync.jdbc.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SyncStateStore} over JDBC (tables {@code cs_sync_cursor} and {@code cs_lease}). A lease
 * row outlives its holder: releasing or losing a lease clears the holder and keeps the fencing
 * token, so the next acquisition's token is larger than every earlier one. Expiry is judged by the
 * given clock (the nodes' clocks must agree to within the lease margin the caller keeps).
 */
public final class JdbcSyncStateStore implements SyncStateStore {
  private static final int MAX_ATTEMPTS = 5;

  private final Db db;
  private final Clock clock;

  public JdbcSyncStateStore(Db db, Clock clock) {
    this.db = Checks.notNull(db, "db");
    this.clock = Checks.notNull(clock, "clock");
  }

  /** A lease row. */
  private record Row(@Nullable String holder, Instant expiresAt, long token) {
    boolean heldBy(String owner, Instant now) {
      return owner.equals(holder) && expiresAt.isAfter(now);
    }
  }

  @Override
  public Optional<SyncCursor> cursor(ConnectorId connector) {
    Checks.notNull(connector, "connector id");
    return db.call("sync cursor read", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT cursor_value FROM cs_sync_cursor WHERE connector_id = ?")) {
        ps.setString(1, connector.value());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(SyncCursor.of(rs.getString(1))) : Optional.empty();
        }
      }
    });
  }

  @Override
  public void saveCursor(ConnectorId connector, SyncCursor cursor) {
    Checks.notNull(connector, "connector id");
    Checks.notNull(cursor, "cursor");
    db.call("sync cursor save", c -> upsertCursor(c, connector, cursor));
  }

  @Override
  public void saveCursor(ConnectorId connector, SyncCursor cursor, Lease fence) {
    Checks.notNull(connector, "connector id");
    Checks.notNull(cursor, "cursor");
    Checks.notNull(fence, "lease");
    db.call("sync cursor save", c -> {
      Optional<Row> row = lease(c, fence.name());
      Instant now = clock.instant();
      if (row.isEmpty() || !row.get().heldBy(fence.owner(), now) || row.get().token() != fence.fencingToken()) {
        throw new StorageConflictException("lease:" + fence.name(), "the cursor of " + connector.value()
            + " was not saved: lease " + fence.name() + " with fencing token " + fence.fencingToken()
            + " is no longer held by its owner");
      }
      return upsertCursor(c, connector, cursor);
    });
  }

  private int upsertCursor(Connection c, ConnectorId connector, SyncCursor cursor) throws SQLException {
    String sql = db.dialect() == Dialect.POSTGRESQL
        ? "INSERT INTO cs_sync_cursor (connector_id, cursor_value) VALUES (?, ?)"
            + " ON CONFLICT (connector_id) DO UPDATE SET cursor_value = EXCLUDED.cursor_value"
        : "MERGE INTO cs_sync_cursor (connector_id, cursor_value) KEY (connector_id) VALUES (?, ?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, connector.value());
      ps.setString(2, cursor.value());
      return ps.executeUpdate();
    }
  }

  @Override
  public void clearCursor(ConnectorId connector) {
    Checks.notNull(connector, "connector id");
    db.call("sync cursor clear", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM cs_sync_cursor WHERE connector_id = ?")) {
        ps.setString(1, connector.value());
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public Optional<Lease> tryAcquire(String name, String owner, Duration ttl) {
    Checks.notBlank(name, "lease name");
    Checks.notBlank(owner, "lease owner");
    requirePositive(ttl);
    return db.call("lease acquire", c -> {
      for (int attempt = 1; ; attempt++) {
        Instant now = clock.instant();
        Optional<Row> row = lease(c, name);
        if (row.isEmpty()) {
          Lease lease = new Lease(name, owner, now.plus(ttl), 1);
          try {
            Db.savepoint(c, cc -> {
              try (PreparedStatement ps = cc.prepareStatement("INSERT INTO cs_lease"
                  + " (lease_name, holder, expires_s, expires_n, fencing_token) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, name);
                ps.setString(2, owner);
                Codec.setInstant(ps, 3, lease.expiresAt());
                ps.setLong(5, lease.fencingToken());
                return ps.executeUpdate();
              }
            });
            return Optional.of(lease);
          } catch (SQLException e) {
            if (!Db.isUniqueViolation(e) || attempt >= MAX_ATTEMPTS) {
              throw e;
            }
            continue; // another node created the lease row first: read it
          }
        }
        Row held = row.get();
        boolean free = held.holder() == null || !held.expiresAt().isAfter(now);
        if (!free && !owner.equals(held.holder())) {
          return Optional.empty();
        }
        long token = free ? held.token() + 1 : held.token();
        Lease lease = new Lease(name, owner, now.plus(ttl), token);
        write(c, lease);
        return Optional.of(lease);
      }
    });
  }

  @Override
  public Optional<Lease> renew(Lease lease, Duration ttl) {
    Checks.notNull(lease, "lease");
    requirePositive(ttl);
    return db.call("lease renew", c -> {
      Instant now = clock.instant();
      Optional<Row> row = lease(c, lease.name());
      if (row.isEmpty() || !row.get().heldBy(lease.owner(), now) || row.get().token() != lease.fencingToken()) {
        return Optional.empty();
      }
      Lease renewed = new Lease(lease.name(), lease.owner(), now.plus(ttl), lease.fencingToken());
      write(c, renewed);
      return Optional.of(renewed);
    });
  }

  @Override
  public void release(Lease lease) {
    Checks.notNull(lease, "lease");
    db.call("lease release", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE cs_lease SET holder = NULL"
          + " WHERE lease_name = ? AND holder = ? AND fencing_token = ?")) {
        ps.setString(1, lease.name());
        ps.setString(2, lease.owner());
        ps.setLong(3, lease.fencingToken());
        return ps.executeUpdate();
      }
    });
  }

  private static Optional<Row> lease(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT holder, expires_s, expires_n, fencing_token"
        + " FROM cs_lease WHERE lease_name = ? FOR UPDATE")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Row(rs.getString("holder"), Codec.instant(rs, "expires_s", "expires_n"),
                rs.getLong("fencing_token")))
            : Optional.empty();
      }
    }
  }

  private static void write(Connection c, Lease lease) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE cs_lease SET holder = ?, expires_s = ?, expires_n = ?,"
        + " fencing_token = ? WHERE lease_name = ?")) {
      ps.setString(1, lease.owner());
      Codec.setInstant(ps, 2, lease.expiresAt());
      ps.setLong(4, lease.fencingToken());
      ps.setString(5, lease.name());
      ps.executeUpdate();
    }
  }

  private static void requirePositive(Duration ttl) {
    Checks.notNull(ttl, "lease ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new ValidationException("lease ttl must be positive: " + ttl);
    }
  }

  @Override
  public String toString() {
    return "JdbcSyncStateStore[" + db.dialect() + "]";
  }
}
