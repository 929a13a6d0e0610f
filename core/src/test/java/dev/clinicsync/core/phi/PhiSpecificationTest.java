package dev.clinicsync.core.phi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.store.Secret;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Properties of the PHI types whose silent loss would leak or mix up patient data (issue #22). */
@DisplayName("PHI handling")
class PhiSpecificationTest {
  private static final Secret KEY = Secret.of("0123456789abcdef0123456789abcdef");
  private static final AppointmentId APPT = AppointmentId.of("appt-1");

  private static PhiRecord jane() {
    return PhiRecord.builder().put(PhiField.PATIENT_NAME, "Jane Q. Patient").put(PhiField.PHONE, "555-0100").build();
  }

  /** Puts a stored ciphertext into another vault, as a copied database row would arrive. */
  @SuppressWarnings("unchecked")
  private static void implant(AesGcmPhiVault vault, AppointmentId id, byte[] box) throws Exception {
    var field = AesGcmPhiVault.class.getDeclaredField("sealed");
    field.setAccessible(true);
    ((Map<AppointmentId, byte[]>) field.get(vault)).put(id, box);
  }

  @Nested
  @DisplayName("The patient tokenizer")
  class Tokenizer {
    @Test
    @DisplayName("keeps the namespace and the id apart: (\"ab\", \"c\") and (\"a\", \"bc\") get different tokens")
    void namespaceAndIdAreSeparated() {
      PatientTokenizer tokenizer = PatientTokenizer.fromKey(KEY);
      assertThat(tokenizer.tokenize("ab", "c")).isNotEqualTo(tokenizer.tokenize("a", "bc"));
      assertThat(tokenizer.tokenize("practice-1", "23")).isNotEqualTo(tokenizer.tokenize("practice-12", "3"));
    }
  }

  @Nested
  @DisplayName("A vault with a random key")
  class RandomKey {
    @Test
    @DisplayName("gets a different key on every call: one vault cannot read another's ciphertext")
    void keysDifferPerVault() throws Exception {
      AesGcmPhiVault first = AesGcmPhiVault.withRandomKey();
      AesGcmPhiVault second = AesGcmPhiVault.withRandomKey();
      first.put(APPT, jane());
      implant(second, APPT, first.ciphertext(APPT).orElseThrow());
      assertThatThrownBy(() -> second.get(APPT)).isInstanceOf(StorageException.class)
          .hasMessageContaining("failed authentication");
      assertThat(first.get(APPT)).contains(jane());
    }

    @Test
    @DisplayName("is not the all-zero key: its ciphertext does not open under zeros")
    void keyIsNotAllZeros() throws Exception {
      AesGcmPhiVault random = AesGcmPhiVault.withRandomKey();
      random.put(APPT, jane());
      AesGcmPhiVault zeros = AesGcmPhiVault.withKey(Secret.of(new byte[32]));
      implant(zeros, APPT, random.ciphertext(APPT).orElseThrow());
      assertThatThrownBy(() -> zeros.get(APPT)).isInstanceOf(StorageException.class);
    }

    @Test
    @DisplayName("opens its own ciphertext under the same key in another vault instance (the implant is faithful)")
    void implantIsFaithful() throws Exception {
      AesGcmPhiVault writer = AesGcmPhiVault.withKey(KEY);
      writer.put(APPT, jane());
      AesGcmPhiVault reader = AesGcmPhiVault.withKey(KEY);
      implant(reader, APPT, writer.ciphertext(APPT).orElseThrow());
      assertThat(reader.get(APPT)).contains(jane());
    }
  }

  @Nested
  @DisplayName("A PHI record")
  class Record {
    @Test
    @DisplayName("equals only a record with the same fields and values")
    void equalityIsByContent() {
      PhiRecord jane = jane();
      assertThat(jane).isEqualTo(PhiRecord.of(Map.of(PhiField.PHONE, "555-0100",
          PhiField.PATIENT_NAME, "Jane Q. Patient"))).hasSameHashCodeAs(jane());
      assertThat(jane).isNotEqualTo(PhiRecord.builder().put(PhiField.PATIENT_NAME, "Jane Q. Patient").build());
      assertThat(jane).isNotEqualTo(PhiRecord.builder().put(PhiField.PATIENT_NAME, "Jane Q. Patient")
          .put(PhiField.PHONE, "555-0199").build());
      assertThat(jane).isNotEqualTo(PhiRecord.builder().put(PhiField.PATIENT_NAME, "Jane Q. Patient")
          .put(PhiField.EMAIL, "555-0100").build());
      assertThat(jane).isNotEqualTo(PhiRecord.empty());
      assertThat(jane).isNotEqualTo(Map.of(PhiField.PATIENT_NAME, "Jane Q. Patient", PhiField.PHONE, "555-0100"));
    }

    @Test
    @DisplayName("is empty only when it has no fields")
    void emptiness() {
      assertThat(PhiRecord.empty().isEmpty()).isTrue();
      assertThat(PhiRecord.builder().put(PhiField.NOTES, "x").build().isEmpty()).isFalse();
      assertThat(jane().isEmpty()).isFalse();
    }

    @Test
    @DisplayName("reads back each field it was given and nothing else")
    void fieldsAreKept() {
      PhiRecord jane = jane();
      assertThat(jane.get(PhiField.PATIENT_NAME)).contains("Jane Q. Patient");
      assertThat(jane.get(PhiField.EMAIL)).isEmpty();
      assertThat(jane.fields()).containsExactlyInAnyOrder(PhiField.PATIENT_NAME, PhiField.PHONE);
    }
  }
}
