package dev.clinicsync.conflict.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.conflict.SlotGrid;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The occupancy bitmap only makes answers faster, so the behaviour tests cannot tell a wrong bit
 * that the exact index happens to correct, or a bit never set: these cases read the bits the writer
 * leaves and the answers {@link Occupancy#classify} gives on them, unit by unit.
 */
@DisplayName("The occupancy bitmap's structure")
class OccupancyStructureTest {
  static final ClinicianId C = ClinicianId.of("c-structure");
  /** A Monday 09:00 UTC: unit-aligned, in the middle of a week chunk. */
  static final Instant NINE = Instant.parse("2026-05-11T09:00:00Z");
  static final long U = Occupancy.UNIT;

  static Appointment appt(String id, Instant start, Duration length) {
    return Appointment.builder().id(AppointmentId.of(id)).source(SourceRef.of(SourceSystem.ZOCDOC, "z-" + id))
        .clinicianId(C).start(start).end(start.plus(length)).build();
  }

  static long unit(Instant t) {
    return Occupancy.unitOf(t.getEpochSecond());
  }

  static IntervalIndex with(IntervalIndex idx, Appointment a) {
    return idx.plus(a.start().getEpochSecond(), Entries.ceilSeconds(a.end()), Entries.tag(a), a);
  }

  static Occupancy write(OccupancyWriter w, Occupancy bits, IntervalIndex idx, Appointment a) {
    return w.refresh(bits, idx, a.start().getEpochSecond(), Entries.ceilSeconds(a.end()));
  }

  static int kind(Occupancy o, long fromUnit, long toUnit) {
    return Occupancy.classify(o.firstWeek, o.chunks, fromUnit, toUnit);
  }

  static boolean touched(Occupancy o, long u) {
    long week = Math.floorDiv(u, Occupancy.WEEK_UNITS);
    int bit = (int) (u - week * Occupancy.WEEK_UNITS);
    return (o.chunks[(int) (week - o.firstWeek)][2 * (bit >>> 6)] & (1L << (bit & 63))) != 0;
  }

  static boolean full(Occupancy o, long u) {
    long week = Math.floorDiv(u, Occupancy.WEEK_UNITS);
    int bit = (int) (u - week * Occupancy.WEEK_UNITS);
    return (o.chunks[(int) (week - o.firstWeek)][2 * (bit >>> 6) + 1] & (1L << (bit & 63))) != 0;
  }

  @Test
  @DisplayName("an exact appointment without buffer touches and fills exactly its units")
  void exactUnits() {
    OccupancyWriter w = new OccupancyWriter(new Relation(Duration.ZERO, Duration.ZERO));
    Appointment a = appt("a", NINE, Duration.ofMinutes(40));
    IntervalIndex idx = with(IntervalIndex.EMPTY, a);
    Occupancy o = write(w, Occupancy.EMPTY, idx, a);
    long u = unit(NINE);
    for (long k = u; k < u + 8; k++) {
      assertThat(full(o, k)).as("unit %d of the appointment", k - u).isTrue();
      assertThat(touched(o, k)).isTrue();
    }
    assertThat(touched(o, u - 1)).as("the unit before").isFalse();
    assertThat(touched(o, u + 8)).as("the unit after").isFalse();
    assertThat(kind(o, u, u + 1)).isEqualTo(Occupancy.BUSY);
    assertThat(kind(o, u + 8, u + 20)).isEqualTo(Occupancy.FREE);
    assertThat(kind(o, u - 3, u)).isEqualTo(Occupancy.FREE);
    assertThat(o.chunkCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("a buffer of whole seconds widens the full units by its floor and the touched ones by its ceiling")
  void bufferRounding() {
    // 301.5 s: floor 301 (one unit and one second), ceil 302
    OccupancyWriter w = new OccupancyWriter(new Relation(Duration.ofMillis(301_500), Duration.ZERO));
    Appointment a = appt("a", NINE, Duration.ofMinutes(40));
    Occupancy o = write(w, Occupancy.EMPTY, with(IntervalIndex.EMPTY, a), a);
    long u = unit(NINE);
    assertThat(full(o, u - 1)).as("the whole unit before, inside the buffer").isTrue();
    assertThat(full(o, u - 2)).as("the unit two before, one second of it in the buffer").isFalse();
    assertThat(touched(o, u - 2)).isTrue();
    assertThat(touched(o, u - 3)).isFalse();
    assertThat(full(o, u + 8)).isTrue();
    assertThat(full(o, u + 9)).isFalse();
    assertThat(touched(o, u + 9)).isTrue();
    assertThat(touched(o, u + 10)).isFalse();
    assertThat(kind(o, u - 2, u - 1)).as("a partial unit").isEqualTo(Occupancy.MIXED);
  }

  @Test
  @DisplayName("an appointment with a fraction of a second only touches its units, never fills them")
  void inexactOnlyTouches() {
    OccupancyWriter w = new OccupancyWriter(new Relation(Duration.ZERO, Duration.ZERO));
    Appointment a = appt("a", NINE.plusMillis(1), Duration.ofMinutes(40));
    Occupancy o = write(w, Occupancy.EMPTY, with(IntervalIndex.EMPTY, a), a);
    long u = unit(NINE);
    for (long k = u; k <= u + 8; k++) {
      assertThat(touched(o, k)).isTrue();
      assertThat(full(o, k)).as("unit %d", k - u).isFalse();
    }
    assertThat(kind(o, u, u + 9)).isEqualTo(Occupancy.MIXED);
  }

  @Test
  @DisplayName("the probe's own id only touches (a probe never conflicts with itself); a busy block fills without buffer")
  void probeAndBusy() {
    OccupancyWriter w = new OccupancyWriter(new Relation(Duration.ofMinutes(5), Duration.ZERO));
    Appointment probe = Appointment.builder().id(SlotGrid.PROBE_ID).source(SourceRef.of(SourceSystem.ZOCDOC, "z-p"))
        .clinicianId(C).start(NINE).end(NINE.plus(Duration.ofMinutes(10))).build();
    IntervalIndex idx = with(IntervalIndex.EMPTY, probe);
    Occupancy o = write(w, Occupancy.EMPTY, idx, probe);
    long u = unit(NINE);
    assertThat(touched(o, u - 1)).as("the buffer is touched").isTrue();
    assertThat(touched(o, u)).isTrue();
    assertThat(full(o, u)).as("the probe's own unit").isFalse();

    Instant two = NINE.plus(Duration.ofHours(5));
    BusyBlock b = BusyBlock.timed(SourceRef.of(SourceSystem.GOOGLE, "g-1"), "primary", C, two,
        two.plus(Duration.ofMinutes(10)));
    IntervalIndex idx2 = idx.plus(two.getEpochSecond(), two.getEpochSecond() + 600, Entries.busyTag(b.window()), b);
    Occupancy o2 = w.refresh(o, idx2, two.getEpochSecond(), two.getEpochSecond() + 600);
    long v = unit(two);
    assertThat(full(o2, v)).isTrue();
    assertThat(full(o2, v + 1)).isTrue();
    assertThat(touched(o2, v - 1)).as("a busy block has no buffer").isFalse();
    assertThat(touched(o2, v + 2)).isFalse();
  }

  @Test
  @DisplayName("removing one of two zero-gap neighbours keeps the other's units full and clears only its own")
  void removalRecomputes() {
    OccupancyWriter w = new OccupancyWriter(new Relation(Duration.ZERO, Duration.ZERO));
    Appointment a = appt("a", NINE, Duration.ofMinutes(40));
    Appointment b = appt("b", NINE.plus(Duration.ofMinutes(40)), Duration.ofMinutes(40));
    IntervalIndex idx = with(with(IntervalIndex.EMPTY, a), b);
    Occupancy o = w.refresh(Occupancy.EMPTY, idx, a.start().getEpochSecond(), a.end().getEpochSecond(),
        b.start().getEpochSecond(), b.end().getEpochSecond());
    long u = unit(NINE);
    assertThat(kind(o, u, u + 16)).isEqualTo(Occupancy.BUSY);
    IntervalIndex less = idx.minus(a.start().getEpochSecond(), a.end().getEpochSecond(), a);
    long v0 = o.version();
    Occupancy after = write(w, o, less, a);
    assertThat(after).as("changed in place").isSameAs(o);
    assertThat(after.version()).as("one write: two version steps").isEqualTo(v0 + 2);
    assertThat(kind(after, u, u + 8)).isEqualTo(Occupancy.FREE);
    assertThat(kind(after, u + 8, u + 9)).isEqualTo(Occupancy.BUSY);
    assertThat(full(after, u + 15)).isTrue();
  }

  @Test
  @DisplayName("a write that recomputes the same units leaves the same bits, stable under the next version")
  void rewriteSameBits() {
    OccupancyWriter w = new OccupancyWriter(new Relation(Duration.ZERO, Duration.ZERO));
    Appointment a = appt("a", NINE, Duration.ofMinutes(40));
    IntervalIndex idx = with(IntervalIndex.EMPTY, a);
    Occupancy o = write(w, Occupancy.EMPTY, idx, a);
    long v = o.version();
    long[] before = o.chunks[0].clone();
    assertThat(write(w, o, idx, a)).isSameAs(o);
    assertThat(o.chunks[0]).containsExactly(before);
    assertThat(o.version() % 2).as("no write left open").isZero();
    assertThat(o.stable(o.version())).isTrue();
    long v2 = o.version();
    assertThat(v2).isGreaterThanOrEqualTo(v);
    assertThat(w.refresh(o, idx)).as("no spans").isSameAs(o);
    assertThat(o.version()).as("no spans, no write").isEqualTo(v2);
  }

  @Test
  @DisplayName("classify reads across a word boundary and a week boundary, and refuses weeks it does not cover")
  void classifyBoundaries() {
    long week = 2_930; // any week
    long[] chunk = new long[Occupancy.CHUNK_LONGS];
    long[] next = new long[Occupancy.CHUNK_LONGS];
    chunk[2 * 1] = 1L; // unit 64 touched (second word)
    chunk[2 * 31 + 1] = 1L << 31; // unit 2015, the week's last, full
    next[0] = 1L; // next week's unit 0 touched
    Occupancy o = new Occupancy(week, new long[][] {chunk, next});
    long base = week * Occupancy.WEEK_UNITS;
    assertThat(Occupancy.classify(week, o.chunks, base + 60, base + 64)).isEqualTo(Occupancy.FREE);
    assertThat(Occupancy.classify(week, o.chunks, base + 60, base + 65)).isEqualTo(Occupancy.MIXED);
    assertThat(Occupancy.classify(week, o.chunks, base + 65, base + 2015)).isEqualTo(Occupancy.FREE);
    assertThat(Occupancy.classify(week, o.chunks, base + 2010, base + 2016)).isEqualTo(Occupancy.BUSY);
    assertThat(Occupancy.classify(week, o.chunks, base + 2016, base + 2017)).isEqualTo(Occupancy.MIXED);
    assertThat(Occupancy.classify(week, o.chunks, base + 2017, base + 2020)).isEqualTo(Occupancy.FREE);
    assertThat(Occupancy.classify(week, o.chunks, base - 1, base + 1)).as("before the first week").isEqualTo(Occupancy.MIXED);
    assertThat(Occupancy.classify(week, o.chunks, base + 4031, base + 4033)).as("past the last").isEqualTo(Occupancy.MIXED);
    assertThat(Occupancy.covers(week, o.chunks, base, base + 4032)).isTrue();
    assertThat(Occupancy.covers(week, o.chunks, base, base + 4033)).isFalse();
    assertThat(Occupancy.covers(week, o.chunks, base - 1, base + 1)).isFalse();
    assertThat(Occupancy.mask(0, 64)).isEqualTo(-1L);
    assertThat(Occupancy.mask(3, 2)).isEqualTo(0b11000L);
    assertThat(Occupancy.mask(63, 1)).isEqualTo(Long.MIN_VALUE);
    assertThat(Occupancy.unitOf(-1)).isEqualTo(-1);
    assertThat(o.chunkCount()).isEqualTo(2);
    assertThat(new Occupancy(week, new long[][] {Occupancy.ZERO, chunk}).chunkCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("the sequence lock: a write in progress or a retired bitmap is never stable, a finished write is under its new value")
  void sequenceLock() {
    Occupancy o = new Occupancy(0, new long[][] {new long[Occupancy.CHUNK_LONGS]});
    long v = o.version();
    assertThat(o.stable(v)).isTrue();
    assertThat(o.validate(v)).isTrue();
    o.beginWrite();
    assertThat(o.stable(v)).isFalse();
    assertThat(o.stable(o.version())).as("odd: a write in progress").isFalse();
    assertThat(o.validate(v)).isFalse();
    o.endWrite();
    assertThat(o.version()).isEqualTo(v + 2);
    assertThat(o.stable(v)).isFalse();
    assertThat(o.stable(v + 2)).isTrue();
    o.retire();
    assertThat(o.version()).isEqualTo(v + 3);
    assertThat(o.stable(o.version())).isFalse();
    o.retire();
    assertThat(o.version()).as("retiring twice keeps it odd").isEqualTo(v + 3);
  }

  @Test
  @DisplayName("the directory grows to cover new weeks and stops at the cap, keeping what it covers")
  void directoryCap() {
    OccupancyWriter w = new OccupancyWriter(new Relation(Duration.ZERO, Duration.ZERO));
    Appointment a = appt("a", NINE, Duration.ofMinutes(40));
    IntervalIndex idx = with(IntervalIndex.EMPTY, a);
    Occupancy o = write(w, Occupancy.EMPTY, idx, a);
    assertThat(o.chunks.length).isEqualTo(1);
    Appointment b = appt("b", NINE.plus(Duration.ofDays(14)), Duration.ofMinutes(40));
    IntervalIndex idx2 = with(idx, b);
    Occupancy o2 = write(w, o, idx2, b);
    assertThat(o2).isNotSameAs(o);
    assertThat(o2.chunks.length).isEqualTo(3);
    assertThat(o.stable(o.version())).as("the old directory is retired").isFalse();
    assertThat(o2.chunks[1]).as("the week between, never written, shares ZERO").isSameAs(Occupancy.ZERO);
    assertThat(kind(o2, unit(NINE), unit(NINE) + 1)).isEqualTo(Occupancy.BUSY);
    assertThat(kind(o2, unit(b.start()), unit(b.start()) + 1)).isEqualTo(Occupancy.BUSY);

    Appointment far = appt("far", NINE.plus(Duration.ofDays(7L * OccupancyWriter.MAX_WEEKS)), Duration.ofMinutes(40));
    IntervalIndex idx3 = with(idx2, far);
    Occupancy o3 = write(w, o2, idx3, far);
    assertThat(o3.chunks.length).as("past the cap: not covered").isEqualTo(3);
    assertThat(kind(o3, unit(far.start()), unit(far.start()) + 1)).isEqualTo(Occupancy.MIXED);
    assertThat(kind(o3, unit(NINE), unit(NINE) + 1)).isEqualTo(Occupancy.BUSY);

    Appointment edge = appt("edge", NINE.plus(Duration.ofDays(7L * (OccupancyWriter.MAX_WEEKS - 1))),
        Duration.ofMinutes(40));
    Occupancy o4 = write(w, o3, with(idx3, edge), edge);
    assertThat(o4.chunks.length).as("the last week the cap allows").isEqualTo(OccupancyWriter.MAX_WEEKS);
    assertThat(kind(o4, unit(edge.start()), unit(edge.start()) + 1)).isEqualTo(Occupancy.BUSY);
  }
}
