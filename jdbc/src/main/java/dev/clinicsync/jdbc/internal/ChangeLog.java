package dev.clinicsync.jdbc.internal;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.store.AppointmentChange;
import dev.clinicsync.jdbc.AppointmentChanges;
import dev.clinicsync.jdbc.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The change sequence (tables {@code cs_appointment_change}, {@code cs_change_counter}). A write
 * notes its change on its connection; right before the transaction commits, the notes get their
 * ids from the counter row, whose lock is then held only for the commit itself. Because numbering
 * and committing happen under that one lock, ids become visible in order.
 */
public final class ChangeLog implements AppointmentChanges {
  /** The PostgreSQL NOTIFY channel; each commit with changes sends its newest change id. */
  static final String CHANNEL = AppointmentChanges.NOTIFY_CHANNEL;

  private final Db db;

  public ChangeLog(Db db) {
    this.db = Checks.notNull(db, "db");
  }

  /** Notes a write on {@code c}'s transaction; it is numbered when the transaction commits. */
  void noteWrite(Connection c, AppointmentId id, ClinicianId clinician, AppointmentChange.Kind kind) {
    List<Db.Work<?>> hooks = db.hooks(c);
    Batch batch = null;
    for (Db.Work<?> hook : hooks) {
      if (hook instanceof Batch) {
        batch = (Batch) hook;
      }
    }
    if (batch == null) {
      batch = new Batch(db.dialect() == Dialect.POSTGRESQL);
      hooks.add(batch);
    }
    batch.notes.add(new Note(id, clinician, kind));
  }

  private record Note(AppointmentId id, ClinicianId clinician, AppointmentChange.Kind kind) {}

  /** A transaction's notes, numbered together with one counter update right before commit. */
  private static final class Batch implements Db.Work<Integer> {
    final List<Note> notes = new ArrayList<>();
    final boolean postgres;

    Batch(boolean postgres) {
      this.postgres = postgres;
    }

    @Override
    public Integer apply(Connection c) throws SQLException {
      int n = notes.size();
      long last;
      try (PreparedStatement up = c.prepareStatement(
          "UPDATE cs_change_counter SET last_change = last_change + ? WHERE id = 1")) {
        up.setInt(1, n);
        up.executeUpdate();
      }
      try (PreparedStatement read = c.prepareStatement("SELECT last_change FROM cs_change_counter WHERE id = 1");
          ResultSet rs = read.executeQuery()) {
        rs.next();
        last = rs.getLong(1);
      }
      try (PreparedStatement ins = c.prepareStatement(
          "INSERT INTO cs_appointment_change (change_id, appointment_id, clinician_id, kind) VALUES (?, ?, ?, ?)")) {
        long id = last - n + 1;
        for (Note note : notes) {
          ins.setLong(1, id++);
          ins.setString(2, note.id().value());
          ins.setString(3, note.clinician().value());
          ins.setString(4, note.kind().name());
          ins.addBatch();
        }
        ins.executeBatch();
      }
      if (postgres) {
        // a hint for listening nodes, delivered at commit; the table stays the truth
        try (PreparedStatement notify = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
          notify.setString(1, Long.toString(last));
          notify.executeQuery().close();
        }
      }
      return n;
    }
  }

  @Override
  public List<AppointmentChange> since(long afterChangeId, int limit) {
    if (afterChangeId < 0 || limit < 0) {
      throw new ValidationException("changes since needs a change id >= 0 and a limit >= 0");
    }
    if (limit == 0) {
      return List.of();
    }
    return db.call("change sequence read", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT change_id, appointment_id, clinician_id, kind"
          + " FROM cs_appointment_change WHERE change_id > ? ORDER BY change_id FETCH FIRST ? ROWS ONLY")) {
        ps.setLong(1, afterChangeId);
        ps.setInt(2, limit);
        List<AppointmentChange> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new AppointmentChange(rs.getLong(1), AppointmentId.of(rs.getString(2)),
                ClinicianId.of(rs.getString(3)), AppointmentChange.Kind.valueOf(rs.getString(4))));
          }
        }
        return List.copyOf(out);
      }
    });
  }

  /**
   * On PostgreSQL, listens for the commits' {@code NOTIFY} on a connection of its own (taken from the
   * data source for as long as the subscription is open); on H2 there are no hints.
   */
  @Override
  public Subscription onHint(Runnable hint) {
    Checks.notNull(hint, "change hint");
    if (db.dialect() != Dialect.POSTGRESQL) {
      return () -> { };
    }
    return ChangeHints.start(db.dataSource(), hint);
  }

  @Override
  public long latest() {
    return db.call("change sequence read", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT last_change FROM cs_change_counter WHERE id = 1");
          ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    });
  }
}
