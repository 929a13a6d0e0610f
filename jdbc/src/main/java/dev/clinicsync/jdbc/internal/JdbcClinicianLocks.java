package dev.clinicsync.jdbc.internal;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.jdbc.ClinicianLocks;
import dev.clinicsync.jdbc.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.ResultSet;

/**
 * {@link ClinicianLocks} over the stores' database: {@code pg_advisory_xact_lock(namespace, hash)}
 * on PostgreSQL (two clinicians whose ids hash alike share a lock, which only serialises them), a
 * locked row of {@code cs_clinician_lock} on H2.
 */
public final class JdbcClinicianLocks implements ClinicianLocks {
  /** The first key of ClinicSync's advisory locks ("CS" and 1), apart from a host's own. */
  static final int NAMESPACE = 0x4353_0001;
  /** The namespace of the audit chain's lock ("CS" and 2). */
  static final int AUDIT_NAMESPACE = 0x4353_0002;
  /** The key of the audit chain's lock: one chain, one writer at a time across every node. */
  static final String AUDIT_CHAIN = "~audit-chain";

  private final Db db;

  public JdbcClinicianLocks(Db db) {
    this.db = Checks.notNull(db, "db");
  }

  @Override
  public void lock(ClinicianId clinician) {
    Checks.notNull(clinician, "clinician id");
    if (!db.inTransaction()) {
      throw new StorageException("the lock of clinician " + clinician.value()
          + " needs an open transaction (Transactions.inTransaction): outside one it would end at once");
    }
    db.call("clinician lock", c -> lockKey(db, c, NAMESPACE, clinician.value()));
  }

  /**
   * Takes the transaction-scoped lock of {@code key} on {@code c}: an advisory lock in
   * {@code namespace} on PostgreSQL, the key's row of {@code cs_clinician_lock} on H2 (keys that are
   * not clinician ids, such as {@link #AUDIT_CHAIN}, start with {@code ~}, which clinician ids never
   * contain).
   */
  static int lockKey(Db db, Connection c, int namespace, String key) throws SQLException {
    if (db.dialect() == Dialect.POSTGRESQL) {
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
        ps.setInt(1, namespace);
        ps.setInt(2, key.hashCode());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? 1 : 0;
        }
      }
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return Db.savepoint(c, cc -> lockRow(cc, key));
      } catch (SQLException e) {
        if (!Db.isUniqueViolation(e) || attempt >= 3) {
          throw e;
        }
        // another node created the key's row first: lock the existing row
      }
    }
  }

  private static int lockRow(Connection c, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("MERGE INTO cs_clinician_lock USING (VALUES (CAST(? AS VARCHAR)))"
        + " AS s(id) ON cs_clinician_lock.clinician_id = s.id"
        + " WHEN MATCHED THEN UPDATE SET locks = cs_clinician_lock.locks + 1"
        + " WHEN NOT MATCHED THEN INSERT (clinician_id, locks) VALUES (s.id, 1)")) {
      ps.setString(1, key);
      return ps.executeUpdate();
    }
  }
}
