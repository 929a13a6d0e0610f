package dev.clinicsync.benchmarks;

import dev.clinicsync.core.model.Clinician;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * PostgreSQL on {@link PostgresIndex}'s tables: the working ranges (computed by the host, as for
 * the other baselines) go in as two arrays, {@code generate_series} makes the grid candidates of
 * each, and {@code NOT EXISTS} anti-joins them with the GiST-indexed appointments and busy blocks.
 */
final class PostgresAvailability implements AvailabilityIndex {
  private final PostgresIndex tables = new PostgresIndex();
  private List<Clinician> clinicians;
  private Connection conn;
  private PreparedStatement slots;
  private PreparedStatement first;
  private PreparedStatement free;

  @Override
  public void load(Workload w) {
    tables.load(w);
    clinicians = w.clinicians;
    conn = tables.connection();
    String sfx = tables.tableSuffix();
    String candidates = " FROM unnest(?::bigint[], ?::bigint[]) AS w(ws, we), LATERAL generate_series(ws, we - ?, ?) AS g(s)"
        + " WHERE NOT EXISTS (SELECT 1 FROM appt" + sfx + " a WHERE a.clinician = ? AND a.blocking"
        + " AND a.during && tstzrange(to_timestamp(g.s), to_timestamp(g.s + ?), '[)'))"
        + " AND NOT EXISTS (SELECT 1 FROM busy" + sfx + " b WHERE b.clinician = ?"
        + " AND b.during && tstzrange(to_timestamp(g.s), to_timestamp(g.s + ?), '[)'))";
    try {
      slots = conn.prepareStatement("SELECT count(*)" + candidates);
      first = conn.prepareStatement("SELECT g.s" + candidates + " AND g.s >= ? AND g.s < ? ORDER BY g.s LIMIT 1");
      free = conn.prepareStatement("SELECT NOT EXISTS (SELECT 1 FROM appt" + sfx + " a WHERE a.clinician = ? AND a.blocking"
          + " AND a.during && tstzrange(to_timestamp(?), to_timestamp(?), '[)'))"
          + " AND NOT EXISTS (SELECT 1 FROM busy" + sfx + " b WHERE b.clinician = ?"
          + " AND b.during && tstzrange(to_timestamp(?), to_timestamp(?), '[)'))");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private void bind(PreparedStatement st, long[] ranges, int clinician, int duration, int step) throws SQLException {
    Long[] starts = new Long[ranges.length / 2];
    Long[] ends = new Long[ranges.length / 2];
    for (int i = 0; i < starts.length; i++) {
      starts[i] = ranges[2 * i];
      ends[i] = ranges[2 * i + 1];
    }
    Array a = conn.createArrayOf("bigint", starts);
    Array b = conn.createArrayOf("bigint", ends);
    st.setArray(1, a);
    st.setArray(2, b);
    st.setLong(3, duration);
    st.setLong(4, step);
    st.setInt(5, clinician);
    st.setLong(6, duration);
    st.setInt(7, clinician);
    st.setLong(8, duration);
  }

  @Override
  public int freeSlots(int clinician, long from, long to, int duration, int step) {
    try {
      bind(slots, AvailabilityIndex.workingRanges(clinicians.get(clinician), from, to, step), clinician, duration, step);
      try (ResultSet rs = slots.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public long nextFree(int clinician, long from, int duration, int step, long horizon) {
    try {
      bind(first, AvailabilityIndex.workingRanges(clinicians.get(clinician), from, from + horizon + duration, step), clinician,
          duration, step);
      first.setLong(9, from);
      first.setLong(10, from + horizon);
      try (ResultSet rs = first.executeQuery()) {
        return rs.next() ? rs.getLong(1) : -1;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean isFree(int clinician, long start, long end) {
    long[] r = AvailabilityIndex.workingRanges(clinicians.get(clinician), start, end, 1);
    if (r.length != 2 || r[0] != start || r[1] != end) {
      return false;
    }
    try {
      free.setInt(1, clinician);
      free.setLong(2, start);
      free.setLong(3, end);
      free.setInt(4, clinician);
      free.setLong(5, start);
      free.setLong(6, end);
      try (ResultSet rs = free.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    tables.close();
  }
}
