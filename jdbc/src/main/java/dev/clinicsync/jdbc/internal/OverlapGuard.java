package dev.clinicsync.jdbc.internal;

import dev.clinicsync.core.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The optional PostgreSQL exclusion constraint on {@code cs_appointment}: no two active SDK
 * bookings ({@code source_system = 'internal'}, a status that blocks time, no accepted override) of
 * one clinician overlap. Vendor records are outside it: a vendor's calendar may hold double-bookings,
 * which sync must store and the conflict engine reports. Added idempotently, outside the versioned
 * migrations, because it is a host's choice (it needs the {@code btree_gist} extension).
 */
public final class OverlapGuard {
  /** The constraint's name. */
  public static final String CONSTRAINT = "cs_appointment_no_overlap";
  /** The SQL state of an exclusion violation. */
  static final String EXCLUSION_VIOLATION = "23P01";
  /** The SQL state of a detected deadlock. */
  static final String DEADLOCK = "40P01";

  private OverlapGuard() {}

  /** Adds the constraint unless present. */
  public static void install(DataSource dataSource) {
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      c.setAutoCommit(true);
      st.execute("CREATE EXTENSION IF NOT EXISTS btree_gist");
      st.execute("DO $$ BEGIN"
          + " IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = '" + CONSTRAINT + "'"
          + " AND conrelid = 'cs_appointment'::regclass) THEN"
          + " ALTER TABLE cs_appointment ADD CONSTRAINT " + CONSTRAINT + " EXCLUDE USING gist ("
          + " clinician_id WITH =,"
          + " tstzrange(to_timestamp(start_s + start_n / 1000000000.0), to_timestamp(end_s + end_n / 1000000000.0),"
          + " '[)') WITH &&)"
          + " WHERE (source_system = 'internal' AND status IN ('PENDING', 'SCHEDULED', 'CONFIRMED', 'COMPLETED')"
          + " AND override_reason IS NULL);"
          + " END IF; END $$");
    } catch (SQLException e) {
      throw Db.translate("installing the overlap guard", e);
    }
  }

  static boolean isOverlap(SQLException e) {
    return EXCLUSION_VIOLATION.equals(e.getSQLState());
  }

  static boolean isDeadlock(SQLException e) {
    return DEADLOCK.equals(e.getSQLState());
  }
}
