package dev.clinicsync.jdbc.internal;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.BusyBlockStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A {@link BusyBlockStore} over JDBC (table {@code cs_busy_block}), keyed by source key. */
public final class JdbcBusyBlockStore implements BusyBlockStore {
  private static final int MAX_ATTEMPTS = 5;
  private static final String COLUMNS = "source_system, source_external_id, source_version, owner_connector,"
      + " calendar_id, clinician_id, start_s, start_n, end_s, end_n, all_day_first, all_day_end, copy_of";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM cs_busy_block";
  private static final String INSERT = "INSERT INTO cs_busy_block (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  /** Rows per JDBC batch of {@link #insertNew}. */
  private static final int BATCH = 1_000;
  private static final String BY_KEY = SELECT + " WHERE source_system = ? AND source_external_id = ?";

  private record Owned(ConnectorId owner, BusyBlock block) {}

  private final Db db;

  public JdbcBusyBlockStore(Db db) {
    this.db = Checks.notNull(db, "db");
  }

  @Override
  public Change upsert(ConnectorId owner, BusyBlock block) {
    Checks.notNull(owner, "busy block owner");
    Checks.notNull(block, "busy block");
    Owned next = new Owned(owner, block);
    return db.call("busy block upsert", c -> {
      for (int attempt = 1; ; attempt++) {
        Optional<Owned> stored = byKey(c, block.source(), true);
        if (stored.isPresent()) {
          if (stored.get().equals(next)) {
            return Change.UNCHANGED;
          }
          try (PreparedStatement ps = c.prepareStatement("UPDATE cs_busy_block SET source_system = ?,"
              + " source_external_id = ?, source_version = ?, owner_connector = ?, calendar_id = ?, clinician_id = ?,"
              + " start_s = ?, start_n = ?, end_s = ?, end_n = ?, all_day_first = ?, all_day_end = ?, copy_of = ?"
              + " WHERE source_system = ? AND source_external_id = ?")) {
            bind(ps, next);
            ps.setString(14, block.source().system().id());
            ps.setString(15, block.source().externalId());
            ps.executeUpdate();
          }
          return Change.UPDATED;
        }
        try {
          Db.savepoint(c, cc -> {
            try (PreparedStatement ps = cc.prepareStatement(INSERT)) {
              bind(ps, next);
              return ps.executeUpdate();
            }
          });
          return Change.CREATED;
        } catch (SQLException e) {
          if (!Db.isUniqueViolation(e) || attempt >= MAX_ATTEMPTS) {
            throw e;
          }
        }
      }
    });
  }

  /**
   * Inserts busy blocks whose source keys are not stored yet, as batched statements on {@code c}'s
   * transaction: each row exactly as {@link #upsert} writes a new key. A taken key fails the batch,
   * and the caller's transaction with it.
   *
   * @return how many rows were inserted
   */
  public int insertNew(Connection c, ConnectorId owner, List<BusyBlock> blocks) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      int pending = 0;
      for (BusyBlock b : blocks) {
        bind(ps, new Owned(owner, b));
        ps.addBatch();
        if (++pending == BATCH) {
          ps.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        ps.executeBatch();
      }
    }
    return blocks.size();
  }

  @Override
  public Optional<BusyBlock> remove(SourceRef source) {
    Checks.notNull(source, "busy block source");
    return db.call("busy block remove", c -> {
      Optional<Owned> stored = byKey(c, source, true);
      if (stored.isPresent()) {
        try (PreparedStatement ps = c.prepareStatement(
            "DELETE FROM cs_busy_block WHERE source_system = ? AND source_external_id = ?")) {
          ps.setString(1, source.system().id());
          ps.setString(2, source.externalId());
          ps.executeUpdate();
        }
      }
      return stored.map(Owned::block);
    });
  }

  @Override
  public Optional<BusyBlock> find(SourceRef source) {
    Checks.notNull(source, "busy block source");
    return db.call("busy block read", c -> byKey(c, source, false).map(Owned::block));
  }

  @Override
  public List<BusyBlock> findByOwner(ConnectorId owner) {
    Checks.notNull(owner, "busy block owner");
    return db.call("busy block read", c -> {
      try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE owner_connector = ?")) {
        ps.setString(1, owner.value());
        return List.copyOf(list(ps));
      }
    });
  }

  @Override
  public List<BusyBlock> find(ClinicianId clinician, TimeWindow window) {
    Checks.notNull(clinician, "busy block clinician");
    Checks.notNull(window, "busy block window");
    List<BusyBlock> out = db.call("busy block read", c -> {
      // index-bounded on both sides (WindowBounds); the exact overlap is checked below
      try (PreparedStatement ps = c.prepareStatement(WindowBounds.select(COLUMNS, "cs_busy_block", " AND clinician_id = ?"))) {
        List<Object> params = WindowBounds.params(window, List.of(clinician.value()));
        for (int i = 0; i < params.size(); i++) {
          ps.setObject(i + 1, params.get(i));
        }
        return list(ps);
      }
    });
    out.removeIf(b -> !window.overlaps(b.start(), b.end()));
    out.sort(Comparator.comparing(BusyBlock::start).thenComparing(b -> b.source().key()));
    return List.copyOf(out);
  }

  @Override
  public List<BusyBlock> all() {
    return db.call("busy block read", c -> {
      try (PreparedStatement ps = c.prepareStatement(SELECT)) {
        return List.copyOf(list(ps));
      }
    });
  }

  private static Optional<Owned> byKey(Connection c, SourceRef source, boolean lock) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(lock ? BY_KEY + " FOR UPDATE" : BY_KEY)) {
      ps.setString(1, source.system().id());
      ps.setString(2, source.externalId());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  private static List<BusyBlock> list(PreparedStatement ps) throws SQLException {
    List<BusyBlock> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(read(rs).block());
      }
    }
    return out;
  }

  private static void bind(PreparedStatement ps, Owned owned) throws SQLException {
    BusyBlock b = owned.block();
    ps.setString(1, b.source().system().id());
    ps.setString(2, b.source().externalId());
    Codec.setString(ps, 3, b.source().version());
    ps.setString(4, owned.owner().value());
    ps.setString(5, b.calendarId());
    ps.setString(6, b.clinicianId().value());
    Codec.setInstant(ps, 7, b.start());
    Codec.setInstant(ps, 9, b.end());
    if (b.allDay().isPresent()) {
      ps.setObject(11, b.allDay().get().first(), Types.DATE);
      ps.setObject(12, b.allDay().get().endExclusive(), Types.DATE);
    } else {
      ps.setNull(11, Types.DATE);
      ps.setNull(12, Types.DATE);
    }
    Codec.setString(ps, 13, b.copyOf().map(SourceSystem::id));
  }

  private static Owned read(ResultSet rs) throws SQLException {
    SourceRef source = new SourceRef(SourceSystem.of(rs.getString("source_system")),
        rs.getString("source_external_id"), Codec.optionalString(rs, "source_version"));
    LocalDate first = rs.getObject("all_day_first", LocalDate.class);
    Optional<BusyBlock.DateSpan> allDay = Optional.empty();
    if (first != null) {
      allDay = Optional.of(new BusyBlock.DateSpan(first, rs.getObject("all_day_end", LocalDate.class)));
    }
    BusyBlock block = new BusyBlock(source, rs.getString("calendar_id"), ClinicianId.of(rs.getString("clinician_id")),
        Codec.instant(rs, "start_s", "start_n"), Codec.instant(rs, "end_s", "end_n"), allDay,
        Codec.optionalString(rs, "copy_of").map(SourceSystem::of));
    return new Owned(ConnectorId.of(rs.getString("owner_connector")), block);
  }

  @Override
  public String toString() {
    return "JdbcBusyBlockStore[" + db.dialect() + "]";
  }
}
