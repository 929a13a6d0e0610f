package dev.clinicsync.core.phi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.PatientRef;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.connector.SourceRecord;
import dev.clinicsync.core.testkit.Appointments;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PhiHandlingTest {
  private static final String NAME = "Jane Q. Patient";
  private static final String DOB = "1984-02-29";
  private static final Secret KEY = Secret.of("0123456789abcdef0123456789abcdef");

  private static PhiRecord jane() {
    return PhiRecord.builder().put(PhiField.PATIENT_NAME, NAME).put(PhiField.DATE_OF_BIRTH, DOB)
        .put(PhiField.PHONE, "555-0100").put(PhiField.VENDOR_PATIENT_ID, "MRN-778812").build();
  }

  @Test
  @DisplayName("no PHI-carrying type reveals its content in toString")
  void toStringRevealsNothing() {
    PhiRecord phi = jane();
    Appointment a = Appointments.booked().build();
    SourceRecord record = SourceRecord.of(a, phi);
    assertThat(phi.toString()).doesNotContain(NAME, DOB, "555-0100", "MRN-778812").contains("redacted");
    assertThat(record.toString()).doesNotContain(NAME, DOB, "555-0100", "MRN-778812");
    assertThat(KEY.toString()).doesNotContain("0123456789");
    assertThat(PatientTokenizer.fromKey(KEY).toString()).doesNotContain("0123456789");
  }

  @Test
  @DisplayName("patient tokens are stable per namespace, differ across namespaces and keys, and hide the id")
  void tokens() {
    PatientTokenizer tokenizer = PatientTokenizer.fromKey(KEY);
    PatientRef a = tokenizer.tokenize("simplepractice", "client-42");
    assertThat(tokenizer.tokenize("simplepractice", "client-42")).isEqualTo(a);
    assertThat(tokenizer.tokenize("simplepractice", " client-42 ")).as("vendor ids are trimmed").isEqualTo(a);
    assertThat(tokenizer.tokenize("zocdoc", "client-42")).isNotEqualTo(a);
    assertThat(tokenizer.tokenize("simplepractice", "client-43")).isNotEqualTo(a);
    assertThat(PatientTokenizer.fromKey(Secret.of("another-key-another-key-another-k")).tokenize("simplepractice", "client-42"))
        .isNotEqualTo(a);
    assertThat(a.token()).doesNotContain("42").hasSize(43);
  }

  @Test
  @DisplayName("the tokenizer's key comes from the secret store and must be long enough")
  void tokenizerKey() {
    InMemorySecretStore secrets = new InMemorySecretStore();
    assertThatThrownBy(() -> PatientTokenizer.fromSecretStore(secrets)).isInstanceOf(ValidationException.class)
        .hasMessageContaining(PatientTokenizer.DEFAULT_KEY_NAME);
    secrets.put(PatientTokenizer.DEFAULT_KEY_NAME, Secret.of("short"));
    assertThatThrownBy(() -> PatientTokenizer.fromSecretStore(secrets)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("at least 32 bytes");
    secrets.put(PatientTokenizer.DEFAULT_KEY_NAME, KEY);
    assertThat(PatientTokenizer.fromSecretStore(secrets).tokenize("x", "1"))
        .isEqualTo(PatientTokenizer.fromKey(KEY).tokenize("x", "1"));
  }

  @Test
  @DisplayName("the default vault keeps only ciphertext, bound to its appointment")
  void vaultEncrypts() {
    AesGcmPhiVault vault = AesGcmPhiVault.withKey(Secret.of(new byte[32]));
    AppointmentId id = AppointmentId.of("appt-1");
    vault.put(id, jane());
    byte[] stored = vault.ciphertext(id).orElseThrow();
    String asText = new String(stored, StandardCharsets.ISO_8859_1);
    assertThat(asText).doesNotContain(NAME).doesNotContain(DOB).doesNotContain("PATIENT_NAME");
    vault.put(id, jane());
    assertThat(vault.ciphertext(id).orElseThrow()).as("a fresh nonce per write").isNotEqualTo(stored);
    assertThat(vault.get(id)).contains(jane());
  }

  @Test
  @DisplayName("a tampered ciphertext, or one read under another key, fails without revealing anything")
  void vaultAuthenticates() throws Exception {
    AesGcmPhiVault vault = AesGcmPhiVault.withKey(Secret.of(new byte[32]));
    AppointmentId id = AppointmentId.of("appt-1");
    vault.put(id, jane());
    byte[] stored = vault.ciphertext(id).orElseThrow();
    stored[stored.length - 1] ^= 1;
    var field = AesGcmPhiVault.class.getDeclaredField("sealed");
    field.setAccessible(true);
    @SuppressWarnings("unchecked")
    var map = (java.util.Map<AppointmentId, byte[]>) field.get(vault);
    map.put(id, stored);
    assertThatThrownBy(() -> vault.get(id)).isInstanceOf(StorageException.class)
        .hasMessageContaining("failed authentication").hasMessageNotContaining(NAME);
    byte[] good = Arrays.copyOf(stored, stored.length);
    good[good.length - 1] ^= 1;
    map.put(AppointmentId.of("appt-2"), good);
    assertThatThrownBy(() -> vault.get(AppointmentId.of("appt-2")))
        .as("a ciphertext moved to another appointment does not decrypt").isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> AesGcmPhiVault.withKey(Secret.of("too-short"))).isInstanceOf(ValidationException.class);
  }

  @Test
  @DisplayName("blank PHI values are dropped, and an empty record is not attached to a source record")
  void emptyPhi() {
    PhiRecord empty = PhiRecord.builder().put(PhiField.NOTES, "  ").put(PhiField.EMAIL, null).build();
    assertThat(empty.isEmpty()).isTrue();
    assertThat(SourceRecord.of(Appointments.booked().build(), empty).phi()).isEmpty();
  }
}
