package dev.clinicsync.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.model.ClinicianId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AccessDeniedExceptionTest {
  private static final Principal THERAPIST = Principal.therapist("u-lee", ClinicianId.of("dr-lee"));

  @Test
  @DisplayName("a denial for a clinician names the user, role, operation and clinician")
  void forClinician() {
    AccessDeniedException e = new AccessDeniedException(THERAPIST, Operation.VIEW_CALENDAR, ClinicianId.of("dr-kim"));
    assertThat(e).hasMessage("user u-lee (THERAPIST) may not VIEW_CALENDAR for clinician dr-kim");
    assertThat(e.target()).contains(ClinicianId.of("dr-kim"));
  }

  @Test
  @DisplayName("a denial on an appointment names no appointment and no clinician, so it reads the same for every id")
  void forAppointment() {
    AccessDeniedException e = AccessDeniedException.forAppointment(THERAPIST, Operation.CANCEL);
    assertThat(e).hasMessage("user u-lee (THERAPIST) may not CANCEL on this appointment");
    assertThat(e.target()).isEmpty();
    assertThat(e.userId()).isEqualTo("u-lee");
    assertThat(e.role()).isEqualTo(Role.THERAPIST);
    assertThat(e.operation()).isEqualTo(Operation.CANCEL);
  }
}
