package dev.clinicsync.conflict.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * White-box: the derived parameters of {@link Relation} that the index's fast paths trust (the reach
 * in whole seconds, whether a buffer exists) and the rule for records without a patient (issue #22).
 */
@DisplayName("The conflict rule's derived parameters")
class RelationParametersTest {
  private static final Instant NINE = Instant.parse("2026-03-02T14:00:00Z");

  @Test
  @DisplayName("the reach is the larger of buffer and tolerance, rounded up to a whole second and no further")
  void reachRoundedUp() {
    assertThat(new Relation(Duration.ZERO, Duration.ZERO).reachSeconds).isZero();
    assertThat(new Relation(Duration.ZERO, Duration.ofSeconds(1)).reachSeconds).isEqualTo(1);
    assertThat(new Relation(Duration.ZERO, Duration.ofNanos(1)).reachSeconds).isEqualTo(1);
    assertThat(new Relation(Duration.ofMillis(1500), Duration.ofSeconds(1)).reachSeconds).isEqualTo(2);
    assertThat(new Relation(Duration.ofMinutes(10), Duration.ofMinutes(5)).reachSeconds).isEqualTo(600);
  }

  @Test
  @DisplayName("the buffer is kept to the nanosecond, and any positive buffer counts as one")
  void bufferKept() {
    assertThat(new Relation(Duration.ofMinutes(10), Duration.ZERO).bufferNanos()).isEqualTo(600_000_000_000L);
    assertThat(new Relation(Duration.ofNanos(1), Duration.ZERO).hasBuffer()).isTrue();
    assertThat(new Relation(Duration.ZERO, Duration.ofMinutes(5)).hasBuffer()).isFalse();
  }

  @Test
  @DisplayName("two records without a patient from two sources at the same time overlap; they are never duplicates")
  void noPatientNoDuplicate() {
    Relation relation = new Relation(Duration.ZERO, Duration.ofMinutes(5));
    Appointment zocdoc = Appointment.builder().source(SourceRef.of(SourceSystem.ZOCDOC, "zd-1"))
        .clinicianId(ClinicianId.of("dr-lee")).start(NINE).end(NINE.plus(Duration.ofHours(1))).build();
    Appointment google = Appointment.builder().source(SourceRef.of(SourceSystem.GOOGLE, "evt-1"))
        .clinicianId(ClinicianId.of("dr-lee")).start(NINE).end(NINE.plus(Duration.ofHours(1))).build();
    assertThat(relation.classify(zocdoc, google)).isEqualTo(ConflictKind.OVERLAP);
  }
}
