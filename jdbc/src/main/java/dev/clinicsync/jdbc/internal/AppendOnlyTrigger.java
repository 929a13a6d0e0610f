package dev.clinicsync.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;
import org.jspecify.annotations.Nullable;

/**
 * The H2 trigger that keeps the audit table append-only: it refuses every UPDATE and DELETE of a
 * row (PostgreSQL has the same rule as a PL/pgSQL trigger). Named by the H2 migration; public only
 * because H2 instantiates it.
 */
public final class AppendOnlyTrigger implements Trigger {

  @Override
  public void fire(Connection conn, Object @Nullable [] oldRow, Object @Nullable [] newRow) throws SQLException {
    throw new SQLException("cs_audit_event is append-only: " + (newRow == null ? "DELETE" : "UPDATE") + " refused",
        "P0001");
  }
}
