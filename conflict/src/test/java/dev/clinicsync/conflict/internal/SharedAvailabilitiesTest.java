package dev.clinicsync.conflict.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.conflict.ConflictEngine;
import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.WeeklyAvailability;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Compiled working hours")
class SharedAvailabilitiesTest {
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final WeeklyAvailability NINE_TO_FIVE =
      WeeklyAvailability.builder().weekdays(new LocalTimeRange(LocalTime.of(9, 0), LocalTime.of(17, 0))).build();
  static final WeeklyAvailability EIGHT_TO_NOON =
      WeeklyAvailability.builder().weekdays(new LocalTimeRange(LocalTime.of(8, 0), LocalTime.of(12, 0))).build();

  static Clinician clinician(String id, ZoneId zone, WeeklyAvailability hours) {
    return Clinician.of(ClinicianId.of(id), "Clinician " + id, zone, hours);
  }

  @Test
  @DisplayName("are shared by clinicians with equal zone and hours, and only by them")
  void sharedWhenEqual() {
    SharedAvailabilities shared = new SharedAvailabilities();
    CompiledAvailability a = shared.of(clinician("a", NEW_YORK, NINE_TO_FIVE));
    CompiledAvailability b = shared.of(clinician("b", NEW_YORK,
        WeeklyAvailability.builder().weekdays(new LocalTimeRange(LocalTime.of(9, 0), LocalTime.of(17, 0))).build()));
    CompiledAvailability otherZone = shared.of(clinician("c", ZoneId.of("America/Denver"), NINE_TO_FIVE));
    CompiledAvailability otherHours = shared.of(clinician("d", NEW_YORK, EIGHT_TO_NOON));
    assertThat(b).isSameAs(a);
    assertThat(otherZone).isNotSameAs(a);
    assertThat(otherHours).isNotSameAs(a).isNotSameAs(otherZone);
    assertThat(shared.size()).isEqualTo(3);
  }

  @Test
  @DisplayName("of one clinician change without touching another who shared them")
  void changingOneLeavesTheOther() {
    ConflictEngine engine = ConflictEngine.builder().build();
    engine.updateClinician(clinician("a", NEW_YORK, NINE_TO_FIVE));
    engine.updateClinician(clinician("b", NEW_YORK, NINE_TO_FIVE));
    engine.updateClinician(clinician("a", NEW_YORK, EIGHT_TO_NOON));
    // Monday 2 March 2026, 14:00-15:00 in New York
    assertThat(engine.check(at("a", 14)).ofKind(ConflictKind.OUTSIDE_AVAILABILITY)).hasSize(1);
    assertThat(engine.check(at("b", 14)).hasConflicts()).isFalse();
    assertThat(engine.check(at("a", 9)).hasConflicts()).isFalse();
  }

  private static Appointment at(String clinician, int hour) {
    LocalDateTime start = LocalDateTime.of(2026, 3, 2, hour, 0);
    return Appointment.builder()
        .source(SourceRef.of(SourceSystem.INTERNAL, clinician + "-" + hour))
        .clinicianId(ClinicianId.of(clinician))
        .start(start.atZone(NEW_YORK).toInstant())
        .end(start.plusHours(1).atZone(NEW_YORK).toInstant())
        .status(AppointmentStatus.SCHEDULED)
        .build();
  }
}
