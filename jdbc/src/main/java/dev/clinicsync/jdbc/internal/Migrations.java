package dev.clinicsync.jdbc.internal;

import dev.clinicsync.core.StorageException;
import dev.clinicsync.jdbc.Dialect;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings a database's ClinicSync tables to the newest schema with Flyway (community edition), from
 * the dialect's versioned migrations in this jar. The history table is {@code cs_schema_history},
 * so ClinicSync's migrations never mix with a host's own in the same schema. Flyway holds a
 * database lock while it migrates, so nodes starting together migrate once. A schema that already
 * holds a host's tables is baselined at version 0 first, so every ClinicSync migration still runs.
 */
public final class Migrations {
  /** The Flyway history table of ClinicSync's schema. */
  public static final String HISTORY_TABLE = "cs_schema_history";

  private Migrations() {}

  /**
   * Applies every pending migration.
   *
   * @return how many were applied
   */
  public static int migrate(DataSource dataSource, Dialect dialect) {
    try {
      MigrateResult result = Flyway.configure(Migrations.class.getClassLoader())
          .dataSource(dataSource)
          .locations(dialect.migrationLocation())
          .table(HISTORY_TABLE)
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .validateMigrationNaming(true)
          .load()
          .migrate();
      return result.migrationsExecuted;
    } catch (FlywayException e) {
      // Flyway's message names the failing migration and statement, not row values
      throw new StorageException("migrating the ClinicSync schema (" + dialect + ") failed: " + e.getMessage(), e);
    }
  }
}
