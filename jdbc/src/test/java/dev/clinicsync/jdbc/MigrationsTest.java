package dev.clinicsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.ValidationException;

import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditKeys;
import dev.clinicsync.core.audit.AuditLog;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SyncCursor;
import dev.clinicsync.core.testkit.Appointments;
import dev.clinicsync.core.testkit.MutableClock;
import dev.clinicsync.jdbc.internal.Migrations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The schema comes from the versioned migrations in the jar, once, on H2 and on PostgreSQL. */
class MigrationsTest {
  private final MutableClock clock = MutableClock.at("2026-03-02T12:00:00Z");

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("an empty database is migrated once; building again applies nothing; the dialect is detected")
  void migratesOnce(Dialect dialect) throws SQLException {
    try (TestDatabases.TestDb db = dialect == Dialect.H2 ? TestDatabases.freshH2() : TestDatabases.freshPostgres()) {
      JdbcStores stores = JdbcStores.builder().dataSource(db.dataSource()).clock(clock).build();
      assertThat(stores.dialect()).isEqualTo(dialect);
      assertThat(Migrations.migrate(db.dataSource(), dialect)).as("nothing left to apply").isZero();
      assertThat(versions(db)).contains("1", "2", "3");
      assertThat(stores.appointments().count()).isZero();
      assertThat(stores.writeQueue().stats().depth()).isZero();
    }
  }

  private static List<String> versions(TestDatabases.TestDb db) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT \"version\" FROM \"" + Migrations.HISTORY_TABLE + "\""
            + " WHERE \"success\" = TRUE ORDER BY \"installed_rank\"")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  @Test
  @DisplayName("an H2 file database keeps appointments, cursors and the audit chain across a restart")
  void h2FileSurvivesRestart(@TempDir Path dir) {
    Path file = dir.resolve("data").resolve("clinicsync");
    InMemorySecretStore secrets = new InMemorySecretStore();
    secrets.put(AuditKeys.DEFAULT_SECRET_NAME, AuditKeys.newKey());
    Appointment saved;
    try (JdbcStores first = JdbcStores.h2File(file).clock(clock).build()) {
      saved = first.appointments().upsertBySource(Appointments.booked().build()).appointment();
      first.syncState().saveCursor(ConnectorId.of("zocdoc-main"), SyncCursor.of("c-42"));
      new AuditLog(first.audit(), AuditKeys.fromSecretStore(secrets), clock)
          .record("admin-1", AuditAction.VIEW_CALENDAR, "dr-lee", Map.of());
    }
    assertThat(Files.exists(dir.resolve("data").resolve("clinicsync.mv.db"))).isTrue();
    try (JdbcStores again = JdbcStores.h2File(file).clock(clock).build()) {
      assertThat(again.appointments().findById(saved.id())).contains(saved);
      assertThat(again.syncState().cursor(ConnectorId.of("zocdoc-main"))).contains(SyncCursor.of("c-42"));
      AuditLog log = new AuditLog(again.audit(), AuditKeys.fromSecretStore(secrets), clock);
      assertThat(log.verify().isIntact()).isTrue();
      assertThat(log.verify().eventsChecked()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("an H2 file path cannot smuggle settings into the database URL")
  void h2PathWithSettingsRefused(@TempDir Path dir) {
    assertThatThrownBy(() -> JdbcStores.h2File(dir.resolve("db;INIT=RUNSCRIPT FROM 'x'")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("';'")
        .hasMessageNotContaining("RUNSCRIPT");
  }

  @Test
  @DisplayName("a schema that already holds a host's tables is baselined, and ClinicSync's migrations still run")
  void hostTablesBeside() throws SQLException {
    try (TestDatabases.TestDb db = TestDatabases.freshH2()) {
      try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
        st.execute("CREATE TABLE host_patients (id INT PRIMARY KEY)");
      }
      JdbcStores stores = JdbcStores.builder().dataSource(db.dataSource()).build();
      assertThat(stores.appointments().count()).isZero();
      assertThat(versions(db)).contains("0", "1", "2");
    }
  }
}
