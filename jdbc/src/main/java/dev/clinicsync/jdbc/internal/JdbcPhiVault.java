package dev.clinicsync.jdbc.internal;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.phi.PhiCipher;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.phi.PhiVault;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A {@link PhiVault} over JDBC (table {@code cs_phi_record}): each record sealed by a
 * {@link PhiCipher} before it leaves the JVM, so the table holds ciphertext only and nothing in
 * the database opens without the key from the host's secret store. Joins the calling thread's
 * transaction, so an appointment and its PHI commit together.
 */
public final class JdbcPhiVault implements PhiVault {
  private static final int MAX_ATTEMPTS = 5;

  private final Db db;
  private final PhiCipher cipher;

  public JdbcPhiVault(Db db, PhiCipher cipher) {
    this.db = Checks.notNull(db, "db");
    this.cipher = Checks.notNull(cipher, "PHI cipher");
  }

  @Override
  public void put(AppointmentId id, PhiRecord record) {
    Checks.notNull(id, "appointment id");
    Checks.notNull(record, "PHI record");
    byte[] box = cipher.seal(id, record);
    db.run("PHI vault write", c -> {
      for (int attempt = 1; ; attempt++) {
        try (PreparedStatement ps = c.prepareStatement("UPDATE cs_phi_record SET sealed = ? WHERE appointment_id = ?")) {
          ps.setBytes(1, box);
          ps.setString(2, id.value());
          if (ps.executeUpdate() > 0) {
            return;
          }
        }
        try {
          Db.savepoint(c, cc -> {
            try (PreparedStatement ps = cc.prepareStatement(
                "INSERT INTO cs_phi_record (appointment_id, sealed) VALUES (?, ?)")) {
              ps.setString(1, id.value());
              ps.setBytes(2, box);
              return ps.executeUpdate();
            }
          });
          return;
        } catch (SQLException e) {
          // another writer inserted the same appointment first: update its row instead
          if (!Db.isUniqueViolation(e) || attempt >= MAX_ATTEMPTS) {
            throw e;
          }
        }
      }
    });
  }

  @Override
  public Optional<PhiRecord> get(AppointmentId id) {
    Checks.notNull(id, "appointment id");
    Optional<byte[]> box = db.call("PHI vault read", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT sealed FROM cs_phi_record WHERE appointment_id = ?")) {
        ps.setString(1, id.value());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
        }
      }
    });
    return box.map(b -> cipher.open(id, b));
  }

  @Override
  public boolean delete(AppointmentId id) {
    Checks.notNull(id, "appointment id");
    return db.call("PHI vault delete", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM cs_phi_record WHERE appointment_id = ?")) {
        ps.setString(1, id.value());
        return ps.executeUpdate() > 0;
      }
    });
  }

  @Override
  public String toString() {
    return "JdbcPhiVault[" + db.dialect() + "]";
  }
}
