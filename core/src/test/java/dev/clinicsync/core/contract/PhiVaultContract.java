package dev.clinicsync.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.phi.PhiVault;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The contract every {@link PhiVault} honours. */
public abstract class PhiVaultContract {

  /** A new, empty vault. */
  protected abstract PhiVault newVault();

  private static final PhiRecord JANE = PhiRecord.builder()
      .put(PhiField.PATIENT_NAME, "Jane Q. Müller-Ørsted")
      .put(PhiField.DATE_OF_BIRTH, "1984-02-29")
      .put(PhiField.PHONE, "+1 (555) 010-7788")
      .put(PhiField.NOTES, "Follow-up: sleep; 日本語 notes\nsecond line")
      .put(PhiField.TELEHEALTH_LINK, "https://video.example/room/abc?pwd=1")
      .build();

  @Test
  @DisplayName("returns exactly what was stored, keyed by appointment id")
  void roundTrip() {
    PhiVault vault = newVault();
    vault.put(AppointmentId.of("a1"), JANE);
    vault.put(AppointmentId.of("a2"), PhiRecord.builder().put(PhiField.PATIENT_NAME, "Bob").build());
    assertThat(vault.get(AppointmentId.of("a1"))).contains(JANE);
    assertThat(vault.get(AppointmentId.of("a1")).orElseThrow().asMap()).as("every field and value, nothing else")
        .containsExactlyInAnyOrderEntriesOf(Map.of(
            PhiField.PATIENT_NAME, "Jane Q. Müller-Ørsted",
            PhiField.DATE_OF_BIRTH, "1984-02-29",
            PhiField.PHONE, "+1 (555) 010-7788",
            PhiField.NOTES, "Follow-up: sleep; 日本語 notes\nsecond line",
            PhiField.TELEHEALTH_LINK, "https://video.example/room/abc?pwd=1"));
    assertThat(vault.get(AppointmentId.of("a2")).orElseThrow().asMap())
        .containsExactly(Map.entry(PhiField.PATIENT_NAME, "Bob"));
    assertThat(vault.get(AppointmentId.of("a3"))).isEmpty();
  }

  @Test
  @DisplayName("replaces and deletes")
  void replaceAndDelete() {
    PhiVault vault = newVault();
    vault.put(AppointmentId.of("a1"), JANE);
    PhiRecord other = PhiRecord.builder().put(PhiField.EMAIL, "jane@example.org").build();
    vault.put(AppointmentId.of("a1"), other);
    assertThat(vault.get(AppointmentId.of("a1"))).contains(other);
    assertThat(vault.get(AppointmentId.of("a1")).orElseThrow().asMap())
        .containsExactly(Map.entry(PhiField.EMAIL, "jane@example.org"));
    assertThat(vault.delete(AppointmentId.of("a1"))).isTrue();
    assertThat(vault.delete(AppointmentId.of("a1"))).isFalse();
    assertThat(vault.get(AppointmentId.of("a1"))).isEmpty();
  }

  @Test
  @DisplayName("shows no PHI in its own toString")
  void noLeak() {
    PhiVault vault = newVault();
    vault.put(AppointmentId.of("a1"), JANE);
    assertThat(vault.toString()).doesNotContain("Jane", "1984", "555", "video.example");
  }
}
