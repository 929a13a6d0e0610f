package dev.clinicsync.jdbc.internal;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConflictOverride;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.OverrideReason;
import dev.clinicsync.core.model.PatientRef;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.store.AppointmentStore;
import dev.clinicsync.core.store.UpsertResult;
import dev.clinicsync.core.store.AppointmentChange;
import dev.clinicsync.jdbc.Dialect;
import dev.clinicsync.jdbc.OverlapConflictException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An {@link AppointmentStore} over JDBC (table {@code cs_appointment}). Writes lock the row they
 * change ({@code SELECT … FOR UPDATE}) and check revisions under that lock; a lost insert race
 * (two writers creating one source key) is rolled back to a savepoint and read again.
 */
public final class JdbcAppointmentStore implements AppointmentStore {
  private static final Comparator<Appointment> ORDER =
      Comparator.comparing(Appointment::start).thenComparing(a -> a.id().value());
  private static final int MAX_ATTEMPTS = 5;
  /** Rows per JDBC batch of {@link #insertNew}. */
  private static final int BATCH = 1_000;

  private static final String COLUMNS = "id, source_system, source_external_id, source_version, clinician_id,"
      + " vendor_provider_id, patient_token, start_s, start_n, end_s, end_n, location_id, status, type_kind,"
      + " type_vendor_code, source_zone, conflict_ids, source_metadata, connector_id, override_reason,"
      + " override_user, override_s, override_n, revision";
  private static final String INSERT = "INSERT INTO cs_appointment (" + COLUMNS
      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String UPDATE = "UPDATE cs_appointment SET id = ?, source_system = ?, source_external_id = ?,"
      + " source_version = ?, clinician_id = ?, vendor_provider_id = ?, patient_token = ?, start_s = ?, start_n = ?,"
      + " end_s = ?, end_n = ?, location_id = ?, status = ?, type_kind = ?, type_vendor_code = ?, source_zone = ?,"
      + " conflict_ids = ?, source_metadata = ?, connector_id = ?, override_reason = ?, override_user = ?,"
      + " override_s = ?, override_n = ?, revision = ? WHERE id = ?";
  private static final String BY_ID = "SELECT " + COLUMNS + " FROM cs_appointment WHERE id = ?";
  private static final String BY_SOURCE =
      "SELECT " + COLUMNS + " FROM cs_appointment WHERE source_system = ? AND source_external_id = ?";

  private final Db db;
  private final ChangeLog changes;

  public JdbcAppointmentStore(Db db, ChangeLog changes) {
    this.db = Checks.notNull(db, "db");
    this.changes = Checks.notNull(changes, "change log");
  }

  @Override
  public Optional<Appointment> findById(AppointmentId id) {
    Checks.notNull(id, "appointment id");
    return db.call("appointment read", c -> byId(c, id, false));
  }

  @Override
  public Optional<Appointment> findBySource(SourceRef source) {
    Checks.notNull(source, "appointment source");
    return db.call("appointment read", c -> bySource(c, source, false));
  }

  @Override
  public List<Appointment> find(AppointmentQuery query) {
    Checks.notNull(query, "appointment query");
    if (query.window().isPresent() && query.clinicians().size() > 1 && db.dialect() == Dialect.H2) {
      // H2 walks an IN list on the index's first column without the start_s range of the next one
      // (its EXPLAIN shows the range, its cursor does not use it): one bounded read per clinician
      List<Appointment> out = new ArrayList<>();
      for (ClinicianId clinician : query.clinicians()) {
        out.addAll(find(new AppointmentQuery(query.window(), Set.of(clinician), query.sources(), query.statuses(),
            query.locations(), query.connectors())));
      }
      out.sort(ORDER);
      return Collections.unmodifiableList(out);
    }
    StringBuilder filter = new StringBuilder();
    List<Object> filterParams = new ArrayList<>();
    in(filter, filterParams, "clinician_id", query.clinicians(), ClinicianId::value);
    in(filter, filterParams, "source_system", query.sources(), SourceSystem::id);
    in(filter, filterParams, "status", query.statuses(), AppointmentStatus::name);
    in(filter, filterParams, "location_id", query.locations(), s -> s);
    in(filter, filterParams, "connector_id", query.connectors(), ConnectorId::value);
    String sql;
    List<Object> params;
    if (query.window().isPresent()) {
      // a superset by whole seconds, index-bounded on both sides (WindowBounds); the exact
      // half-open overlap is checked below
      sql = WindowBounds.select(COLUMNS, "cs_appointment", filter.toString());
      params = WindowBounds.params(query.window().get(), filterParams);
    } else {
      sql = "SELECT " + COLUMNS + " FROM cs_appointment WHERE 1 = 1" + filter;
      params = filterParams;
    }
    List<Appointment> out = db.call("appointment query", c -> {
      List<Appointment> found = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < params.size(); i++) {
          ps.setObject(i + 1, params.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Appointment a = read(rs);
            if (query.matches(a)) {
              found.add(a);
            }
          }
        }
      }
      return found;
    });
    out.sort(ORDER); // in Java: a database collation need not order ids as String.compareTo does
    return Collections.unmodifiableList(out);
  }

  private static <T> void in(StringBuilder sql, List<Object> params, String column, Set<T> values,
      java.util.function.Function<T, String> text) {
    if (values.isEmpty()) {
      return;
    }
    sql.append(" AND ").append(column).append(" IN (");
    boolean first = true;
    for (T v : values) {
      sql.append(first ? "?" : ", ?");
      params.add(text.apply(v));
      first = false;
    }
    sql.append(')');
  }

  @Override
  public Appointment save(Appointment appointment) {
    Checks.notNull(appointment, "appointment");
    return db.call("appointment save", c -> {
      Optional<Appointment> current = byId(c, appointment.id(), true);
      long currentRevision = current.map(Appointment::revision).orElse(0L);
      if (currentRevision != appointment.revision()) {
        throw new StorageConflictException(appointment.id().value(), appointment.revision(), currentRevision);
      }
      Optional<Appointment> keyOwner = bySource(c, appointment.source(), false);
      if (keyOwner.isPresent() && !keyOwner.get().id().equals(appointment.id())) {
        throw new StorageConflictException(appointment.id().value(),
            "source key " + appointment.source().key() + " belongs to appointment " + keyOwner.get().id());
      }
      Appointment next = appointment.withRevision(currentRevision + 1);
      if (current.isEmpty()) {
        try {
          guarded(c, next, cc -> insert(cc, next));
        } catch (SQLException e) {
          if (Db.isUniqueViolation(e)) {
            throw new StorageConflictException(appointment.id().value(),
                "appointment " + appointment.id() + " or its source key was stored concurrently");
          }
          throw e;
        }
      } else {
        guarded(c, next, cc -> update(cc, appointment.id(), next));
      }
      changes.noteWrite(c, next.id(), next.clinicianId(), AppointmentChange.Kind.SAVED);
      return next;
    });
  }

  @Override
  public UpsertResult upsertBySource(Appointment appointment) {
    Checks.notNull(appointment, "appointment");
    return db.call("appointment upsert", c -> {
      for (int attempt = 1; ; attempt++) {
        Optional<Appointment> stored = bySource(c, appointment.source(), true);
        if (stored.isPresent()) {
          Appointment current = stored.get();
          Appointment candidate = appointment.toBuilder().id(current.id()).revision(current.revision()).build();
          if (candidate.equals(current)) {
            return new UpsertResult(current, UpsertResult.Outcome.UNCHANGED, stored);
          }
          Appointment next = candidate.withRevision(current.revision() + 1);
          guarded(c, next, cc -> update(cc, current.id(), next));
          changes.noteWrite(c, next.id(), next.clinicianId(), AppointmentChange.Kind.SAVED);
          return new UpsertResult(next, UpsertResult.Outcome.UPDATED, stored);
        }
        Optional<Appointment> clash = byId(c, appointment.id(), false);
        if (clash.isPresent() && clash.get().source().sameKey(appointment.source()) && attempt < MAX_ATTEMPTS) {
          continue; // created by another writer since the read above: read it under the lock
        }
        if (clash.isPresent()) {
          throw new StorageConflictException(appointment.id().value(), "appointment id " + appointment.id()
              + " already belongs to source key " + clash.get().source().key());
        }
        Appointment created = appointment.withRevision(1);
        try {
          guarded(c, created, cc -> insert(cc, created));
          changes.noteWrite(c, created.id(), created.clinicianId(), AppointmentChange.Kind.SAVED);
          return new UpsertResult(created, UpsertResult.Outcome.CREATED, Optional.empty());
        } catch (SQLException e) {
          if (!Db.isUniqueViolation(e) || attempt >= MAX_ATTEMPTS) {
            throw e;
          }
          // another writer created the key (or took the id) first: read again
        }
      }
    });
  }

  @Override
  public Optional<Appointment> delete(AppointmentId id) {
    Checks.notNull(id, "appointment id");
    return db.call("appointment delete", c -> {
      Optional<Appointment> current = byId(c, id, true);
      if (current.isPresent()) {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM cs_appointment WHERE id = ?")) {
          ps.setString(1, id.value());
          ps.executeUpdate();
        }
        changes.noteWrite(c, id, current.get().clinicianId(), AppointmentChange.Kind.DELETED);
      }
      return current;
    });
  }

  /**
   * Inserts appointments whose ids and source keys are not stored yet, as batched statements on
   * {@code c}'s transaction: each row exactly as {@link #upsertBySource} writes a new source key (the
   * same columns, revision 1) and its change noted for the sequence, numbered when {@code c} commits.
   * No locked read per row and no savepoint: a taken id or key fails the batch, and the caller's
   * transaction with it.
   *
   * @return how many rows were inserted
   */
  public int insertNew(Connection c, List<Appointment> appointments) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      int pending = 0;
      for (Appointment a : appointments) {
        bind(ps, a.withRevision(1));
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
    for (Appointment a : appointments) {
      changes.noteWrite(c, a.id(), a.clinicianId(), AppointmentChange.Kind.SAVED);
    }
    return appointments.size();
  }

  @Override
  public long count() {
    return db.call("appointment count", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM cs_appointment");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /**
   * Runs a write of {@code a} under a savepoint. The overlap guard's refusal becomes an
   * {@link OverlapConflictException}; a deadlock (PostgreSQL's answer when two conflicting inserts
   * race through the exclusion constraint) is retried, and then ends as a clean refusal or a success.
   */
  private void guarded(Connection c, Appointment a, Db.Work<Integer> write) throws SQLException {
    // inside a caller's transaction a retry would wait on the same locks again: the deadlock ends
    // the caller's transaction instead (a StorageConflictException), and the other one goes on
    int attempts = db.inTransaction() ? 1 : MAX_ATTEMPTS;
    for (int attempt = 1; ; attempt++) {
      try {
        Db.savepoint(c, write);
        return;
      } catch (SQLException e) {
        if (OverlapGuard.isOverlap(e)) {
          throw new OverlapConflictException(a.id(), a.clinicianId());
        }
        if (!OverlapGuard.isDeadlock(e) || attempt >= attempts) {
          throw e;
        }
      }
    }
  }

  private static Optional<Appointment> byId(Connection c, AppointmentId id, boolean lock) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(lock ? BY_ID + " FOR UPDATE" : BY_ID)) {
      ps.setString(1, id.value());
      return one(ps);
    }
  }

  private static Optional<Appointment> bySource(Connection c, SourceRef source, boolean lock) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(lock ? BY_SOURCE + " FOR UPDATE" : BY_SOURCE)) {
      ps.setString(1, source.system().id());
      ps.setString(2, source.externalId());
      return one(ps);
    }
  }

  private static Optional<Appointment> one(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(read(rs)) : Optional.empty();
    }
  }

  private static int insert(Connection c, Appointment a) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      bind(ps, a);
      return ps.executeUpdate();
    }
  }

  private static int update(Connection c, AppointmentId storedId, Appointment a) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
      int next = bind(ps, a);
      ps.setString(next, storedId.value());
      return ps.executeUpdate();
    }
  }

  /** Binds every column in {@link #COLUMNS} order; returns the next parameter index. */
  private static int bind(PreparedStatement ps, Appointment a) throws SQLException {
    ps.setString(1, a.id().value());
    ps.setString(2, a.source().system().id());
    ps.setString(3, a.source().externalId());
    Codec.setString(ps, 4, a.source().version());
    ps.setString(5, a.clinicianId().value());
    Codec.setString(ps, 6, a.vendorProviderId());
    Codec.setString(ps, 7, a.patient().map(PatientRef::token));
    Codec.setInstant(ps, 8, a.start());
    Codec.setInstant(ps, 10, a.end());
    Codec.setString(ps, 12, a.locationId());
    ps.setString(13, a.status().name());
    ps.setString(14, a.type().kind().name());
    Codec.setString(ps, 15, a.type().vendorCode());
    Codec.setString(ps, 16, a.sourceZone().map(ZoneId::getId));
    Set<String> conflicts = new TreeSet<>();
    a.conflictIds().forEach(id -> conflicts.add(id.value()));
    ps.setString(17, Codec.strings(conflicts));
    ps.setString(18, Codec.map(a.sourceMetadata()));
    Codec.setString(ps, 19, a.connector().map(ConnectorId::value));
    Codec.setString(ps, 20, a.override().map(o -> o.reason().name()));
    Codec.setString(ps, 21, a.override().map(ConflictOverride::userId));
    Codec.setInstant(ps, 22, a.override().map(ConflictOverride::at));
    ps.setLong(24, a.revision());
    return 25;
  }

  private static Appointment read(ResultSet rs) throws SQLException {
    String id = rs.getString("id");
    Optional<String> version = Codec.optionalString(rs, "source_version");
    SourceRef source = new SourceRef(SourceSystem.of(rs.getString("source_system")),
        rs.getString("source_external_id"), version);
    Optional<String> vendorCode = Codec.optionalString(rs, "type_vendor_code");
    AppointmentType type = new AppointmentType(AppointmentType.Kind.valueOf(rs.getString("type_kind")), vendorCode);
    Collection<String> conflictTexts = Codec.strings(rs.getString("conflict_ids"), "conflict ids of appointment " + id);
    Set<AppointmentId> conflicts = new HashSet<>();
    conflictTexts.forEach(t -> conflicts.add(AppointmentId.of(t)));
    Optional<String> overrideReason = Codec.optionalString(rs, "override_reason");
    Optional<ConflictOverride> override = Optional.empty();
    if (overrideReason.isPresent()) {
      override = Optional.of(ConflictOverride.of(OverrideReason.valueOf(overrideReason.get()),
          rs.getString("override_user"), Codec.instant(rs, "override_s", "override_n")));
    }
    return new Appointment(
        AppointmentId.of(id),
        source,
        ClinicianId.of(rs.getString("clinician_id")),
        Codec.optionalString(rs, "vendor_provider_id"),
        Codec.optionalString(rs, "patient_token").map(PatientRef::of),
        Codec.instant(rs, "start_s", "start_n"),
        Codec.instant(rs, "end_s", "end_n"),
        Codec.optionalString(rs, "location_id"),
        AppointmentStatus.valueOf(rs.getString("status")),
        type,
        Codec.optionalString(rs, "source_zone").map(ZoneId::of),
        conflicts,
        Codec.map(rs.getString("source_metadata"), "metadata of appointment " + id),
        Codec.optionalString(rs, "connector_id").map(ConnectorId::of),
        override,
        rs.getLong("revision"));
  }

  @Override
  public String toString() {
    return "JdbcAppointmentStore[" + db.dialect() + "]";
  }
}
