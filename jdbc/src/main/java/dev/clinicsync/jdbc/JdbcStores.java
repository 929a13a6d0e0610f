package dev.clinicsync.jdbc;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.audit.AuditSink;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.phi.AesGcmPhiVault;
import dev.clinicsync.core.phi.PhiCipher;
import dev.clinicsync.core.phi.PhiVault;
import dev.clinicsync.core.store.SecretStore;
import dev.clinicsync.core.store.AppointmentStore;
import dev.clinicsync.core.store.BusyBlockStore;
import dev.clinicsync.core.backend.Storage;
import dev.clinicsync.core.store.SyncStateStore;
import dev.clinicsync.core.store.Transactions;
import dev.clinicsync.core.store.WriteQueue;
import dev.clinicsync.jdbc.internal.ChangeLog;
import dev.clinicsync.jdbc.internal.Db;
import dev.clinicsync.jdbc.internal.JdbcClinicianLocks;
import dev.clinicsync.jdbc.internal.JdbcPhiVault;
import dev.clinicsync.jdbc.internal.JdbcAppointmentStore;
import dev.clinicsync.jdbc.internal.JdbcAuditSink;
import dev.clinicsync.jdbc.internal.JdbcBusyBlockStore;
import dev.clinicsync.jdbc.internal.JdbcSyncStateStore;
import dev.clinicsync.jdbc.internal.JdbcWriteQueue;
import dev.clinicsync.jdbc.internal.Migrations;
import dev.clinicsync.jdbc.internal.OverlapGuard;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.jspecify.annotations.Nullable;

/**
 * ClinicSync's stores (and, sealed, its PHI vault) in one database, reached through a host's {@link DataSource} (pooled, e.g.
 * HikariCP, in production). Building migrates the schema (unless told not to) and hands out every
 * store; the stores share {@link #transactions()}, so that writes made inside one
 * {@link Transactions#inTransaction} call (a sync's upserts and its audit events) commit together.
 *
 * <pre>{@code
 * JdbcStores db = JdbcStores.builder().dataSource(hikari).clock(clock).build(); // PostgreSQL or H2, detected
 * JdbcStores local = JdbcStores.h2File(Path.of("data/clinicsync")).clock(clock).build(); // the embedded default
 * }</pre>
 *
 * <p>It is a {@link Storage}: {@code SyncCoordinator.builder().storage(db)} wires every store,
 * its transactions, its per-clinician locks and its change sequence at once.
 *
 * <p>Close an H2 file database made by {@link #h2File} with {@link #close()}; a host's own data
 * source is left to the host.
 */
public final class JdbcStores implements Storage, AutoCloseable {
  private final Db db;
  private final boolean ownsH2;
  private final JdbcAppointmentStore appointments;
  private final JdbcBusyBlockStore busyBlocks;
  private final SyncStateStore syncState;
  private final AuditSink audit;
  private final WriteQueue writeQueue;
  private final ChangeLog changes;
  private final ClinicianLocks clinicianLocks;
  private final DataSource dataSource;

  private JdbcStores(Builder b, DataSource dataSource, Dialect dialect, Clock clock) {
    this.dataSource = dataSource;
    this.db = new Db(dataSource, dialect);
    this.ownsH2 = b.ownsH2;
    this.changes = new ChangeLog(db);
    this.clinicianLocks = new JdbcClinicianLocks(db);
    this.appointments = new JdbcAppointmentStore(db, changes);
    this.busyBlocks = new JdbcBusyBlockStore(db);
    this.syncState = new JdbcSyncStateStore(db, clock);
    this.audit = new JdbcAuditSink(db);
    this.writeQueue = new JdbcWriteQueue(db, clock);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder over an embedded H2 database in file mode (the embedded default of the CLI and the
   * demo): {@code file} is the database's path without H2's {@code .mv.db} suffix; its folder is
   * created by H2. The data survives a restart.
   *
   * @throws ValidationException when the path holds a {@code ;} (H2 would read settings from it)
   */
  public static Builder h2File(Path file) {
    Checks.notNull(file, "H2 database file");
    String path = file.toAbsolutePath().toString();
    if (path.indexOf(';') >= 0) {
      // H2 reads settings after a ';' in its URL: a path must not be able to add any
      throw new ValidationException("H2 database file path must not contain ';'");
    }
    JdbcDataSource h2 = new JdbcDataSource();
    // DB_CLOSE_DELAY=-1 keeps the database open between store calls; LOCK_TIMEOUT lets a writer
    // wait for another's row lock instead of failing at once
    h2.setURL("jdbc:h2:file:" + path + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    h2.setUser("sa");
    h2.setPassword("");
    Builder b = new Builder().dataSource(h2).dialect(Dialect.H2);
    b.ownsH2 = true;
    return b;
  }

  /** The dialect of the database. */
  public Dialect dialect() {
    return db.dialect();
  }

  @Override
  public AppointmentStore appointments() {
    return appointments;
  }

  @Override
  public BusyBlockStore busyBlocks() {
    return busyBlocks;
  }

  @Override
  public SyncStateStore syncState() {
    return syncState;
  }

  /** The append-only audit sink; wrap it in an {@link dev.clinicsync.core.audit.AuditLog}. */
  @Override
  public AuditSink audit() {
    return audit;
  }

  /**
   * The write queue (outbox). An enqueue made inside {@link #transactions()} commits or rolls back
   * with the store writes beside it; claims are safe across nodes ({@code FOR UPDATE SKIP LOCKED}
   * on PostgreSQL, rows locked one by one with {@code SKIP LOCKED} on H2), and a claim whose time
   * has passed (its node died) is claimable again.
   */
  @Override
  public WriteQueue writeQueue() {
    return writeQueue;
  }

  /** The change sequence of appointment writes, from which other nodes catch up. */
  @Override
  public AppointmentChanges changes() {
    return changes;
  }

  /** Per-clinician locks every node respects; take one inside {@link #transactions()}. */
  @Override
  public ClinicianLocks clinicianLocks() {
    return clinicianLocks;
  }

  /**
   * The PHI vault in this database (table {@code cs_phi_record}), keyed by the secret named
   * {@link AesGcmPhiVault#DEFAULT_KEY_NAME} in the host's secret store. Only ciphertext is stored;
   * the key never enters the database. Writes join {@link #transactions()}.
   *
   * @throws ValidationException when the store has no such key, or it is not 32 bytes
   */
  public PhiVault phiVault(SecretStore secrets) {
    return phiVault(secrets, AesGcmPhiVault.DEFAULT_KEY_NAME);
  }

  /**
   * The PHI vault in this database, keyed by the named 32-byte secret from the host's secret store.
   *
   * @throws ValidationException when the store has no such key, or it is not 32 bytes
   */
  public PhiVault phiVault(SecretStore secrets, String keyName) {
    return phiVault(PhiCipher.fromSecretStore(secrets, keyName));
  }

  /** The PHI vault in this database, sealing with {@code cipher}. */
  public PhiVault phiVault(PhiCipher cipher) {
    return new JdbcPhiVault(db, cipher);
  }

  /**
   * Imports appointments that are not stored yet in one transaction (or the caller's, inside
   * {@link #transactions()}), with batched inserts: each row exactly as
   * {@link AppointmentStore#upsertBySource} stores a new source key (revision 1, with its row in the
   * change sequence), without the per-row locked read. For a first import of a large calendar and
   * for benchmarks that prepare a loaded database; syncs and bookings go through the stores. Keep
   * a call to some ten thousand rows: the transaction holds them all.
   *
   * @return how many appointments were inserted
   * @throws dev.clinicsync.core.StorageConflictException when an id or source key is already stored,
   *     or repeats in {@code appointments}; nothing of the call is kept
   */
  public int importNewAppointments(List<Appointment> appointments) {
    Checks.notNull(appointments, "appointments to import");
    List<Appointment> copy = List.copyOf(appointments);
    return db.call("appointment import", c -> this.appointments.insertNew(c, copy));
  }

  /**
   * Imports busy blocks whose source keys are not stored yet, owned by {@code owner}, in one
   * transaction (or the caller's) with batched inserts: each row exactly as
   * {@link BusyBlockStore#upsert} stores a new key. For first imports and benchmarks, as
   * {@link #importNewAppointments}.
   *
   * @return how many busy blocks were inserted
   * @throws dev.clinicsync.core.StorageConflictException when a source key is already stored, or
   *     repeats in {@code blocks}; nothing of the call is kept
   */
  public int importNewBusyBlocks(ConnectorId owner, List<BusyBlock> blocks) {
    Checks.notNull(owner, "busy block owner");
    Checks.notNull(blocks, "busy blocks to import");
    List<BusyBlock> copy = List.copyOf(blocks);
    return db.call("busy block import", c -> busyBlocks.insertNew(c, owner, copy));
  }

  /**
   * One transaction across every store of this database, bound to the calling thread: store calls
   * made inside it join it, and a nested call joins the outer transaction.
   */
  @Override
  public Transactions transactions() {
    return db;
  }

  /** Shuts an H2 file database down that {@link #h2File} opened; otherwise does nothing. */
  @Override
  public void close() {
    if (!ownsH2) {
      return;
    }
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      st.execute("SHUTDOWN");
    } catch (SQLException e) {
      throw new StorageException("shutting the H2 database down failed (SQL state " + e.getSQLState() + ")", e);
    }
  }

  @Override
  public String toString() {
    return "JdbcStores[" + db.dialect() + "]";
  }

  /** Builds {@link JdbcStores}. */
  public static final class Builder {
    private @Nullable DataSource dataSource;
    private @Nullable Dialect dialect;
    private Clock clock = Clock.systemUTC();
    private boolean migrate = true;
    private boolean overlapGuard;
    private boolean ownsH2;

    private Builder() {}

    /** The database, required. */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Checks.notNull(dataSource, "data source");
      return this;
    }

    /** The database's dialect; detected from the data source when not set. */
    public Builder dialect(Dialect dialect) {
      this.dialect = Checks.notNull(dialect, "dialect");
      return this;
    }

    /**
     * The clock that judges lease and claim expiry and when queued jobs are due; the system UTC
     * clock by default.
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * Whether {@link #build()} migrates the schema (the default); turn it off when the host runs
     * the migrations itself, from {@link Dialect#migrationLocation()}.
     */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    /**
     * Whether to add PostgreSQL's exclusion constraint as a last line of defence against
     * double-booking (off by default): no two active SDK bookings (source {@code internal}, a
     * status that blocks time, no accepted override) of one clinician may overlap; a write that
     * would is refused with {@link OverlapConflictException}. Vendor records stay outside it, since
     * a vendor's calendar may hold double-bookings that sync must keep. Needs the
     * {@code btree_gist} extension (created if missing, which needs the right to).
     *
     * @throws dev.clinicsync.core.ValidationException on build, for a database other than PostgreSQL
     */
    public Builder overlapGuard(boolean enabled) {
      this.overlapGuard = enabled;
      return this;
    }

    /**
     * Migrates the schema (unless turned off) and makes the stores.
     *
     * @throws dev.clinicsync.core.ValidationException when no data source was given, or its
     *     database is neither H2 nor PostgreSQL
     * @throws StorageException when the database cannot be reached or migrated
     */
    public JdbcStores build() {
      DataSource ds = Checks.notNull(dataSource, "JdbcStores data source");
      Dialect d = dialect != null ? dialect : Dialect.of(ds);
      if (overlapGuard && d != Dialect.POSTGRESQL) {
        throw new ValidationException("the overlap guard (an exclusion constraint) needs PostgreSQL, not " + d);
      }
      if (migrate) {
        Migrations.migrate(ds, d);
      }
      if (overlapGuard) {
        OverlapGuard.install(ds);
      }
      return new JdbcStores(this, ds, d, clock);
    }
  }
}
