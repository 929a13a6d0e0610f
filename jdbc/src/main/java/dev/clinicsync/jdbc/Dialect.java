package dev.clinicsync.jdbc;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.ValidationException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/** The databases the JDBC stores support, each with its own migrations and upsert statements. */
public enum Dialect {
  /** H2 2.x, embedded (file mode by default). */
  H2("h2"),
  /** PostgreSQL 12 or later. */
  POSTGRESQL("postgresql");

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /** The classpath folder of this dialect's versioned migrations. */
  public String migrationLocation() {
    return "classpath:dev/clinicsync/jdbc/migration/" + folder;
  }

  /**
   * The dialect of the database behind a data source, from its product name.
   *
   * @throws ValidationException when the database is neither H2 nor PostgreSQL
   */
  public static Dialect of(DataSource dataSource) {
    Checks.notNull(dataSource, "data source");
    String product;
    try (Connection c = dataSource.getConnection()) {
      product = c.getMetaData().getDatabaseProductName();
    } catch (SQLException e) {
      throw new StorageException("reading the database product name failed (SQL state " + e.getSQLState() + ")", e);
    }
    String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
    if (p.equals("h2")) {
      return H2;
    }
    if (p.contains("postgresql")) {
      return POSTGRESQL;
    }
    throw new ValidationException("data source database is not supported (H2 or PostgreSQL): " + product);
  }
}
