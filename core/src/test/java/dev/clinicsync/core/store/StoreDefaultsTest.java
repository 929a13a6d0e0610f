package dev.clinicsync.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ClinicianId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The defaults of the booking-lock and change-sequence SPIs, for stores kept in one process. */
@DisplayName("The one-process defaults of the shared-store SPIs")
class StoreDefaultsTest {

  @Test
  @DisplayName("no clinician lock takes nothing, needs no transaction, and still refuses a missing clinician")
  void noLocks() {
    ClinicianLocks.none().lock(ClinicianId.of("dr-lee"));
    assertThatThrownBy(() -> ClinicianLocks.none().lock(null)).isInstanceOf(ValidationException.class);
  }

  @Test
  @DisplayName("no change sequence is empty at every position, offers no hints, and refuses negative positions")
  void noChanges() {
    AppointmentChanges none = AppointmentChanges.none();
    assertThat(none.latest()).isZero();
    assertThat(none.since(0, 100)).isEmpty();
    List<String> hints = new ArrayList<>();
    try (AppointmentChanges.Subscription sub = none.onHint(() -> hints.add("hint"))) {
      assertThat(hints).isEmpty();
    }
    assertThatThrownBy(() -> none.since(-1, 10)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> none.since(0, -1)).isInstanceOf(ValidationException.class);
  }

  @Test
  @DisplayName("a change names a positive position, and refuses anything else without quoting ids")
  void changeRecord() {
    AppointmentChange c = new AppointmentChange(7, AppointmentId.of("a-1"), ClinicianId.of("dr-lee"),
        AppointmentChange.Kind.SAVED);
    assertThat(c.changeId()).isEqualTo(7);
    assertThatThrownBy(() -> new AppointmentChange(0, AppointmentId.of("a-1"), ClinicianId.of("dr-lee"),
        AppointmentChange.Kind.DELETED)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("change id must be positive");
  }
}
