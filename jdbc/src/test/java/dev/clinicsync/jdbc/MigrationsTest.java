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

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("a busy block written before V6 reads after it as an ordinary block, a copy of nothing")
  void busyBlockBeforeCopyOf(Dialect dialect) throws SQLException {
    try (TestDatabases.TestDb db = dialect == Dialect.H2 ? TestDatabases.freshH2() : TestDatabases.freshPostgres()) {
      org.flywaydb.core.Flyway.configure(Migrations.class.getClassLoader())
          .dataSource(db.dataSource())
          .locations(dialect.migrationLocation())
          .table(Migrations.HISTORY_TABLE)
          .target("5")
          .load()
          .migrate();
      try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
        st.executeUpdate("INSERT INTO cs_busy_block (source_system, source_external_id, source_version, owner_connector,"
            + " calendar_id, clinician_id, start_s, start_n, end_s, end_n) VALUES ('google', '7kq3v0c1', '\"3312\"',"
            + " 'google-dr-lee', 'primary', 'dr-lee', 1772460000, 0, 1772463000, 0)");
      }
      JdbcStores stores = JdbcStores.builder().dataSource(db.dataSource()).clock(clock).build();
      assertThat(versions(db)).contains("5", "6");
      dev.clinicsync.core.model.BusyBlock read = stores.busyBlocks()
          .find(dev.clinicsync.core.model.SourceRef.of(dev.clinicsync.core.model.SourceSystem.GOOGLE, "7kq3v0c1"))
          .orElseThrow();
      assertThat(read.copyOf()).isEmpty();
      assertThat(read.start()).isEqualTo(java.time.Instant.ofEpochSecond(1772460000));
      dev.clinicsync.core.model.BusyBlock marked = read.asCopyOf(dev.clinicsync.core.model.SourceSystem.SIMPLEPRACTICE);
      stores.busyBlocks().upsert(ConnectorId.of("google-dr-lee"), marked);
      assertThat(stores.busyBlocks().find(read.source())).contains(marked);
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
