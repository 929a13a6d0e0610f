package dev.clinicsync.conflict.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.PatientRef;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The conflict rule every check, scan and slot search shares ({@link Relation}), at the exact
 * bounds of the buffer and the duplicate tolerance (issue #22).
 */
@DisplayName("The conflict rule between two appointments")
class RelationSpecificationTest {
  private static final ClinicianId LEE = ClinicianId.of("dr-lee");
  private static final PatientRef JANE = PatientRef.of("patient-token-0001");
  private static final PatientRef OTHER = PatientRef.of("patient-token-0002");
  private static final Instant NINE = Instant.parse("2026-03-02T14:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration TOLERANCE = Duration.ofMinutes(5);
  private static final Duration BUFFER = Duration.ofMinutes(10);

  private int seq;

  private Appointment visit(SourceSystem system, PatientRef patient, Instant start, Instant end) {
    return Appointment.builder().source(SourceRef.of(system, "ext-" + (++seq))).clinicianId(LEE).patient(patient)
        .start(start).end(end).build();
  }

  private Appointment visit(Instant start, Instant end) {
    return Appointment.builder().source(SourceRef.of(SourceSystem.ZOCDOC, "ext-" + (++seq))).clinicianId(LEE)
        .start(start).end(end).build();
  }

  @Nested
  @DisplayName("calls two records of one patient from two sources a DUPLICATE")
  class Duplicates {
    private final Relation relation = new Relation(Duration.ZERO, TOLERANCE);
    private final Appointment zocdoc = visit(SourceSystem.ZOCDOC, JANE, NINE, NINE.plus(HOUR));

    private ConflictKind withSimplePractice(Duration startShift, Duration endShift) {
      Appointment sp = visit(SourceSystem.SIMPLEPRACTICE, JANE, NINE.plus(startShift), NINE.plus(HOUR).plus(endShift));
      ConflictKind forward = relation.classify(zocdoc, sp);
      assertThat(relation.classify(sp, zocdoc)).as("the rule is symmetric").isEqualTo(forward);
      return forward;
    }

    @Test
    @DisplayName("when start and end each differ by exactly the tolerance, either way")
    void atTheBound() {
      assertThat(withSimplePractice(TOLERANCE, Duration.ZERO)).isEqualTo(ConflictKind.DUPLICATE);
      assertThat(withSimplePractice(TOLERANCE.negated(), Duration.ZERO)).isEqualTo(ConflictKind.DUPLICATE);
      assertThat(withSimplePractice(Duration.ZERO, TOLERANCE)).isEqualTo(ConflictKind.DUPLICATE);
      assertThat(withSimplePractice(Duration.ZERO, TOLERANCE.negated())).isEqualTo(ConflictKind.DUPLICATE);
      assertThat(withSimplePractice(TOLERANCE, TOLERANCE)).isEqualTo(ConflictKind.DUPLICATE);
    }

    @Test
    @DisplayName("but not when the start or the end differs by one nanosecond more: then they overlap")
    void justBeyondTheBound() {
      Duration beyond = TOLERANCE.plusNanos(1);
      assertThat(withSimplePractice(beyond, Duration.ZERO)).isEqualTo(ConflictKind.OVERLAP);
      assertThat(withSimplePractice(beyond.negated(), Duration.ZERO)).isEqualTo(ConflictKind.OVERLAP);
      assertThat(withSimplePractice(Duration.ZERO, beyond)).isEqualTo(ConflictKind.OVERLAP);
      assertThat(withSimplePractice(Duration.ZERO, beyond.negated())).isEqualTo(ConflictKind.OVERLAP);
    }

    @Test
    @DisplayName("never for the same source, another patient, or a record without a patient")
    void onlyAcrossSourcesForOnePatient() {
      assertThat(relation.classify(zocdoc, visit(SourceSystem.ZOCDOC, JANE, NINE, NINE.plus(HOUR))))
          .isEqualTo(ConflictKind.OVERLAP);
      assertThat(relation.classify(zocdoc, visit(SourceSystem.SIMPLEPRACTICE, OTHER, NINE, NINE.plus(HOUR))))
          .isEqualTo(ConflictKind.OVERLAP);
      Appointment anonymous = visit(NINE, NINE.plus(HOUR));
      Appointment anonymousElsewhere = Appointment.builder().source(SourceRef.of(SourceSystem.KAREO, "k-1"))
          .clinicianId(LEE).start(NINE).end(NINE.plus(HOUR)).build();
      assertThat(relation.classify(anonymous, anonymousElsewhere)).isEqualTo(ConflictKind.OVERLAP);
      assertThat(relation.classify(anonymous, zocdoc.toBuilder().source(SourceRef.of(SourceSystem.KAREO, "k-2")).build()))
          .isEqualTo(ConflictKind.OVERLAP);
    }

    @Test
    @DisplayName("never for records days apart, however the difference is measured")
    void daysApart() {
      for (long days : new long[] {3, -3, 365L * 300, -365L * 300}) {
        Duration shift = Duration.ofDays(days);
        assertThat(withSimplePractice(shift, shift)).as("%d days apart", days).isNull();
      }
    }

    @Test
    @DisplayName("with a zero tolerance only for identical times")
    void zeroTolerance() {
      Relation exact = new Relation(Duration.ZERO, Duration.ZERO);
      Appointment same = visit(SourceSystem.KAREO, JANE, NINE, NINE.plus(HOUR));
      assertThat(exact.classify(zocdoc, same)).isEqualTo(ConflictKind.DUPLICATE);
      Appointment nanoLater = visit(SourceSystem.KAREO, JANE, NINE.plusNanos(1), NINE.plus(HOUR));
      assertThat(exact.classify(zocdoc, nanoLater)).isEqualTo(ConflictKind.OVERLAP);
    }
  }

  @Nested
  @DisplayName("calls two records OVERLAP")
  class Overlaps {
    private final Relation relation = new Relation(Duration.ZERO, Duration.ZERO);

    @Test
    @DisplayName("when they share one nanosecond, and not when one ends exactly as the other starts")
    void strictOverlap() {
      Appointment a = visit(NINE, NINE.plus(HOUR));
      assertThat(relation.classify(a, visit(NINE.plus(HOUR).minusNanos(1), NINE.plus(HOUR).plus(HOUR)))).isEqualTo(ConflictKind.OVERLAP);
      assertThat(relation.classify(a, visit(NINE.minus(HOUR), NINE.plusNanos(1)))).isEqualTo(ConflictKind.OVERLAP);
      assertThat(relation.classify(a, visit(NINE.plus(HOUR), NINE.plus(HOUR).plus(HOUR)))).isNull();
      assertThat(relation.classify(a, visit(NINE.minus(HOUR), NINE))).isNull();
      assertThat(relation.classify(a, visit(NINE.plusSeconds(600), NINE.plusSeconds(1200)))).as("inside").isEqualTo(ConflictKind.OVERLAP);
    }
  }

  @Nested
  @DisplayName("calls neighbours closer than the buffer BUFFER")
  class Buffers {
    private final Relation relation = new Relation(BUFFER, Duration.ZERO);
    private final Appointment a = visit(NINE, NINE.plus(HOUR));

    @Test
    @DisplayName("on either side, up to one nanosecond short of the buffer, and not at exactly the buffer")
    void atTheBound() {
      Instant end = NINE.plus(HOUR);
      assertThat(relation.classify(a, visit(end, end.plus(HOUR)))).as("back to back").isEqualTo(ConflictKind.BUFFER);
      assertThat(relation.classify(a, visit(end.plus(BUFFER).minusNanos(1), end.plus(HOUR))))
          .isEqualTo(ConflictKind.BUFFER);
      assertThat(relation.classify(a, visit(end.plus(BUFFER), end.plus(HOUR)))).isNull();
      assertThat(relation.classify(a, visit(NINE.minus(HOUR), NINE.minus(BUFFER).plusNanos(1))))
          .isEqualTo(ConflictKind.BUFFER);
      assertThat(relation.classify(a, visit(NINE.minus(HOUR), NINE.minus(BUFFER)))).isNull();
    }

    @Test
    @DisplayName("never for records days or centuries apart")
    void farApart() {
      for (long days : new long[] {2, 3, -3, 365L * 300, -365L * 300}) {
        Instant start = NINE.plus(Duration.ofDays(days));
        Appointment b = visit(start, start.plus(HOUR));
        assertThat(relation.classify(a, b)).as("%d days apart", days).isNull();
        assertThat(relation.classify(b, a)).as("%d days apart, the other way", days).isNull();
      }
    }

    @Test
    @DisplayName("only when a buffer is configured")
    void noBufferNoBufferConflict() {
      Relation none = new Relation(Duration.ZERO, TOLERANCE);
      assertThat(none.hasBuffer()).isFalse();
      assertThat(relation.hasBuffer()).isTrue();
      assertThat(relation.bufferNanos()).isEqualTo(BUFFER.toNanos());
      assertThat(none.classify(a, visit(NINE.plus(HOUR), NINE.plus(HOUR).plus(HOUR)))).isNull();
      assertThat(new Relation(Duration.ofNanos(1), Duration.ZERO).hasBuffer()).isTrue();
    }
  }

  @Nested
  @DisplayName("reaches far enough for the index walks")
  class Reach {
    @Test
    @DisplayName("the reach is the larger of buffer and tolerance, rounded up to a whole second")
    void reach() {
      assertThat(new Relation(Duration.ZERO, Duration.ZERO).reachSeconds).isZero();
      assertThat(new Relation(Duration.ofSeconds(600), Duration.ofSeconds(300)).reachSeconds).isEqualTo(600);
      assertThat(new Relation(Duration.ofSeconds(60), Duration.ofSeconds(300)).reachSeconds).isEqualTo(300);
      assertThat(new Relation(Duration.ofMillis(1), Duration.ZERO).reachSeconds).isEqualTo(1);
      assertThat(new Relation(Duration.ZERO, Duration.ofMillis(1500)).reachSeconds).isEqualTo(2);
      assertThat(new Relation(Duration.ofSeconds(2), Duration.ZERO).reachSeconds).isEqualTo(2);
    }

    @Test
    @DisplayName("whole-second intervals may be duplicates up to the reach at both ends, inclusive")
    void mayBeDuplicate() {
      Relation r = new Relation(Duration.ZERO, Duration.ofSeconds(300));
      assertThat(r.mayBeDuplicate(1000, 4600, 1300, 4600)).isTrue();
      assertThat(r.mayBeDuplicate(1300, 4600, 1000, 4600)).isTrue();
      assertThat(r.mayBeDuplicate(1000, 4600, 1000, 4300)).isTrue();
      assertThat(r.mayBeDuplicate(1000, 4300, 1000, 4600)).isTrue();
      assertThat(r.mayBeDuplicate(1000, 4600, 1301, 4600)).isFalse();
      assertThat(r.mayBeDuplicate(1301, 4600, 1000, 4600)).isFalse();
      assertThat(r.mayBeDuplicate(1000, 4600, 1000, 4901)).isFalse();
      assertThat(r.mayBeDuplicate(1000, 4901, 1000, 4600)).isFalse();
    }
  }
}
