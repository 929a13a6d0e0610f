package dev.clinicsync.jdbc.internal;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ClinicSyncException;
import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditEvent;
import dev.clinicsync.core.audit.AuditSink;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An append-only {@link AuditSink} over JDBC (table {@code cs_audit_event}). There is no update or
 * delete statement for the table in this code, and the migrations add a trigger that refuses both
 * (and, on PostgreSQL, TRUNCATE). The primary key on the sequence number makes two writers racing
 * for the same next sequence end as one append and one {@link StorageConflictException}.
 */
public final class JdbcAuditSink implements AuditSink {
  private static final String COLUMNS = "seq, at_s, at_n, actor, action, subject, details, key_id, previous_hash, hash";

  private final Db db;

  public JdbcAuditSink(Db db) {
    this.db = Checks.notNull(db, "db");
  }

  @Override
  public void append(AuditEvent event) {
    Checks.notNull(event, "audit event");
    db.call("audit append", c -> {
      if (db.inTransaction()) {
        // one chain: appends of every node queue here until the appending transaction ends, so the
        // head read below is the committed one and the next sequence is free (AuditLog re-chains
        // onto it when another writer got here first)
        JdbcClinicianLocks.lockKey(db, c, JdbcClinicianLocks.AUDIT_NAMESPACE, JdbcClinicianLocks.AUDIT_CHAIN);
      }
      long last;
      try (PreparedStatement ps = c.prepareStatement("SELECT MAX(seq) FROM cs_audit_event");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        last = rs.getLong(1); // 0 when empty
      }
      if (event.sequence() != last + 1) {
        throw new StorageConflictException("audit:" + event.sequence(), last, event.sequence() - 1);
      }
      try {
        return Db.savepoint(c, cc -> {
          try (PreparedStatement ps = cc.prepareStatement(
              "INSERT INTO cs_audit_event (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, event.sequence());
            Codec.setInstant(ps, 2, event.at());
            ps.setString(4, event.actor());
            ps.setString(5, event.action().name());
            ps.setString(6, event.subject());
            ps.setString(7, Codec.map(event.details()));
            ps.setString(8, event.keyId());
            ps.setString(9, event.previousHash());
            ps.setString(10, event.hash());
            return ps.executeUpdate();
          }
        });
      } catch (SQLException e) {
        if (Db.isUniqueViolation(e)) {
          throw new StorageConflictException("audit:" + event.sequence(),
              "audit event " + event.sequence() + " was appended concurrently by another writer");
        }
        throw e;
      }
    });
  }

  @Override
  public Optional<AuditEvent> last() {
    return db.call("audit read", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT " + COLUMNS + " FROM cs_audit_event ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY");
          ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    });
  }

  @Override
  public List<AuditEvent> read(long fromSequence, int limit) {
    if (fromSequence < 1 || limit < 0) {
      throw new ValidationException("audit read needs fromSequence >= 1 and limit >= 0");
    }
    if (limit == 0) {
      return List.of();
    }
    return db.call("audit read", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT " + COLUMNS + " FROM cs_audit_event WHERE seq >= ? ORDER BY seq FETCH FIRST ? ROWS ONLY")) {
        ps.setLong(1, fromSequence);
        ps.setInt(2, limit);
        List<AuditEvent> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(read(rs));
          }
        }
        return List.copyOf(out);
      }
    });
  }

  /**
   * One stored event. A row that no longer makes a valid event (a hash that is not hex, an unknown
   * action) was edited in the database: the error names its sequence number, never its contents.
   */
  private static AuditEvent read(ResultSet rs) throws SQLException {
    long seq = rs.getLong("seq");
    try {
      return new AuditEvent(seq, Codec.instant(rs, "at_s", "at_n"), rs.getString("actor"),
          AuditAction.valueOf(rs.getString("action")), rs.getString("subject"),
          Codec.map(rs.getString("details"), "details of audit event " + seq), rs.getString("key_id"),
          rs.getString("previous_hash"), rs.getString("hash"));
    } catch (ClinicSyncException | IllegalArgumentException | NullPointerException e) {
      throw new StorageException("stored audit event " + seq + " is not a valid event: it was altered in the database");
    }
  }

  @Override
  public String toString() {
    return "JdbcAuditSink[" + db.dialect() + "]";
  }
}
