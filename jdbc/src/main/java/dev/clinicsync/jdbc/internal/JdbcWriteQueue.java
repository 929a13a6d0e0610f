package dev.clinicsync.jdbc.internal;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.store.WriteJob;
import dev.clinicsync.core.store.WriteJob.Operation;
import dev.clinicsync.core.store.WriteJob.State;
import dev.clinicsync.core.store.WriteQueue;
import dev.clinicsync.jdbc.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A {@link WriteQueue} over JDBC (tables {@code cs_write_job} and {@code cs_write_key}); every
 * call joins the calling thread's {@link Db#inTransaction transaction}, so an enqueue commits or
 * rolls back with the store writes that cause it. "Due" and claim expiry are judged by the given
 * clock (the nodes' clocks must agree to within the claim margin the workers keep).
 *
 * <p><b>Ordering.</b> An enqueue first locks its key's row in {@code cs_write_key} (created on
 * first use), so the jobs of one key get their sequence numbers in the order their transactions
 * commit: once a key's job is visible, every earlier job of the key is too. A claim takes only
 * the head of a key (no job of the key with a smaller sequence is left, in whatever state), so a
 * dead job keeps its place and two jobs of one key are never in flight together.
 *
 * <p><b>Claims across nodes.</b> On PostgreSQL a claim is one {@code SELECT … ORDER BY … LIMIT n
 * FOR UPDATE SKIP LOCKED}: a row another claimer holds is skipped, not waited for. H2 2.3 knows
 * {@code SKIP LOCKED}, but applies {@code LIMIT} before it skips (a second claimer would get
 * nothing while the first holds the first rows), so on H2 the due heads are read without a lock
 * and then locked one by one with {@code SKIP LOCKED}, until the batch is full. In both, the claim
 * is written with a state re-check, and an in-flight job whose claim has lapsed is claimable again.
 */
public final class JdbcWriteQueue implements WriteQueue {
  private static final Comparator<WriteJob> DUE_ORDER =
      Comparator.comparing(WriteJob::notBefore).thenComparingLong(WriteJob::sequence);
  private static final String COLUMNS = "job_id, seq, target, idem_key, appointment_id, operation, attributes,"
      + " state, attempts, created_s, created_n, not_before_s, not_before_n, claimed_by, claim_s, claim_n, last_error";
  /** Due pending jobs and lapsed claims; parameters: now (s, s, n) twice. */
  private static final String CLAIMABLE = "((j.state = 'PENDING' AND (j.not_before_s < ? OR (j.not_before_s = ?"
      + " AND j.not_before_n <= ?))) OR (j.state = 'IN_FLIGHT' AND (j.claim_s < ? OR (j.claim_s = ? AND j.claim_n <= ?))))";
  /** Only the head of its key. */
  private static final String HEAD = "NOT EXISTS (SELECT 1 FROM cs_write_job e WHERE e.target = j.target"
      + " AND e.idem_key = j.idem_key AND e.seq < j.seq)";
  private static final String DUE_ORDER_SQL = " ORDER BY j.not_before_s, j.not_before_n, j.seq";
  /** On H2, how many candidates a claim reads per job it wants (others may hold some). */
  private static final int H2_WINDOW = 4;

  private final Db db;
  private final Clock clock;

  public JdbcWriteQueue(Db db, Clock clock) {
    this.db = Checks.notNull(db, "db");
    this.clock = Checks.notNull(clock, "clock");
  }

  @Override
  public Enqueued enqueue(WriteJob.Request request) {
    Checks.notNull(request, "write request");
    return db.call("write job enqueue", c -> {
      lockKey(c, request.target(), request.idempotencyKey());
      Optional<WriteJob> newest = newest(c, request.target(), request.idempotencyKey());
      if (newest.isPresent() && newest.get().state() == State.PENDING
          && newest.get().operation() == request.operation()) {
        WriteJob old = newest.get();
        Instant notBefore = old.attempts() == 0 && request.notBefore().isBefore(old.notBefore())
            ? request.notBefore() : old.notBefore();
        WriteJob merged = new WriteJob(old.id(), old.sequence(), old.target(), request.appointmentId(),
            old.operation(), old.idempotencyKey(), request.attributes(), State.PENDING, old.attempts(),
            old.createdAt(), notBefore, Optional.empty(), Optional.empty(), old.lastError());
        update(c, merged);
        return new Enqueued(merged, Optional.of(old));
      }
      WriteJob job = new WriteJob(UUID.randomUUID().toString(), nextSequence(c), request.target(),
          request.appointmentId(), request.operation(), request.idempotencyKey(), request.attributes(),
          State.PENDING, 0, clock.instant(), request.notBefore(), Optional.empty(), Optional.empty(),
          Optional.empty());
      insert(c, job);
      return new Enqueued(job, Optional.empty());
    });
  }

  @Override
  public void revert(Enqueued enqueued) {
    Checks.notNull(enqueued, "enqueued job");
    WriteJob job = enqueued.job();
    db.run("write job revert", c -> {
      Optional<WriteJob> now = read(c, job.id(), true);
      if (now.isEmpty() || !now.get().equals(job)) {
        throw new StorageConflictException(job.id(), "write job " + job.id() + " changed since it was enqueued");
      }
      if (enqueued.superseded().isPresent()) {
        update(c, enqueued.superseded().get());
      } else {
        delete(c, job.id());
      }
    });
  }

  @Override
  public List<WriteJob> claim(ConnectorId target, String worker, int max, Duration claimFor) {
    Checks.notNull(target, "claim target");
    Checks.notBlank(worker, "worker");
    if (max <= 0) {
      throw new ValidationException("claim size must be positive: " + max);
    }
    Checks.notNull(claimFor, "claim duration");
    if (claimFor.isNegative() || claimFor.isZero()) {
      throw new ValidationException("claim duration must be positive: " + claimFor);
    }
    return db.call("write job claim", c -> {
      Instant now = clock.instant();
      Instant expires = now.plus(claimFor);
      List<WriteJob> locked = db.dialect() == Dialect.POSTGRESQL
          ? lockDuePostgres(c, target, max, now)
          : lockDueH2(c, target, max, now);
      List<WriteJob> claimed = new ArrayList<>(locked.size());
      try (PreparedStatement ps = c.prepareStatement("UPDATE cs_write_job j SET state = 'IN_FLIGHT', claimed_by = ?,"
          + " claim_s = ?, claim_n = ? WHERE j.job_id = ? AND " + CLAIMABLE)) {
        for (WriteJob job : locked) {
          ps.setString(1, worker);
          Codec.setInstant(ps, 2, expires);
          ps.setString(4, job.id());
          setNow(ps, 5, now);
          if (ps.executeUpdate() == 1) {
            claimed.add(with(job, State.IN_FLIGHT, job.attempts(), job.notBefore(), Optional.of(worker),
                Optional.of(expires), job.lastError()));
          }
        }
      }
      claimed.sort(DUE_ORDER);
      return List.copyOf(claimed);
    });
  }

  private static List<WriteJob> lockDuePostgres(Connection c, ConnectorId target, int max, Instant now)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM cs_write_job j WHERE j.target = ? AND "
        + CLAIMABLE + " AND " + HEAD + DUE_ORDER_SQL + " LIMIT ? FOR UPDATE SKIP LOCKED")) {
      ps.setString(1, target.value());
      setNow(ps, 2, now);
      ps.setInt(8, max);
      return readAll(ps);
    }
  }

  private static List<WriteJob> lockDueH2(Connection c, ConnectorId target, int max, Instant now)
      throws SQLException {
    List<String> candidates = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT j.job_id FROM cs_write_job j WHERE j.target = ? AND "
        + CLAIMABLE + " AND " + HEAD + DUE_ORDER_SQL + " LIMIT ?")) {
      ps.setString(1, target.value());
      setNow(ps, 2, now);
      ps.setInt(8, (int) Math.min(Integer.MAX_VALUE, (long) max * H2_WINDOW));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          candidates.add(rs.getString(1));
        }
      }
    }
    List<WriteJob> locked = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM cs_write_job j WHERE j.job_id = ? AND "
        + CLAIMABLE + " AND " + HEAD + " FOR UPDATE SKIP LOCKED")) {
      for (String id : candidates) {
        if (locked.size() == max) {
          break;
        }
        ps.setString(1, id);
        setNow(ps, 2, now);
        locked.addAll(readAll(ps));
      }
    }
    return locked;
  }

  @Override
  public void complete(String jobId, String worker) {
    Checks.notBlank(jobId, "write job id");
    Checks.notBlank(worker, "worker");
    db.run("write job complete", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM cs_write_job WHERE job_id = ? AND state = 'IN_FLIGHT' AND claimed_by = ?")) {
        ps.setString(1, jobId);
        ps.setString(2, worker);
        requireClaimed(ps.executeUpdate(), jobId, worker);
      }
    });
  }

  @Override
  public void retryLater(String jobId, String worker, Instant retryAt, String error) {
    Checks.notBlank(jobId, "write job id");
    Checks.notBlank(worker, "worker");
    Checks.notNull(retryAt, "retry time");
    Checks.notBlank(error, "error");
    db.run("write job retry", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE cs_write_job SET state = 'PENDING', attempts = attempts + 1,"
          + " not_before_s = ?, not_before_n = ?, claimed_by = NULL, claim_s = NULL, claim_n = NULL, last_error = ?"
          + " WHERE job_id = ? AND state = 'IN_FLIGHT' AND claimed_by = ?")) {
        Codec.setInstant(ps, 1, retryAt);
        ps.setString(3, error);
        ps.setString(4, jobId);
        ps.setString(5, worker);
        requireClaimed(ps.executeUpdate(), jobId, worker);
      }
    });
  }

  @Override
  public void deadLetter(String jobId, String worker, String error) {
    Checks.notBlank(jobId, "write job id");
    Checks.notBlank(worker, "worker");
    Checks.notBlank(error, "error");
    db.run("write job dead letter", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE cs_write_job SET state = 'DEAD', attempts = attempts + 1,"
          + " claimed_by = NULL, claim_s = NULL, claim_n = NULL, last_error = ?"
          + " WHERE job_id = ? AND state = 'IN_FLIGHT' AND claimed_by = ?")) {
        ps.setString(1, error);
        ps.setString(2, jobId);
        ps.setString(3, worker);
        requireClaimed(ps.executeUpdate(), jobId, worker);
      }
    });
  }

  @Override
  public List<WriteJob> deadLetters() {
    return db.call("dead letters read", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT " + COLUMNS + " FROM cs_write_job WHERE state = 'DEAD' ORDER BY seq")) {
        return List.copyOf(readAll(ps));
      }
    });
  }

  @Override
  public WriteJob retryDead(String jobId) {
    Checks.notBlank(jobId, "write job id");
    return db.call("dead letter retry", c -> {
      WriteJob job = dead(c, jobId);
      WriteJob requeued = with(job, State.PENDING, 0, clock.instant(), Optional.empty(), Optional.empty(),
          job.lastError());
      update(c, requeued);
      return requeued;
    });
  }

  @Override
  public WriteJob discardDead(String jobId) {
    Checks.notBlank(jobId, "write job id");
    return db.call("dead letter discard", c -> {
      WriteJob job = dead(c, jobId);
      delete(c, jobId);
      return job;
    });
  }

  @Override
  public Optional<WriteJob> find(String jobId) {
    Checks.notBlank(jobId, "write job id");
    return db.call("write job read", c -> read(c, jobId, false));
  }

  @Override
  public Stats stats() {
    // one statement, so one snapshot: the counts and the oldest job agree
    String oldest = " FROM cs_write_job WHERE state <> 'DEAD' ORDER BY created_s, created_n LIMIT 1)";
    return db.call("write queue stats", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT"
          + " (SELECT COUNT(*) FROM cs_write_job WHERE state <> 'DEAD') AS depth,"
          + " (SELECT COUNT(*) FROM cs_write_job WHERE state = 'DEAD') AS dead,"
          + " (SELECT created_s" + oldest + " AS oldest_s,"
          + " (SELECT created_n" + oldest + " AS oldest_n");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        long depth = rs.getLong("depth");
        long dead = rs.getLong("dead");
        long seconds = rs.getLong("oldest_s");
        Optional<Instant> oldestPending = rs.wasNull()
            ? Optional.empty() : Optional.of(Instant.ofEpochSecond(seconds, rs.getInt("oldest_n")));
        return new Stats(depth, oldestPending, dead);
      }
    });
  }

  /** Locks the key's row until the transaction ends, creating it on first use. */
  private void lockKey(Connection c, ConnectorId target, String key) throws SQLException {
    String sql = db.dialect() == Dialect.POSTGRESQL
        ? "INSERT INTO cs_write_key (target, idem_key, enqueues) VALUES (?, ?, 1)"
            + " ON CONFLICT (target, idem_key) DO UPDATE SET enqueues = cs_write_key.enqueues + 1"
        : "MERGE INTO cs_write_key USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR))) AS s(t, k)"
            + " ON cs_write_key.target = s.t AND cs_write_key.idem_key = s.k"
            + " WHEN MATCHED THEN UPDATE SET enqueues = cs_write_key.enqueues + 1"
            + " WHEN NOT MATCHED THEN INSERT (target, idem_key, enqueues) VALUES (s.t, s.k, 1)";
    for (int attempt = 1; ; attempt++) {
      try {
        Db.savepoint(c, cc -> {
          try (PreparedStatement ps = cc.prepareStatement(sql)) {
            ps.setString(1, target.value());
            ps.setString(2, key);
            return ps.executeUpdate();
          }
        });
        return;
      } catch (SQLException e) {
        if (!Db.isUniqueViolation(e) || attempt >= 3) {
          throw e;
        }
        // H2: another transaction created the key's row first; lock the existing row
      }
    }
  }

  private long nextSequence(Connection c) throws SQLException {
    String sql = db.dialect() == Dialect.POSTGRESQL
        ? "SELECT nextval('cs_write_job_seq')" : "VALUES NEXT VALUE FOR cs_write_job_seq";
    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Optional<WriteJob> newest(Connection c, ConnectorId target, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
        + " FROM cs_write_job WHERE target = ? AND idem_key = ? ORDER BY seq DESC LIMIT 1")) {
      ps.setString(1, target.value());
      ps.setString(2, key);
      return readAll(ps).stream().findFirst();
    }
  }

  private static Optional<WriteJob> read(Connection c, String jobId, boolean lock) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM cs_write_job WHERE job_id = ?"
        + (lock ? " FOR UPDATE" : ""))) {
      ps.setString(1, jobId);
      return readAll(ps).stream().findFirst();
    }
  }

  private static WriteJob dead(Connection c, String jobId) throws SQLException {
    Optional<WriteJob> job = read(c, jobId, true);
    if (job.isEmpty() || job.get().state() != State.DEAD) {
      throw new StorageConflictException(jobId, "write job " + jobId + " is not dead-lettered");
    }
    return job.get();
  }

  private static void requireClaimed(int rows, String jobId, String worker) {
    if (rows != 1) {
      throw new StorageConflictException(jobId, "write job " + jobId + " is not claimed by " + worker);
    }
  }

  private static void insert(Connection c, WriteJob job) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO cs_write_job (" + COLUMNS + ")"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, job.id());
      ps.setLong(2, job.sequence());
      ps.setString(3, job.target().value());
      ps.setString(4, job.idempotencyKey());
      setMutable(ps, 5, job);
      ps.executeUpdate();
    }
  }

  /** Writes every column a job can change, by id. */
  private static void update(Connection c, WriteJob job) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE cs_write_job SET appointment_id = ?, operation = ?,"
        + " attributes = ?, state = ?, attempts = ?, created_s = ?, created_n = ?, not_before_s = ?, not_before_n = ?,"
        + " claimed_by = ?, claim_s = ?, claim_n = ?, last_error = ? WHERE job_id = ?")) {
      setMutable(ps, 1, job);
      ps.setString(14, job.id());
      ps.executeUpdate();
    }
  }

  /** Sets appointment id through last error (13 parameters) from {@code index}. */
  private static void setMutable(PreparedStatement ps, int index, WriteJob job) throws SQLException {
    ps.setString(index, job.appointmentId().value());
    ps.setString(index + 1, job.operation().name());
    ps.setString(index + 2, Codec.map(job.attributes()));
    ps.setString(index + 3, job.state().name());
    ps.setInt(index + 4, job.attempts());
    Codec.setInstant(ps, index + 5, job.createdAt());
    Codec.setInstant(ps, index + 7, job.notBefore());
    Codec.setString(ps, index + 9, job.claimedBy());
    Codec.setInstant(ps, index + 10, job.claimExpiresAt());
    Codec.setString(ps, index + 12, job.lastError());
  }

  private static void delete(Connection c, String jobId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM cs_write_job WHERE job_id = ?")) {
      ps.setString(1, jobId);
      ps.executeUpdate();
    }
  }

  /** Sets "now" for {@link #CLAIMABLE} (six parameters) from {@code index}. */
  private static void setNow(PreparedStatement ps, int index, Instant now) throws SQLException {
    for (int i = 0; i < 2; i++) {
      ps.setLong(index + 3 * i, now.getEpochSecond());
      ps.setLong(index + 3 * i + 1, now.getEpochSecond());
      ps.setInt(index + 3 * i + 2, now.getNano());
    }
  }

  private static List<WriteJob> readAll(PreparedStatement ps) throws SQLException {
    List<WriteJob> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(row(rs));
      }
    }
    return out;
  }

  private static WriteJob row(ResultSet rs) throws SQLException {
    String id = rs.getString("job_id");
    Operation operation;
    State state;
    try {
      operation = Operation.valueOf(rs.getString("operation"));
      state = State.valueOf(rs.getString("state"));
    } catch (IllegalArgumentException e) {
      throw new dev.clinicsync.core.StorageException("stored write job " + id + " has an unknown operation or state");
    }
    long claimSeconds = rs.getLong("claim_s");
    Optional<Instant> claimExpires = rs.wasNull()
        ? Optional.empty() : Optional.of(Instant.ofEpochSecond(claimSeconds, rs.getInt("claim_n")));
    return new WriteJob(id, rs.getLong("seq"), ConnectorId.of(rs.getString("target")),
        AppointmentId.of(rs.getString("appointment_id")), operation, rs.getString("idem_key"),
        Codec.map(rs.getString("attributes"), "write job attributes"), state, rs.getInt("attempts"),
        Codec.instant(rs, "created_s", "created_n"), Codec.instant(rs, "not_before_s", "not_before_n"),
        Codec.optionalString(rs, "claimed_by"), claimExpires, Codec.optionalString(rs, "last_error"));
  }

  private static WriteJob with(WriteJob j, State state, int attempts, Instant notBefore,
      Optional<String> claimedBy, Optional<Instant> claimExpiresAt, Optional<String> lastError) {
    return new WriteJob(j.id(), j.sequence(), j.target(), j.appointmentId(), j.operation(), j.idempotencyKey(),
        j.attributes(), state, attempts, j.createdAt(), notBefore, claimedBy, claimExpiresAt, lastError);
  }

  @Override
  public String toString() {
    return "JdbcWriteQueue[" + db.dialect() + "]";
  }
}
