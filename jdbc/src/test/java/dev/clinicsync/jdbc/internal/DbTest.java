package dev.clinicsync.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.StorageException;
import java.sql.SQLException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SQL failures become the SDK's storage exceptions without the database's words about a row. */
class DbTest {

  @Test
  @DisplayName("a unique violation is a conflict whose message and cause carry none of the row's values")
  void uniqueViolation() {
    SQLException e = new SQLException(
        "duplicate key value violates unique constraint; Key (patient_name)=(Jane Doe) already exists", "23505", 0);
    StorageException translated = Db.translate("appointment save", e);
    assertThat(translated).isInstanceOf(StorageConflictException.class);
    assertThat(translated.getMessage()).contains("appointment save").doesNotContain("Jane");
    assertThat(translated.getCause()).isNull();
  }

  @Test
  @DisplayName("deadlocks and serialization failures are conflicts, so callers retry them")
  void deadlock() {
    assertThat(Db.translate("appointment save", new SQLException("deadlock detected", "40P01")))
        .isInstanceOf(StorageConflictException.class);
    assertThat(Db.translate("appointment save", new SQLException("could not serialize", "40001")))
        .isInstanceOf(StorageConflictException.class);
  }

  @Test
  @DisplayName("a data error names the SQL state only; a connection failure keeps its cause for the operator")
  void otherFailures() {
    StorageException data = Db.translate("appointment save",
        new SQLException("value too long for type character varying(40): 'Jane Doe, 555-0100'", "22001"));
    assertThat(data.getMessage()).contains("22001").doesNotContain("Jane").doesNotContain("555");
    assertThat(data.getCause()).isNull();
    SQLException refused = new SQLException("Connection to localhost:5432 refused", "08001");
    assertThat(Db.translate("appointment read", refused).getCause()).isSameAs(refused);
  }
}
