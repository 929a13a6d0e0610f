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
    db.call("clinician lock", c -> {
      if (db.dialect() == Dialect.POSTGRESQL) {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
          ps.setInt(1, NAMESPACE);
          ps.setInt(2, clinician.value().hashCode());
          try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? 1 : 0;
          }
        }
      }
      for (int attempt = 1; ; attempt++) {
        try {
          return Db.savepoint(c, cc -> lockRow(cc, clinician));
        } catch (SQLException e) {
          if (!Db.isUniqueViolation(e) || attempt >= 3) {
            throw e;
          }
          // another node created the clinician's row first: lock the existing row
        }
      }
    });
  }

  private static int lockRow(Connection c, ClinicianId clinician) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("MERGE INTO cs_clinician_lock USING (VALUES (CAST(? AS VARCHAR)))"
        + " AS s(id) ON cs_clinician_lock.clinician_id = s.id"
        + " WHEN MATCHED THEN UPDATE SET locks = cs_clinician_lock.locks + 1"
        + " WHEN NOT MATCHED THEN INSERT (clinician_id, locks) VALUES (s.id, 1)")) {
      ps.setString(1, clinician.value());
      return ps.executeUpdate();
    }
  }
}
