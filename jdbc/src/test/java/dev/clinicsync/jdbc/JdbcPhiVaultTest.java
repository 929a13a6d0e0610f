package dev.clinicsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.contract.PhiVaultContract;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.phi.AesGcmPhiVault;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.phi.PhiVault;
import dev.clinicsync.core.store.Secret;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JDBC PHI vault passes core's PhiVault contract on H2 and PostgreSQL, and its table holds
 * ciphertext only: nothing in it opens without the key from the secret store.
 */
class JdbcPhiVaultTest {
  private static final String NAME = "Jane Q. Müller-Ørsted";
  private static final String PHONE = "+1 (555) 010-7788";
  private static final String NOTES = "Follow-up: insomnia since March; 日本語";
  private static final PhiRecord JANE = PhiRecord.builder()
      .put(PhiField.PATIENT_NAME, NAME)
      .put(PhiField.PHONE, PHONE)
      .put(PhiField.EMAIL, "jane.mueller@example.org")
      .put(PhiField.NOTES, NOTES)
      .build();

  private static TestDatabases.TestDb database(Dialect dialect) {
    return dialect == Dialect.H2 ? TestDatabases.h2() : TestDatabases.postgres();
  }

  private static JdbcStores stores(TestDatabases.TestDb db) {
    return JdbcStores.builder().dataSource(db.dataSource()).dialect(db.dialect()).migrate(false).build();
  }

  private static InMemorySecretStore secrets(Secret key) {
    InMemorySecretStore secrets = new InMemorySecretStore();
    secrets.put(AesGcmPhiVault.DEFAULT_KEY_NAME, key);
    return secrets;
  }

  private static Secret randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Secret.of(key);
  }

  private static List<byte[]> storedBoxes(TestDatabases.TestDb db) throws SQLException {
    List<byte[]> out = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT sealed FROM cs_phi_record")) {
      while (rs.next()) {
        out.add(rs.getBytes(1));
      }
    }
    return out;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  @Nested
  @DisplayName("on H2, the PhiVault contract")
  class OnH2 extends PhiVaultContract {
    @Override
    protected PhiVault newVault() {
      return stores(TestDatabases.h2()).phiVault(secrets(randomKey()));
    }
  }

  @Nested
  @DisplayName("on PostgreSQL, the PhiVault contract")
  class OnPostgres extends PhiVaultContract {
    @Override
    protected PhiVault newVault() {
      return stores(TestDatabases.postgres()).phiVault(secrets(randomKey()));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("the table holds no plaintext: no value, no field name, not even the value's UTF-16 form")
  void noPlaintextInTheTable(Dialect dialect) throws SQLException {
    TestDatabases.TestDb db = database(dialect);
    PhiVault vault = stores(db).phiVault(secrets(randomKey()));
    vault.put(AppointmentId.of("appt-1"), JANE);
    vault.put(AppointmentId.of("appt-2"), JANE);
    List<byte[]> boxes = storedBoxes(db);
    assertThat(boxes).hasSize(2);
    List<String> plain = List.of(NAME, PHONE, NOTES, "jane.mueller@example.org", "Jane", "555", "insomnia",
        "PATIENT_NAME", "NOTES", "PHONE");
    for (byte[] box : boxes) {
      for (String p : plain) {
        assertThat(contains(box, p.getBytes(StandardCharsets.UTF_8))).as("UTF-8 of a stored value").isFalse();
        assertThat(contains(box, p.getBytes(StandardCharsets.UTF_16BE))).as("UTF-16 of a stored value").isFalse();
      }
    }
    assertThat(boxes.get(0)).as("a fresh nonce per write: the same record seals differently").isNotEqualTo(boxes.get(1));
    // every other column of the table is the appointment id: nothing else is kept
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM cs_phi_record")) {
      assertThat(rs.getMetaData().getColumnCount()).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("a vault with another key reads nothing, and says so without PHI")
  void otherKeyOpensNothing(Dialect dialect) {
    TestDatabases.TestDb db = database(dialect);
    stores(db).phiVault(secrets(randomKey())).put(AppointmentId.of("appt-1"), JANE);
    PhiVault thief = stores(db).phiVault(secrets(randomKey()));
    assertThatThrownBy(() -> thief.get(AppointmentId.of("appt-1")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("failed authentication")
        .hasMessageNotContaining("Jane").hasMessageNotContaining("555");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("the same key in a new vault (a restart) reads what was written")
  void sameKeyAfterRestart(Dialect dialect) {
    TestDatabases.TestDb db = database(dialect);
    Secret key = randomKey();
    stores(db).phiVault(secrets(key)).put(AppointmentId.of("appt-1"), JANE);
    assertThat(stores(db).phiVault(secrets(key)).get(AppointmentId.of("appt-1"))).contains(JANE);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("a box copied onto another appointment's row fails to open instead of showing the wrong patient")
  void movedBoxFails(Dialect dialect) throws SQLException {
    TestDatabases.TestDb db = database(dialect);
    PhiVault vault = stores(db).phiVault(secrets(randomKey()));
    vault.put(AppointmentId.of("appt-1"), JANE);
    vault.put(AppointmentId.of("appt-2"), PhiRecord.builder().put(PhiField.PATIENT_NAME, "Bob").build());
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
        "UPDATE cs_phi_record SET sealed = (SELECT sealed FROM cs_phi_record WHERE appointment_id = ?)"
            + " WHERE appointment_id = ?")) {
      c.setAutoCommit(true);
      ps.setString(1, "appt-1");
      ps.setString(2, "appt-2");
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    assertThatThrownBy(() -> vault.get(AppointmentId.of("appt-2"))).isInstanceOf(StorageException.class)
        .hasMessageNotContaining("Jane");
    assertThat(vault.get(AppointmentId.of("appt-1"))).contains(JANE);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("a write inside a rolled-back transaction leaves no PHI behind")
  void joinsTransactions(Dialect dialect) {
    TestDatabases.TestDb db = database(dialect);
    JdbcStores stores = stores(db);
    PhiVault vault = stores.phiVault(secrets(randomKey()));
    assertThatThrownBy(() -> stores.transactions().inTransaction(() -> {
      vault.put(AppointmentId.of("appt-1"), JANE);
      throw new IllegalStateException("the sync failed after the write");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(vault.get(AppointmentId.of("appt-1"))).isEmpty();
  }

  @Test
  @DisplayName("a missing or short key is refused by name, before anything is written")
  void keyChecked() {
    JdbcStores stores = stores(TestDatabases.h2());
    assertThatThrownBy(() -> stores.phiVault(new InMemorySecretStore()))
        .isInstanceOf(ValidationException.class).hasMessageContaining(AesGcmPhiVault.DEFAULT_KEY_NAME);
    assertThatThrownBy(() -> stores.phiVault(secrets(Secret.of(new byte[16]))))
        .isInstanceOf(ValidationException.class).hasMessageContaining("32 bytes");
    assertThat(stores.phiVault(secrets(randomKey())).toString()).doesNotContain("Jane");
  }
}
