package dev.clinicsync.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.store.ClinicianDirectory;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The contract every {@link ClinicianDirectory} honours. */
public abstract class ClinicianDirectoryContract {

  /** A new, empty directory. */
  protected abstract ClinicianDirectory newDirectory();

  private static Clinician clinician(String id, ExternalIdentity... ext) {
    return new Clinician(ClinicianId.of(id), "Dr " + id, ZoneId.of("America/New_York"),
        WeeklyAvailability.builder().weekdays(LocalTimeRange.of("09:00", "17:00")).build(), Set.of(ext));
  }

  @Test
  @DisplayName("finds clinicians by id and by their vendor ids, listed by id")
  void find() {
    ClinicianDirectory dir = newDirectory();
    ExternalIdentity zd = ExternalIdentity.of(SourceSystem.ZOCDOC, "pr_123");
    dir.save(clinician("dr-b"));
    dir.save(clinician("dr-a", zd));
    assertThat(dir.find(ClinicianId.of("dr-a"))).map(Clinician::displayName).contains("Dr dr-a");
    assertThat(dir.findByExternalId(zd)).map(Clinician::id).contains(ClinicianId.of("dr-a"));
    assertThat(dir.findByExternalId(ExternalIdentity.of(SourceSystem.KAREO, "pr_123"))).isEmpty();
    assertThat(dir.all()).extracting(c -> c.id().value()).containsExactly("dr-a", "dr-b");
  }

  @Test
  @DisplayName("a vendor id maps to one clinician only")
  void uniqueExternalId() {
    ClinicianDirectory dir = newDirectory();
    ExternalIdentity zd = ExternalIdentity.of(SourceSystem.ZOCDOC, "pr_123");
    dir.save(clinician("dr-a", zd));
    assertThatThrownBy(() -> dir.save(clinician("dr-b", zd))).isInstanceOf(StorageConflictException.class);
    assertThat(dir.find(ClinicianId.of("dr-b"))).isEmpty();
  }

  @Test
  @DisplayName("replacing a clinician replaces their vendor ids")
  void replace() {
    ClinicianDirectory dir = newDirectory();
    ExternalIdentity old = ExternalIdentity.of(SourceSystem.ZOCDOC, "pr_1");
    ExternalIdentity now = ExternalIdentity.of(SourceSystem.ZOCDOC, "pr_2");
    dir.save(clinician("dr-a", old));
    dir.save(clinician("dr-a", now));
    assertThat(dir.findByExternalId(old)).isEmpty();
    assertThat(dir.findByExternalId(now)).isPresent();
    dir.save(clinician("dr-b", old));
    assertThat(dir.findByExternalId(old)).map(Clinician::id).contains(ClinicianId.of("dr-b"));
  }
}
