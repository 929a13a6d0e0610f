package dev.clinicsync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.Clinician;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The benchmark workload's two edge variants: the aligned one is the workload every published
 * figure was measured on (pinned), the odd one really moves a quarter of the entries off the
 * 5-minute grid, where the benchmark's questions meet them.
 */
class WorkloadEdgesTest {
  /** 12,528 appointments, 4 clinicians: {@code Workload.of}'s seed, at a size a unit test builds quickly. */
  static final int SIZE = 12 * 261 * 4;
  static final long UNIT = 300;

  @Test
  @DisplayName("the aligned workload is the one every published figure was measured on, byte for byte")
  void alignedIsUnchanged() {
    // computed on main (8617705) before the ODD variant existed
    Workload w = Workload.of(SIZE);
    assertThat(w.appointments).hasSize(12_528);
    assertThat(checksum(w, 10_000)).as("first 10,000 appointments").isEqualTo(-2070189827518445329L);
    assertThat(checksum(w, w.appointments.length)).as("all appointments").isEqualTo(986764165567275281L);
    assertThat(busyChecksum(w)).as("busy blocks").isEqualTo(2559915851796639573L);
    assertThat(w.busyBlocks).hasSize(2_088);
    assertThat(w.activeCount).isEqualTo(11_899);
    assertThat(w.overlapping).isEqualTo(114);
    assertThat(Workload.of(SIZE, Edges.ALIGNED)).isSameAs(w);
    assertThat(oddEdged(w)).as("entries off the 5-minute grid").isZero();
  }

  @Test
  @DisplayName("the odd workload moves a quarter of the entries off the 5-minute grid and keeps the schedule")
  void oddMovesAQuarterOfTheEdges() {
    Workload aligned = Workload.fresh(SIZE, 42);
    Workload odd = Workload.of(SIZE, Edges.ODD);
    assertThat(odd).isNotSameAs(Workload.of(SIZE));
    assertThat(odd.edges).isEqualTo(Edges.ODD);
    assertThat(odd.clinicians).isEqualTo(aligned.clinicians);
    assertThat(odd.appointments).hasSameSizeAs(aligned.appointments);
    assertThat(odd.busyBlocks).hasSameSizeAs(aligned.busyBlocks);
    assertThat(odd.activeCount).isEqualTo(aligned.activeCount);
    assertThat(odd.overlapping).isEqualTo(aligned.overlapping);
    int movedAppointments = 0;
    int[] kinds = new int[6]; // :07 start, :52 start, 53 min, ends :38/:18/:58, seconds, busy ending :58
    for (int i = 0; i < odd.appointments.length; i++) {
      Appointment a = odd.appointments[i];
      Appointment b = aligned.appointments[i];
      assertThat(a.id()).isEqualTo(b.id());
      assertThat(a.status()).isEqualTo(b.status());
      assertThat(a.patient()).isEqualTo(b.patient());
      assertThat(a.clinicianId()).isEqualTo(b.clinicianId());
      assertThat(Math.abs(a.start().getEpochSecond() - b.start().getEpochSecond())).isLessThanOrEqualTo(8 * 60);
      if (off(a.start().getEpochSecond()) || off(a.end().getEpochSecond())) {
        movedAppointments++;
      }
      long s = a.start().getEpochSecond();
      long e = a.end().getEpochSecond();
      kinds[0] += minute(s) % 10 == 7 && s % 60 == 0 ? 1 : 0;
      kinds[1] += minute(s) % 10 == 2 && s % 60 == 0 ? 1 : 0;
      kinds[2] += e - s == 53 * 60 ? 1 : 0;
      kinds[3] += minute(e) % 10 == 8 && e % 60 == 0 && s % 300 == 0 ? 1 : 0;
      kinds[4] += s % 60 != 0 ? 1 : 0;
    }
    int movedBusy = 0;
    for (BusyBlock b : odd.busyBlocks) {
      movedBusy += off(b.start().getEpochSecond()) || off(b.end().getEpochSecond()) ? 1 : 0;
      kinds[5] += minute(b.end().getEpochSecond()) == 58 ? 1 : 0;
    }
    double appointmentShare = movedAppointments / (double) odd.appointments.length;
    double busyShare = movedBusy / (double) odd.busyBlocks.length;
    assertThat(appointmentShare).as("appointments off the grid").isBetween(0.20, 0.30);
    assertThat(busyShare).as("busy blocks off the grid").isBetween(0.20, 0.35);
    assertThat(java.util.Arrays.stream(kinds).boxed().toList()).as(":07 starts, :52 starts, 53-minute sessions, early ends, seconds, busy ending :58")
        .allSatisfy(n -> assertThat(n).isGreaterThan(50));
    // the density stays comparable: blocking time within 2% of the aligned workload's
    assertThat((double) blockingSeconds(odd) / blockingSeconds(aligned)).isCloseTo(1.0, within(0.02));
  }

  @Test
  @DisplayName("the benchmark's week windows and isFree proposals meet partly covered units only on the odd workload")
  void questionsMeetPartialUnits() {
    for (Edges edges : Edges.values()) {
      Workload w = Workload.fresh(SIZE, 42, edges);
      List<long[]> edgesByClinician = oddEdgesByClinician(w);
      SplittableRandom rnd = new SplittableRandom(23);
      LocalDate monday = Workload.FIRST_DAY.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
      int weeks = 0;
      for (int i = 0; i < 200; i++) {
        int c = rnd.nextInt(w.clinicianCount());
        Clinician clinician = w.clinicians.get(c);
        LocalDate week = monday.plusWeeks(rnd.nextInt(50));
        long from = week.atStartOfDay(clinician.zone()).toEpochSecond();
        long to = week.plusWeeks(1).atStartOfDay(clinician.zone()).toEpochSecond();
        long[] hours = AvailabilityIndex.workingRanges(clinician, from, to, AvailabilityBenchmark.STEP);
        weeks += meets(edgesByClinician.get(c), hours) ? 1 : 0;
      }
      int proposals = 0;
      Appointment[] probes = w.proposals(2_000, -1);
      for (Appointment p : probes) {
        long s = p.start().getEpochSecond();
        proposals += meets(edgesByClinician.get(Workload.clinicianIndex(p.clinicianId())), new long[] {s, s + AvailabilityBenchmark.DURATION}) ? 1 : 0;
      }
      if (edges == Edges.ALIGNED) {
        assertThat(weeks).as("aligned weeks with a partial unit").isZero();
        assertThat(proposals).as("aligned proposals with a partial unit").isZero();
      } else {
        assertThat(weeks).as("odd weeks with a partial unit in working hours, of 200").isGreaterThan(190);
        assertThat(proposals).as("odd proposals with a partial unit, of 2,000").isBetween(250, 1_000);
      }
    }
  }

  /** Per clinician, the sorted odd edges (not on a 5-minute boundary) of its blocking entries. */
  private static List<long[]> oddEdgesByClinician(Workload w) {
    List<List<Long>> byClinician = new ArrayList<>();
    for (int c = 0; c < w.clinicianCount(); c++) {
      byClinician.add(new ArrayList<>());
    }
    for (Appointment a : w.appointments) {
      if (NaiveIndex.blocking(a.status())) {
        addOdd(byClinician.get(Workload.clinicianIndex(a.clinicianId())), a.start().getEpochSecond(), a.end().getEpochSecond());
      }
    }
    for (BusyBlock b : w.busyBlocks) {
      addOdd(byClinician.get(Workload.clinicianIndex(b.clinicianId())), b.start().getEpochSecond(), b.end().getEpochSecond());
    }
    return byClinician.stream().map(l -> l.stream().mapToLong(Long::longValue).sorted().toArray()).toList();
  }

  private static void addOdd(List<Long> out, long start, long end) {
    if (off(start)) {
      out.add(start);
    }
    if (off(end)) {
      out.add(end);
    }
  }

  /** Whether an odd edge lies strictly inside one of the ranges {@code [s0, e0, s1, e1, ...]}. */
  private static boolean meets(long[] oddEdges, long[] ranges) {
    for (int r = 0; r < ranges.length; r += 2) {
      int i = java.util.Arrays.binarySearch(oddEdges, ranges[r] + 1);
      int at = i >= 0 ? i : -i - 1;
      if (at < oddEdges.length && oddEdges[at] < ranges[r + 1]) {
        return true;
      }
    }
    return false;
  }

  private static boolean off(long epochSecond) {
    return epochSecond % UNIT != 0;
  }

  private static int minute(long epochSecond) {
    return (int) Math.floorMod(epochSecond / 60, 60);
  }

  private static long blockingSeconds(Workload w) {
    long total = 0;
    for (Appointment a : w.appointments) {
      total += NaiveIndex.blocking(a.status()) ? a.end().getEpochSecond() - a.start().getEpochSecond() : 0;
    }
    for (BusyBlock b : w.busyBlocks) {
      total += b.end().getEpochSecond() - b.start().getEpochSecond();
    }
    return total;
  }

  private static int oddEdged(Workload w) {
    int n = 0;
    for (Appointment a : w.appointments) {
      n += off(a.start().getEpochSecond()) || off(a.end().getEpochSecond()) ? 1 : 0;
    }
    for (BusyBlock b : w.busyBlocks) {
      n += off(b.start().getEpochSecond()) || off(b.end().getEpochSecond()) ? 1 : 0;
    }
    return n;
  }

  /** Times, status, clinician, source and patient of the first {@code count} appointments. */
  static long checksum(Workload w, int count) {
    long h = 1125899906842597L;
    for (int i = 0; i < count; i++) {
      Appointment a = w.appointments[i];
      h = 31 * h + a.start().getEpochSecond();
      h = 31 * h + a.end().getEpochSecond();
      h = 31 * h + a.status().ordinal();
      h = 31 * h + a.clinicianId().value().hashCode();
      h = 31 * h + a.source().system().id().hashCode();
      h = 31 * h + a.patient().map(p -> p.token().hashCode()).orElse(0);
    }
    return h;
  }

  static long busyChecksum(Workload w) {
    long h = 1125899906842597L;
    for (BusyBlock b : w.busyBlocks) {
      h = 31 * h + b.start().getEpochSecond();
      h = 31 * h + b.end().getEpochSecond();
      h = 31 * h + b.clinicianId().value().hashCode();
    }
    return h;
  }
}
