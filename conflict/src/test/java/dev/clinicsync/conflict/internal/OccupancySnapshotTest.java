package dev.clinicsync.conflict.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The occupancy bits are changed in place by writers, while readers still hold older snapshots of
 * the clinician's state. A reader must then answer from its own snapshot's index, never from bits
 * written for a newer one: these cases keep a snapshot, write past it, and ask it again.
 */
@DisplayName("Occupancy bits changed in place never leak into an older snapshot")
class OccupancySnapshotTest {
  static final ClinicianId C = ClinicianId.of("c-snapshot");
  static final Instant NINE = Instant.parse("2026-05-12T09:00:00Z");
  static final Relation RELATION = new Relation(Duration.ZERO, Duration.ZERO);
  static final OccupancyWriter WRITER = new OccupancyWriter(RELATION);
  static final SlotSearch SEARCH = new SlotSearch(RELATION);

  static Appointment at(Instant start) {
    return Appointment.builder().id(AppointmentId.of("a-1")).source(SourceRef.of(SourceSystem.ZOCDOC, "z-1"))
        .clinicianId(C).start(start).end(start.plus(Duration.ofHours(1))).build();
  }

  static long s(Instant t) {
    return t.getEpochSecond();
  }

  record Snapshot(ClinicianState state) {
    boolean free(Instant start) {
      TimeWindow w = TimeWindow.of(start, Duration.ofMinutes(30));
      return SEARCH.isFree(state, w.start().getEpochSecond(), w.start().getNano(), w.end().getEpochSecond(),
          w.end().getNano());
    }

    long[] morning() {
      return SEARCH.freeStarts(state, s(NINE) - 3_600, s(NINE) + 4 * 3_600, 1_800, 900, Integer.MAX_VALUE);
    }
  }

  @Test
  @DisplayName("a snapshot taken before a move answers with the appointment where it was")
  void moveInPlace() {
    Appointment before = at(NINE);
    IntervalIndex idx0 = IntervalIndex.EMPTY.plus(s(before.start()), s(before.end()), Entries.tag(before), before);
    Occupancy bits = WRITER.refresh(Occupancy.EMPTY, idx0, s(before.start()), s(before.end()));
    Snapshot s0 = new Snapshot(new ClinicianState(null, idx0, 0, bits));
    boolean freeAtNine = s0.free(NINE);
    long[] morning0 = s0.morning();
    assertThat(freeAtNine).isFalse();

    Appointment after = at(NINE.plus(Duration.ofHours(2)));
    IntervalIndex idx1 = idx0.replace(s(before.start()), s(before.end()), before, s(after.start()), s(after.end()),
        Entries.tag(after), after);
    Occupancy next = WRITER.refresh(bits, idx1, s(before.start()), s(before.end()), s(after.start()), s(after.end()));
    assertThat(next).as("the move changed the bits in place").isSameAs(bits);
    Snapshot s1 = new Snapshot(new ClinicianState(null, idx1, 0, next));

    assertThat(s0.free(NINE)).as("the old snapshot, at nine").isFalse();
    assertThat(s0.free(NINE.plus(Duration.ofHours(2)))).as("the old snapshot, at eleven").isTrue();
    assertThat(s0.morning()).as("the old snapshot's free starts").containsExactly(morning0);
    assertThat(s1.free(NINE)).as("the new snapshot, at nine").isTrue();
    assertThat(s1.free(NINE.plus(Duration.ofHours(2)))).as("the new snapshot, at eleven").isFalse();
    assertThat(s1.morning()).as("the new snapshot's free starts").isNotEqualTo(morning0)
        .doesNotContain(s(NINE) + 2 * 3_600);
  }

  @Test
  @DisplayName("a snapshot whose directory was replaced by a grown one still answers from its own index")
  void grownDirectory() {
    Appointment before = at(NINE);
    IntervalIndex idx0 = IntervalIndex.EMPTY.plus(s(before.start()), s(before.end()), Entries.tag(before), before);
    Occupancy bits = WRITER.refresh(Occupancy.EMPTY, idx0, s(before.start()), s(before.end()));
    Snapshot s0 = new Snapshot(new ClinicianState(null, idx0, 0, bits));

    // a move to a week not yet covered: the new directory shares the old chunks and clears nine o'clock in them
    Appointment after = at(NINE.plus(Duration.ofDays(21)));
    IntervalIndex idx1 = idx0.replace(s(before.start()), s(before.end()), before, s(after.start()), s(after.end()),
        Entries.tag(after), after);
    // the new place first: the directory grows before nine o'clock is cleared through it
    Occupancy next = WRITER.refresh(bits, idx1, s(after.start()), s(after.end()), s(before.start()), s(before.end()));
    assertThat(next).isNotSameAs(bits);
    Snapshot s1 = new Snapshot(new ClinicianState(null, idx1, 0, next));

    assertThat(s0.free(NINE)).as("the old snapshot, at nine").isFalse();
    assertThat(s1.free(NINE)).as("the new snapshot, at nine").isTrue();
    assertThat(s1.free(NINE.plus(Duration.ofDays(21)))).isFalse();
  }

  @Test
  @DisplayName("a write that failed half way leaves the bits untrusted, not wrong")
  void unfinishedWrite() {
    Appointment a = at(NINE);
    IntervalIndex idx0 = IntervalIndex.EMPTY.plus(s(a.start()), s(a.end()), Entries.tag(a), a);
    Occupancy bits = WRITER.refresh(Occupancy.EMPTY, idx0, s(a.start()), s(a.end()));
    ClinicianState st = new ClinicianState(null, idx0, 0, bits);
    bits.beginWrite();
    for (long[] chunk : bits.chunks) {
      java.util.Arrays.fill(chunk, 0L);
    }
    assertThat(new Snapshot(st).free(NINE)).isFalse();
    assertThat(new Snapshot(st).morning()).doesNotContain(s(NINE));
  }
}
