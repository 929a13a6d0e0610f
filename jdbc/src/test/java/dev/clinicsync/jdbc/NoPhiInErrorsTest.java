package dev.clinicsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.PatientRef;
import dev.clinicsync.core.testkit.Appointments;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the JDBC stores say when something fails names ids and reasons, never a record's contents. */
class NoPhiInErrorsTest {
  private static final String TOKEN = "pt_9f3Kq2LmZx81VbN4";
  private static final String METADATA = "visit-reason-code-R51";

  private static JdbcStores stores(Dialect dialect) {
    TestDatabases.TestDb db = dialect == Dialect.H2 ? TestDatabases.h2() : TestDatabases.postgres();
    return JdbcStores.builder().dataSource(db.dataSource()).dialect(dialect).migrate(false).build();
  }

  private static Appointment withPatient() {
    return Appointments.booked().patient(PatientRef.of(TOKEN)).builder()
        .sourceMetadata(Map.of("reason", METADATA)).build();
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("conflicts name the appointment and the reason, not the patient token or vendor facts")
  void conflicts(Dialect dialect) {
    JdbcStores stores = stores(dialect);
    Appointment saved = stores.appointments().save(withPatient());
    Appointment sameKey = withPatient().toBuilder().source(saved.source()).id(AppointmentId.of("other-id")).build();
    assertThatThrownBy(() -> stores.appointments().save(sameKey))
        .isInstanceOf(StorageConflictException.class)
        .hasMessageNotContaining(TOKEN).hasMessageNotContaining(METADATA);
    assertThatThrownBy(() -> stores.appointments().upsertBySource(withPatient().toBuilder().id(saved.id()).build()))
        .isInstanceOf(StorageConflictException.class)
        .hasMessageNotContaining(TOKEN).hasMessageNotContaining(METADATA);
    assertThat(stores.appointments().toString()).doesNotContain(TOKEN);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("a row damaged in the database is reported by appointment id, without its stored text")
  void damagedRow(Dialect dialect) throws SQLException {
    TestDatabases.TestDb db = dialect == Dialect.H2 ? TestDatabases.h2() : TestDatabases.postgres();
    JdbcStores stores = JdbcStores.builder().dataSource(db.dataSource()).dialect(dialect).migrate(false).build();
    Appointment saved = stores.appointments().save(withPatient());
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE cs_appointment SET source_metadata = ? WHERE id = ?")) {
      c.setAutoCommit(true);
      ps.setString(1, "99:" + METADATA);
      ps.setString(2, saved.id().value());
      ps.executeUpdate();
    }
    assertThatThrownBy(() -> stores.appointments().findById(saved.id()))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(saved.id().value())
        .hasMessageNotContaining(METADATA);
  }
}
