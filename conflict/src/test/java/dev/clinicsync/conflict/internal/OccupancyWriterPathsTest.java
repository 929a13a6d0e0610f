package dev.clinicsync.conflict.internal;

import static dev.clinicsync.conflict.internal.OccupancyStructureTest.appt;
import static dev.clinicsync.conflict.internal.OccupancyStructureTest.full;
import static dev.clinicsync.conflict.internal.OccupancyStructureTest.touched;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.conflict.SlotGrid;
import dev.clinicsync.core.model.Appointment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The writer's speed-only paths (in-place recomputation of a written range, directory growth, the
 * union of a batch's ranges) each guard the bits' one correctness property: after every write the
 * bits are the function of the index that {@link Occupancy} describes. These cases first cover the
 * weeks (a first write computes a week whole, which would hide a wrong range), then write in place
 * and compare every covered unit with a reference computed by brute force from the entries.
 */
@DisplayName("The occupancy writer's in-place, growth and batch paths")
class OccupancyWriterPathsTest {
  static final long U = Occupancy.UNIT;
  static final long WEEK_SECONDS = Occupancy.WEEK_UNITS * U;
  /** Thursday 00:00 UTC: a bitmap week and an index week start here (both are epoch-aligned). */
  static final Instant WEEK_START = Instant.ofEpochSecond(2_930L * WEEK_SECONDS);
  /** The Monday 09:00 UTC of that week. */
  static final Instant MONDAY_NINE = WEEK_START.plus(Duration.ofDays(4).plusHours(9));

  /** The entries of an index, kept beside it so that the expected bits can be computed by brute force. */
  static final class Model {
    final OccupancyWriter writer;
    final long buffer;
    final List<Appointment> live = new ArrayList<>();
    IntervalIndex idx = IntervalIndex.EMPTY;
    Occupancy bits = Occupancy.EMPTY;

    Model(long bufferSeconds) {
      this.buffer = bufferSeconds;
      this.writer = new OccupancyWriter(new Relation(Duration.ofSeconds(bufferSeconds), Duration.ZERO));
    }

    /** Adds to the index only: the bits do not see it until a write covers its week. */
    Model index(Appointment a) {
      idx = idx.plus(a.start().getEpochSecond(), Entries.ceilSeconds(a.end()), Entries.tag(a), a);
      live.add(a);
      return this;
    }

    Model unindex(Appointment a) {
      idx = idx.minus(a.start().getEpochSecond(), Entries.ceilSeconds(a.end()), a);
      live.remove(a);
      return this;
    }

    /** One write of the index whose changed entries are {@code changed}. */
    Occupancy write(Appointment... changed) {
      long[] spans = new long[2 * changed.length];
      for (int i = 0; i < changed.length; i++) {
        spans[2 * i] = changed[i].start().getEpochSecond();
        spans[2 * i + 1] = Entries.ceilSeconds(changed[i].end());
      }
      bits = writer.refresh(bits, idx, spans);
      return bits;
    }

    Occupancy add(Appointment... as) {
      for (Appointment a : as) {
        index(a);
      }
      return write(as);
    }

    Occupancy remove(Appointment... as) {
      for (Appointment a : as) {
        unindex(a);
      }
      return write(as);
    }

    /** Moves {@code from} to {@code to} in one write, as the engine's upsert does (the two-span refresh). */
    Occupancy move(Appointment from, Appointment to) {
      unindex(from);
      index(to);
      bits = writer.refresh(bits, idx, from.start().getEpochSecond(), Entries.ceilSeconds(from.end()),
          to.start().getEpochSecond(), Entries.ceilSeconds(to.end()));
      return bits;
    }

    /** Adds one entry in one write, as the engine's upsert does (the one-span refresh). */
    Occupancy addOne(Appointment a) {
      index(a);
      bits = writer.refresh(bits, idx, a.start().getEpochSecond(), Entries.ceilSeconds(a.end()));
      return bits;
    }

    /** Every covered unit's touched and full bit equal what the live entries imply. */
    void assertExact() {
      assertExact(bits);
    }

    void assertExact(Occupancy o) {
      long[][] blocked = new long[live.size()][];
      for (int i = 0; i < blocked.length; i++) {
        Appointment a = live.get(i);
        blocked[i] = new long[] {a.start().getEpochSecond() - buffer, a.end().getEpochSecond() + buffer};
      }
      Arrays.sort(blocked, (x, y) -> Long.compare(x[0], y[0]));
      long first = o.firstWeek * Occupancy.WEEK_UNITS;
      for (long u = first; u < first + (long) o.chunks.length * Occupancy.WEEK_UNITS; u++) {
        long us = u * U;
        long ue = us + U;
        boolean t = false;
        long reached = us; // how far from the unit's start the blocking intervals cover it without a gap
        for (long[] b : blocked) {
          if (b[0] < ue && b[1] > us) {
            t = true;
            if (b[0] <= reached) {
              reached = Math.max(reached, b[1]);
            }
          }
        }
        assertThat(touched(o, u)).as("touched bit of unit %d (week %d, bit %d)", u,
            Math.floorDiv(u, Occupancy.WEEK_UNITS), Math.floorMod(u, Occupancy.WEEK_UNITS)).isEqualTo(t);
        assertThat(full(o, u)).as("full bit of unit %d (week %d, bit %d)", u,
            Math.floorDiv(u, Occupancy.WEEK_UNITS), Math.floorMod(u, Occupancy.WEEK_UNITS)).isEqualTo(reached >= ue);
      }
    }
  }

  static Instant at(Instant base, int minutes) {
    return base.plus(Duration.ofMinutes(minutes));
  }

  static Appointment between(String id, Instant start, Instant end) {
    return appt(id, start, Duration.between(start, end));
  }

  static long unit(Instant t) {
    return Occupancy.unitOf(t.getEpochSecond());
  }

  // ------------------------------------------------------------------ Editor.recompute

  @Test
  @DisplayName("removing an appointment frees its units and only its units: zero-gap neighbours before and after keep the units their buffers reach")
  void removalKeepsNeighboursBuffers() {
    Model m = new Model(600); // a 10-minute buffer
    Appointment before = between("before", at(MONDAY_NINE, -60), MONDAY_NINE);
    Appointment gone = between("gone", MONDAY_NINE, at(MONDAY_NINE, 40));
    Appointment after = between("after", at(MONDAY_NINE, 40), at(MONDAY_NINE, 80));
    m.add(before, gone, after);
    m.assertExact();
    Occupancy o = m.bits;
    m.remove(gone);
    assertThat(m.bits).as("written in place").isSameAs(o);
    m.assertExact();
    long u = unit(MONDAY_NINE);
    assertThat(full(o, u + 1)).as("the neighbour before still blocks its buffer, 09:05").isTrue();
    assertThat(full(o, u + 2)).as("09:10 is freed").isFalse();
    assertThat(full(o, u + 5)).as("09:25 is freed").isFalse();
    assertThat(full(o, u + 6)).as("the neighbour after still blocks its buffer, 09:30").isTrue();
  }

  @Test
  @DisplayName("removing an appointment that ends at a 64-unit word boundary recomputes the units on both sides of it")
  void removalAtWordBoundary() {
    Model m = new Model(0);
    long wordEdge = Math.floorDiv(unit(MONDAY_NINE), 64) * 64 + 64; // the next 64-unit word starts here
    Instant edge = Instant.ofEpochSecond(wordEdge * U);
    Appointment left = between("left", at(edge, -30), edge);
    Appointment right = between("right", edge, at(edge, 30));
    Appointment far = between("far", at(edge, -120), at(edge, -60));
    m.add(left, right, far);
    m.remove(left);
    m.assertExact();
    assertThat(touched(m.bits, wordEdge - 1)).isFalse();
    assertThat(full(m.bits, wordEdge)).as("the shared edge's other side").isTrue();
    m.add(left);
    m.remove(right);
    m.assertExact();
    assertThat(full(m.bits, wordEdge - 1)).isTrue();
    assertThat(touched(m.bits, wordEdge)).isFalse();
  }

  @Test
  @DisplayName("a long appointment removed beside a short one frees its days, and the short one removed beside it leaves the long one whole")
  void longBesideShort() {
    Model m = new Model(300);
    Appointment longOne = between("long", WEEK_START.plus(Duration.ofDays(1)), WEEK_START.plus(Duration.ofDays(3)));
    Appointment shortOne = between("short", WEEK_START.plus(Duration.ofDays(3)), WEEK_START.plus(Duration.ofDays(3).plusMinutes(40)));
    m.add(longOne, shortOne);
    m.assertExact();
    m.remove(shortOne);
    m.assertExact();
    assertThat(full(m.bits, unit(WEEK_START.plus(Duration.ofDays(3))))).as("the long one's buffer").isTrue();
    m.add(shortOne);
    m.remove(longOne);
    m.assertExact();
    assertThat(full(m.bits, unit(WEEK_START.plus(Duration.ofDays(2))))).isFalse();
    assertThat(full(m.bits, unit(WEEK_START.plus(Duration.ofDays(3))) - 1)).as("the short one's buffer").isTrue();
  }

  @Test
  @DisplayName("an appointment that started in the previous week still fills the units it overlaps when its neighbour across the week boundary goes")
  void previousWeekEntryAcrossTheBoundary() {
    Model m = new Model(0);
    Appointment night = between("night", at(WEEK_START, -60), at(WEEK_START, 90));
    Appointment overlapping = between("overlap", at(WEEK_START, 60), at(WEEK_START, 120));
    m.add(night, overlapping);
    assertThat(m.bits.chunks.length).as("two weeks covered").isEqualTo(2);
    m.remove(overlapping);
    m.assertExact();
    assertThat(full(m.bits, unit(at(WEEK_START, 85)))).isTrue();
    assertThat(touched(m.bits, unit(at(WEEK_START, 90)))).isFalse();
  }

  @Test
  @DisplayName("zero-gap neighbours meeting inside a unit fill it together, and overlapping exact spans fill their union")
  void touchingAndOverlappingExactSpans() {
    Model m = new Model(0);
    Appointment a = between("a", MONDAY_NINE, MONDAY_NINE.plusSeconds(150));
    Appointment b = between("b", MONDAY_NINE.plusSeconds(150), at(MONDAY_NINE, 10));
    Appointment wide = between("wide", at(MONDAY_NINE, 60), at(MONDAY_NINE, 120));
    Appointment inner = between("inner", at(MONDAY_NINE, 70).plusSeconds(30), at(MONDAY_NINE, 80));
    Appointment tail = between("tail", at(MONDAY_NINE, 110).plusSeconds(30), at(MONDAY_NINE, 150).plusSeconds(30));
    Appointment seed = between("seed", at(MONDAY_NINE, 300), at(MONDAY_NINE, 305));
    m.add(seed); // the week is covered before the writes under test
    m.add(a);
    m.add(b);
    m.add(wide);
    m.add(inner);
    m.add(tail);
    m.assertExact();
    assertThat(full(m.bits, unit(MONDAY_NINE))).as("the unit a and b share").isTrue();
    assertThat(full(m.bits, unit(at(MONDAY_NINE, 145)))).isTrue();
    assertThat(full(m.bits, unit(at(MONDAY_NINE, 150)))).as("tail's last half unit").isFalse();
    m.remove(b);
    m.assertExact();
    assertThat(full(m.bits, unit(MONDAY_NINE))).isFalse();
    assertThat(touched(m.bits, unit(MONDAY_NINE))).isTrue();
  }

  // ------------------------------------------------------------------ Editor.grow

  @Test
  @DisplayName("a week joining the directory, below or above the weeks covered, is computed whole from the index")
  void joiningWeeksComputedWhole() {
    Model m = new Model(0);
    Appointment lower = between("lower", at(MONDAY_NINE, -7 * 24 * 60), at(MONDAY_NINE, -7 * 24 * 60 + 30));
    Appointment next = between("next", at(MONDAY_NINE, 7 * 24 * 60), at(MONDAY_NINE, 7 * 24 * 60 + 30));
    Appointment skipped = between("skipped", at(MONDAY_NINE, 14 * 24 * 60), at(MONDAY_NINE, 14 * 24 * 60 + 50));
    m.index(lower).index(next).index(skipped); // held by the index while their weeks were not covered
    m.add(between("here", MONDAY_NINE, at(MONDAY_NINE, 30)));
    assertThat(m.bits.chunks.length).isEqualTo(1);
    m.assertExact();
    long[] covered = m.bits.chunks[0];
    m.add(between("later", at(MONDAY_NINE, 21 * 24 * 60), at(MONDAY_NINE, 21 * 24 * 60 + 30)));
    assertThat(m.bits.firstWeek).isEqualTo(2_930L);
    assertThat(m.bits.chunks.length).isEqualTo(4);
    assertThat(m.bits.chunks[0]).as("the covered week's chunk is shared").isSameAs(covered);
    m.assertExact();
    m.add(between("earlier", at(MONDAY_NINE, -14 * 24 * 60), at(MONDAY_NINE, -14 * 24 * 60 + 30)));
    assertThat(m.bits.firstWeek).isEqualTo(2_928L);
    assertThat(m.bits.chunks.length).isEqualTo(6);
    m.assertExact();
  }

  @Test
  @DisplayName("growing the directory copies the covered weeks' words as they are and recomputes only the weeks joining")
  void growthKeepsCoveredWords() {
    Model m = new Model(0);
    long[] w0 = new long[Occupancy.CHUNK_LONGS];
    long[] w1 = new long[Occupancy.CHUNK_LONGS];
    w0[5] = 0x5a5aL; // marks no entry: only a copy keeps it, a recomputation would clear it
    w1[62] = 0x33L;
    m.bits = new Occupancy(2_930L, new long[][] {w0, w1});
    m.add(between("above", at(MONDAY_NINE, 14 * 24 * 60), at(MONDAY_NINE, 14 * 24 * 60 + 30)));
    assertThat(m.bits.firstWeek).isEqualTo(2_930L);
    assertThat(m.bits.chunks.length).isEqualTo(3);
    assertThat(m.bits.chunks[0]).isSameAs(w0);
    assertThat(m.bits.chunks[1]).isSameAs(w1);
    assertThat(w0[5]).isEqualTo(0x5a5aL);
    assertThat(w1[62]).isEqualTo(0x33L);
    assertThat(touched(m.bits, unit(at(MONDAY_NINE, 14 * 24 * 60)))).isTrue();
    m.add(between("below", at(MONDAY_NINE, -7 * 24 * 60), at(MONDAY_NINE, -7 * 24 * 60 + 30)));
    assertThat(m.bits.firstWeek).isEqualTo(2_929L);
    assertThat(m.bits.chunks.length).isEqualTo(4);
    assertThat(m.bits.chunks[1]).isSameAs(w0);
    assertThat(m.bits.chunks[2]).isSameAs(w1);
    assertThat(w0[5]).isEqualTo(0x5a5aL);
    assertThat(w1[62]).isEqualTo(0x33L);
    assertThat(full(m.bits, unit(at(MONDAY_NINE, -7 * 24 * 60)))).isTrue();
  }

  @Test
  @DisplayName("a first write wider than the cap covers its first weeks up to the cap, computed from the index")
  void firstWriteWiderThanCap() {
    Model m = new Model(0);
    Appointment years = between("years", MONDAY_NINE, MONDAY_NINE.plus(Duration.ofDays(7 * 150)));
    m.add(years);
    assertThat(m.bits.firstWeek).isEqualTo(2_930L);
    assertThat(m.bits.chunks.length).isEqualTo(OccupancyWriter.MAX_WEEKS);
    m.assertExact();
  }

  @Test
  @DisplayName("a directory at its cap stays as it is; a write reaching below it recomputes only the covered part")
  void cappedDirectoryRecomputesCoveredPart() {
    Model m = new Model(0);
    m.add(between("years", WEEK_START, WEEK_START.plus(Duration.ofDays(7 * 120))));
    assertThat(m.bits.chunks.length).isEqualTo(OccupancyWriter.MAX_WEEKS);
    Occupancy capped = m.bits;
    Appointment across = between("across", at(WEEK_START, -120), at(WEEK_START, 60));
    m.add(across);
    assertThat(m.bits).isSameAs(capped);
    assertThat(m.bits.firstWeek).isEqualTo(2_930L);
    m.remove(across);
    m.assertExact();
  }

  @Test
  @DisplayName("a directory grows to exactly the cap, and a write one week further leaves it alone")
  void growsToExactlyTheCap() {
    Model m = new Model(0);
    m.add(between("first", MONDAY_NINE, at(MONDAY_NINE, 30)));
    Instant lastWeek = MONDAY_NINE.plus(Duration.ofDays(7L * (OccupancyWriter.MAX_WEEKS - 1)));
    m.add(between("last", lastWeek, at(lastWeek, 30)));
    assertThat(m.bits.chunks.length).isEqualTo(OccupancyWriter.MAX_WEEKS);
    Occupancy capped = m.bits;
    Instant beyond = lastWeek.plus(Duration.ofDays(7));
    m.add(between("beyond", beyond, at(beyond, 30)));
    assertThat(m.bits).isSameAs(capped);
    assertThat(m.bits.chunks.length).isEqualTo(OccupancyWriter.MAX_WEEKS);
  }

  @Test
  @DisplayName("a bitmap covering nothing is not retired by the write that grows it: nothing shares its chunks")
  void emptyBitsNotRetired() {
    Model m = new Model(0);
    Occupancy none = new Occupancy(0L, new long[0][]);
    m.bits = none;
    m.add(between("a", MONDAY_NINE, at(MONDAY_NINE, 30)));
    assertThat(m.bits).isNotSameAs(none);
    assertThat(none.version()).isZero();
    assertThat(none.stable(0L)).isTrue();
    Occupancy covered = m.bits;
    long v = covered.version();
    m.add(between("b", at(MONDAY_NINE, 7 * 24 * 60), at(MONDAY_NINE, 7 * 24 * 60 + 30)));
    assertThat(covered.stable(v)).as("a covering bitmap is retired when a new directory shares its chunks").isFalse();
  }

  // ------------------------------------------------------------------ Editor.refresh

  @Test
  @DisplayName("a span ending exactly at a week edge grows the directory by its own week only")
  void spanEndingAtWeekEdge() {
    Model m = new Model(0);
    Instant nextWeek = WEEK_START.plus(Duration.ofDays(7));
    m.add(between("seed", MONDAY_NINE, at(MONDAY_NINE, 30)));
    Occupancy o = m.bits;
    m.add(between("edge", at(nextWeek, -30), nextWeek));
    assertThat(m.bits).as("no week joins").isSameAs(o);
    assertThat(m.bits.chunks.length).isEqualTo(1);
    m.assertExact();
  }

  @Test
  @DisplayName("an empty span (an entry without length at a unit edge) changes nothing and grows nothing")
  void emptySpan() {
    Model m = new Model(0);
    m.add(between("seed", MONDAY_NINE, at(MONDAY_NINE, 30)));
    Occupancy o = m.bits;
    long v = o.version();
    long edge = MONDAY_NINE.plus(Duration.ofDays(8)).getEpochSecond(); // a week not covered
    assertThat(m.writer.refresh(o, m.idx, edge, edge)).isSameAs(o);
    assertThat(o.chunks.length).isEqualTo(1);
    assertThat(o.version()).isEqualTo(v);
  }

  // ------------------------------------------------------------------ OccupancyWriter.refresh and union

  @ParameterizedTest(name = "buffer {0} s")
  @ValueSource(longs = {0, 37, 300, 450})
  @DisplayName("moves whose old and new units overlap, touch or lie apart are written in place and keep every covered unit equal to the index (seeded)")
  void movesInOnePass(long buffer) {
    Model m = new Model(buffer);
    Random random = new Random(23 + buffer);
    List<Appointment> current = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Instant s = at(MONDAY_NINE, random.nextInt(3 * 24 * 60));
      current.add(appt("m" + i, s, Duration.ofSeconds(60 + random.nextInt(7200))));
    }
    // weeks before and after covered first, so that no move grows the directory
    m.addOne(between("low", at(WEEK_START, -7 * 24 * 60), at(WEEK_START, -7 * 24 * 60 + 30)));
    m.addOne(between("high", at(WEEK_START, 21 * 24 * 60), at(WEEK_START, 21 * 24 * 60 + 30)));
    for (Appointment a : current) {
      m.addOne(a);
    }
    m.assertExact();
    Occupancy inPlace = m.bits;
    for (int step = 0; step < 150; step++) {
      int k = random.nextInt(current.size());
      Appointment a = current.get(k);
      // by a few minutes (overlapping units), by its own length (touching or near), or anywhere in the week
      long shift = switch (random.nextInt(3)) {
        case 0 -> (random.nextInt(21) - 10) * 60L + random.nextInt(3) * 7;
        case 1 -> Duration.between(a.start(), a.end()).getSeconds() * (random.nextBoolean() ? 1 : -1);
        default -> (random.nextInt(5 * 24 * 60) - 2 * 24 * 60) * 60L;
      };
      Appointment b = appt(a.id().value(), a.start().plusSeconds(shift), Duration.between(a.start(), a.end()));
      m.move(a, b);
      current.set(k, b);
      assertThat(m.bits).as("step %d written in place", step).isSameAs(inPlace);
      m.assertExact();
    }
  }

  @Test
  @DisplayName("a move across the directory's last week grows it as two single writes would: up to the cap, not beyond")
  void moveGrowsLikeTwoWrites() {
    Instant lastWeek = WEEK_START.plus(Duration.ofDays(7L * (OccupancyWriter.MAX_WEEKS - 1)));
    Instant edge = lastWeek.plus(Duration.ofDays(7)); // the first week beyond the cap
    Appointment from = between("x", at(edge, -60), at(edge, -30));
    Appointment to = between("x", at(edge, -40), at(edge, 10)); // shares units with the old place, crosses the week edge
    Model joined = new Model(0);
    Model twice = new Model(0);
    for (Model m : List.of(joined, twice)) {
      m.addOne(between("first", MONDAY_NINE, at(MONDAY_NINE, 30)));
      m.addOne(between("penultimate", at(lastWeek, -24 * 60), at(lastWeek, -23 * 60)));
      m.index(from);
      assertThat(m.bits.chunks.length).isEqualTo(OccupancyWriter.MAX_WEEKS - 1);
    }
    joined.move(from, to);
    twice.unindex(from);
    twice.index(to);
    twice.bits = twice.writer.refresh(twice.bits, twice.idx, from.start().getEpochSecond(), from.end().getEpochSecond());
    twice.bits = twice.writer.refresh(twice.bits, twice.idx, to.start().getEpochSecond(), to.end().getEpochSecond());
    assertThat(joined.bits.firstWeek).isEqualTo(twice.bits.firstWeek);
    assertThat(joined.bits.chunks.length).as("the old place's week joins, the week beyond the cap does not")
        .isEqualTo(OccupancyWriter.MAX_WEEKS).isEqualTo(twice.bits.chunks.length);
    joined.assertExact();
    assertThat(touched(joined.bits, unit(at(edge, -40)))).isTrue();
    assertThat(full(joined.bits, unit(at(edge, -60)))).as("the old place is free again").isFalse();
  }

  @Test
  @DisplayName("a move from the last covered week into the next one grows the directory by the new place's week")
  void moveIntoNextWeekGrows() {
    Model m = new Model(0);
    Instant edge = WEEK_START.plus(Duration.ofDays(7));
    m.addOne(between("seed", MONDAY_NINE, at(MONDAY_NINE, 30)));
    Appointment from = between("x", at(edge, -60), at(edge, -30));
    m.addOne(from);
    assertThat(m.bits.chunks.length).isEqualTo(1);
    m.move(from, between("x", at(edge, -45), at(edge, 20))); // shares units with the old place
    assertThat(m.bits.chunks.length).as("the week the new place reaches joins").isEqualTo(2);
    assertThat(full(m.bits, unit(at(edge, 10)))).isTrue();
    m.assertExact();
  }

  @Test
  @DisplayName("the union of a batch's unit ranges is its maximal disjoint spans in order: overlapping, nested and touching ranges joined, apart ones not")
  void unionOfRanges() {
    List<long[]> out = new ArrayList<>();
    long[] lo = {30, 10, 12, 50, 20, 70};
    long[] hi = {40, 20, 15, 60, 25, 71};
    OccupancyWriter.union(lo, hi, 6, (a, b) -> out.add(new long[] {a, b}));
    assertThat(out).containsExactly(new long[] {10, 25}, new long[] {30, 40}, new long[] {50, 60}, new long[] {70, 71});
    List<long[]> one = new ArrayList<>();
    OccupancyWriter.union(new long[] {5, 5, 7}, new long[] {9, 7, 8}, 3, (a, b) -> one.add(new long[] {a, b}));
    assertThat(one).as("nested and equal starts: one span, emitted once").containsExactly(new long[] {5, 9});
  }

  @Test
  @DisplayName("a single write with a buffer recomputes the units its buffer reaches on both sides")
  void singleWriteWithBuffer() {
    Model m = new Model(450); // a unit and a half
    m.add(between("seed", at(MONDAY_NINE, 300), at(MONDAY_NINE, 305)));
    Appointment a = between("a", MONDAY_NINE, at(MONDAY_NINE, 40));
    m.add(a);
    m.assertExact();
    m.remove(a);
    m.assertExact();
    assertThat(touched(m.bits, unit(MONDAY_NINE) - 2)).isFalse();
    assertThat(touched(m.bits, unit(MONDAY_NINE) + 9)).isFalse();
  }

  @Test
  @DisplayName("a batch's unsorted and overlapping spans are merged and every part is recomputed, buffer included")
  void batchUnsortedOverlapping() {
    Model m = new Model(450);
    m.add(between("seed", at(MONDAY_NINE, 600), at(MONDAY_NINE, 605)));
    Appointment late = between("late", at(MONDAY_NINE, 240), at(MONDAY_NINE, 300));
    Appointment mid = between("mid", at(MONDAY_NINE, 60), at(MONDAY_NINE, 180));
    Appointment inside = between("inside", at(MONDAY_NINE, 90), at(MONDAY_NINE, 100));
    Appointment touching = between("touching", at(MONDAY_NINE, 180), at(MONDAY_NINE, 200));
    Appointment early = between("early", MONDAY_NINE, at(MONDAY_NINE, 30));
    Occupancy o = m.add(late, mid, inside, touching, early);
    m.assertExact();
    m.remove(late, inside, early, touching);
    assertThat(m.bits).isSameAs(o);
    m.assertExact();
    m.add(touching, early, late, inside);
    m.assertExact();
    m.remove(touching, mid, inside);
    m.assertExact();
  }

  @Test
  @DisplayName("batches of adds and removals in random order keep every covered unit equal to the index (seeded)")
  void seededWrites() {
    for (long seed = 1; seed <= 12; seed++) {
      Random r = new Random(seed);
      Model m = new Model(new long[] {0, 300, 450, 37}[(int) (seed % 4)]);
      m.add(between("seed", at(MONDAY_NINE, 1), at(MONDAY_NINE, 2)));
      List<Appointment> pool = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        Instant s = WEEK_START.plusSeconds(r.nextInt(3 * 7 * 288) * 300L + (r.nextBoolean() ? 0 : r.nextInt(300)) - WEEK_SECONDS);
        long len = r.nextInt(10) == 0 ? 86_400L + r.nextInt(3 * 86_400) : 60L + r.nextInt(2 * 3600);
        pool.add(appt("p" + i, s, Duration.ofSeconds(len)));
      }
      for (int step = 0; step < 40; step++) {
        int k = 1 + r.nextInt(5);
        List<Appointment> adds = new ArrayList<>();
        List<Appointment> removes = new ArrayList<>();
        for (int j = 0; j < k; j++) {
          Appointment a = pool.get(r.nextInt(pool.size()));
          if (adds.contains(a) || removes.contains(a)) {
            continue;
          }
          (m.live.contains(a) ? removes : adds).add(a);
        }
        for (Appointment a : adds) {
          m.index(a);
        }
        for (Appointment a : removes) {
          m.unindex(a);
        }
        List<Appointment> changed = new ArrayList<>(adds);
        changed.addAll(removes);
        m.write(changed.toArray(new Appointment[0]));
        m.assertExact();
      }
    }
  }

  @Test
  @DisplayName("a write that fails half way still ends its in-place write: the version moves on to an even value")
  void failedWriteEndsTheWrite() {
    Model m = new Model(0);
    m.add(between("seed", MONDAY_NINE, at(MONDAY_NINE, 30)));
    Occupancy o = m.bits;
    long v = o.version();
    long s = at(MONDAY_NINE, 60).getEpochSecond();
    int probeLike = (IdTable.hash(SlotGrid.PROBE_ID) & ~(Entries.EXACT | Entries.BUSY)) | Entries.EXACT;
    IntervalIndex broken = m.idx.plus(s, s + 600, probeLike, "not an appointment");
    assertThatThrownBy(() -> m.writer.refresh(o, broken, s, s + 600)).isInstanceOf(ClassCastException.class);
    assertThat(o.version()).isGreaterThan(v);
    assertThat(o.version() % 2).as("no write left open").isZero();
    assertThat(o.stable(v)).as("readers of the old state do not trust the half-written bits").isFalse();
    // the same through a move's two-span write and a batch's write
    long v2 = o.version();
    assertThatThrownBy(() -> m.writer.refresh(o, broken, s - 300, s + 300, s, s + 600))
        .isInstanceOf(ClassCastException.class);
    assertThat(o.version()).as("a move's write ended").isGreaterThan(v2);
    assertThat(o.version() % 2).as("no move's write left open").isZero();
    long v3 = o.version();
    assertThatThrownBy(() -> m.writer.refresh(o, broken, new long[] {s, s + 600}))
        .isInstanceOf(ClassCastException.class);
    assertThat(o.version()).as("a batch's write ended").isGreaterThan(v3);
    assertThat(o.version() % 2).as("no batch's write left open").isZero();
  }
}
