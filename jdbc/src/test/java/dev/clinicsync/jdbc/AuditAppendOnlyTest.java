package dev.clinicsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditKeys;
import dev.clinicsync.core.audit.AuditLog;
import dev.clinicsync.core.audit.AuditVerification;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.testkit.MutableClock;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The audit table is append-only in the database too, and an edit made around the trigger (by
 * someone who can change the schema) is caught by {@link AuditLog#verify()}, which names the
 * first bad row.
 */
class AuditAppendOnlyTest {
  private final MutableClock clock = MutableClock.at("2026-03-02T12:00:00Z");

  private AuditLog fiveEvents(JdbcStores stores) {
    InMemorySecretStore secrets = new InMemorySecretStore();
    secrets.put(AuditKeys.DEFAULT_SECRET_NAME, AuditKeys.newKey());
    AuditLog log = new AuditLog(stores.audit(), AuditKeys.fromSecretStore(secrets), clock);
    for (int i = 1; i <= 5; i++) {
      clock.advance(Duration.ofSeconds(1));
      log.record("user-" + i, AuditAction.VIEW_CALENDAR, "dr-lee", Map.of("n", "" + i));
    }
    assertThat(log.verify().isIntact()).isTrue();
    return log;
  }

  /**
   * A fresh H2 database (the H2 bypass drops the trigger for good), or the shared PostgreSQL schema
   * (its bypass is per session), which is then not closed.
   */
  private static TestDatabases.TestDb fresh(Dialect dialect) {
    if (dialect == Dialect.H2) {
      return TestDatabases.freshH2();
    }
    TestDatabases.TestDb shared = TestDatabases.postgres();
    return new TestDatabases.TestDb() {
      @Override
      public javax.sql.DataSource dataSource() {
        return shared.dataSource();
      }

      @Override
      public Dialect dialect() {
        return Dialect.POSTGRESQL;
      }

      @Override
      public void close() {
        // shared: emptied by the next test that asks for it
      }
    };
  }

  private static JdbcStores stores(TestDatabases.TestDb db) {
    return JdbcStores.builder().dataSource(db.dataSource()).build();
  }

  private static void sql(TestDatabases.TestDb db, String... statements) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      try {
        for (String s : statements) {
          st.execute(s);
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("the database refuses to update or delete an audit row, and PostgreSQL refuses to truncate the table")
  void triggerRefusesChanges(Dialect dialect) throws SQLException {
    try (TestDatabases.TestDb db = fresh(dialect)) {
      JdbcStores stores = stores(db);
      fiveEvents(stores);
      assertThatThrownBy(() -> sql(db, "UPDATE cs_audit_event SET actor = 'mallory' WHERE seq = 3"))
          .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
      assertThatThrownBy(() -> sql(db, "DELETE FROM cs_audit_event WHERE seq = 5"))
          .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
      if (dialect == Dialect.POSTGRESQL) {
        assertThatThrownBy(() -> sql(db, "TRUNCATE TABLE cs_audit_event"))
            .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
      }
      assertThat(stores.audit().read(1, 10)).hasSize(5);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("a row edited around the trigger fails verification at that row")
  void editedRowIsNamed(Dialect dialect) throws SQLException {
    try (TestDatabases.TestDb db = fresh(dialect)) {
      JdbcStores stores = stores(db);
      AuditLog log = fiveEvents(stores);
      sql(db, bypassTrigger(dialect), "UPDATE cs_audit_event SET actor = 'mallory' WHERE seq = 3");
      AuditVerification v = log.verify();
      assertThat(v.isIntact()).isFalse();
      assertThat(v.firstBrokenSequence()).hasValue(3);
      assertThat(v.failure()).contains(AuditVerification.Failure.BAD_HASH);
      assertThat(v.problem()).doesNotContain("mallory");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("a deleted row fails verification where the chain breaks")
  void deletedRowIsNamed(Dialect dialect) throws SQLException {
    try (TestDatabases.TestDb db = fresh(dialect)) {
      JdbcStores stores = stores(db);
      AuditLog log = fiveEvents(stores);
      sql(db, bypassTrigger(dialect), "DELETE FROM cs_audit_event WHERE seq = 2");
      AuditVerification v = log.verify();
      assertThat(v.firstBrokenSequence()).as("the missing row").hasValue(2);
      assertThat(v.failure()).contains(AuditVerification.Failure.SEQUENCE_GAP);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("a row edited into something that is no event at all is named by its sequence, without its contents")
  void unreadableRowIsNamed(Dialect dialect) throws SQLException {
    try (TestDatabases.TestDb db = fresh(dialect)) {
      JdbcStores stores = stores(db);
      AuditLog log = fiveEvents(stores);
      sql(db, bypassTrigger(dialect), "UPDATE cs_audit_event SET hash = 'NOT-A-HASH-Jane-Doe' WHERE seq = 4");
      assertThatThrownBy(log::verify)
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("audit event 4")
          .hasMessageNotContaining("Jane");
    }
  }

  /** What someone with schema rights does to get around the trigger; the chain still tells. */
  private static String bypassTrigger(Dialect dialect) {
    return dialect == Dialect.H2
        ? "DROP TRIGGER cs_audit_event_append_only"
        : "SET LOCAL session_replication_role = replica"; // this transaction only: the connection is pooled
  }
}
