package dev.clinicsync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.model.Appointment;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A small workload through every availability adapter, aligned and with odd-minute edges: they must
 * agree, so the benchmark compares like with like.
 */
class AvailabilityAdaptersTest {
  /**
   * One PostgreSQL data directory for both edges, as in a benchmark run (kept under
   * {@code java.io.tmpdir}): the odd workload, as many rows as the aligned one, must get its own
   * tables, not the aligned tables loaded just before.
   */
  @TempDir
  static Path pgDir;

  @ParameterizedTest(name = "{0} edges")
  @EnumSource(Edges.class)
  @DisplayName("every availability implementation gives the same answers on the same data")
  void adaptersAgree(Edges edges) {
    System.setProperty("clinicsync.bench.pgdir", pgDir.toString());
    Workload w = Workload.fresh(12 * 261 * 8, 3, edges);
    SplittableRandom rnd = new SplittableRandom(5);
    LocalDate monday = Workload.FIRST_DAY.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
    int clinicians = w.clinicianCount();
    int[] clin = new int[40];
    long[] from = new long[40];
    long[] to = new long[40];
    long[] instants = new long[40];
    for (int i = 0; i < clin.length; i++) {
      clin[i] = rnd.nextInt(clinicians);
      LocalDate week = monday.plusWeeks(rnd.nextInt(50));
      from[i] = week.atStartOfDay(w.clinicians.get(clin[i]).zone()).toEpochSecond();
      to[i] = week.plusWeeks(1).atStartOfDay(w.clinicians.get(clin[i]).zone()).toEpochSecond();
      instants[i] = from[i] + rnd.nextLong(7 * 86_400L);
    }
    Appointment[] probes = w.proposals(200, -1);
    Map<AvailabilityType, List<Long>> answers = new EnumMap<>(AvailabilityType.class);
    for (AvailabilityType type : AvailabilityType.values()) {
      try (AvailabilityIndex index = type.create()) {
        index.load(w);
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < clin.length; i++) {
          out.add((long) index.freeSlots(clin[i], from[i], to[i], AvailabilityBenchmark.DURATION, AvailabilityBenchmark.STEP));
          long next = index.nextFree(clin[i], instants[i], AvailabilityBenchmark.DURATION, AvailabilityBenchmark.STEP,
              AvailabilityBenchmark.HORIZON);
          out.add(next);
          out.add(next >= 0 && index.isFree(clin[i], next, next + AvailabilityBenchmark.DURATION) ? 1L : 0L);
          out.add(next >= 0 && index.isFree(clin[i], next - 900, next - 900 + AvailabilityBenchmark.DURATION) ? 1L : 0L);
          out.add(index.nextFree(clin[i], instants[i], AvailabilityBenchmark.DURATION, AvailabilityBenchmark.STEP, 3600));
        }
        for (Appointment p : probes) {
          out.add(index.isFree(Workload.clinicianIndex(p.clinicianId()), p.start().getEpochSecond(),
              p.end().getEpochSecond()) ? 1L : 0L);
        }
        answers.put(type, out);
      }
    }
    List<Long> expected = answers.get(AvailabilityType.CHECK_LOOP);
    assertThat(expected.stream().filter(v -> v > 1).count()).as("weeks with free slots, found next slots").isPositive();
    assertThat(expected).as("free and busy isFree answers both occur").contains(0L, 1L);
    answers.forEach((type, got) -> assertThat(got).as(type.name()).containsExactlyElementsOf(expected));
  }
}
