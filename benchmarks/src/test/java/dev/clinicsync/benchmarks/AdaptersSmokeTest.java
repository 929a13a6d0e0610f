package dev.clinicsync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.TimeWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small workload through every adapter: they must agree, so the benchmarks compare like with like. */
class AdaptersSmokeTest {

  @Test
  @DisplayName("the generator matches the issue's shape")
  void generatorShape() {
    Workload w = Workload.fresh(100_000, 1);
    assertThat(w.clinicianCount()).isEqualTo(32);
    assertThat(w.appointments).hasSize(32 * 261 * 12);
    double cancelled = 1 - w.activeCount / (double) w.appointments.length;
    assertThat(cancelled).isBetween(0.04, 0.06);
    assertThat(w.overlapping / (double) w.appointments.length).isBetween(0.005, 0.015);
    assertThat(w.busyBlocks).hasSize(32 * 261 * 2);
    assertThat(w.clinicians).extracting(c -> c.zone().getId()).contains(
        "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles");
    assertThat(w.appointments).filteredOn(a -> a.status() == AppointmentStatus.CANCELLED).isNotEmpty();
  }

  @Test
  @DisplayName("every implementation gives the same answers on the same data")
  void adaptersAgree(@TempDir Path pgDir) {
    System.setProperty("clinicsync.bench.pgdir", pgDir.toString());
    Workload w = Workload.fresh(12 * 261 * 3, 2);
    Appointment[] probes = w.proposals(300, -1);
    Map<IndexType, int[]> answers = new EnumMap<>(IndexType.class);
    Map<IndexType, Integer> pairs = new EnumMap<>(IndexType.class);
    TimeWindow year = TimeWindow.of(Instant.parse("2026-01-01T00:00:00Z"), Duration.ofDays(367));
    for (IndexType type : IndexType.values()) {
      try (ConflictIndex index = type.create()) {
        index.load(w);
        int[] out = new int[probes.length];
        for (int i = 0; i < probes.length; i++) {
          out[i] = index.check(probes[i]);
        }
        answers.put(type, out);
        pairs.put(type, index.scanPairs(year));
        // a move and back leaves the index as it was
        Appointment a = w.appointments[0].status() == AppointmentStatus.CANCELLED ? w.appointments[1] : w.appointments[0];
        Appointment moved = a.toBuilder().start(a.start().plusSeconds(300)).end(a.end().plusSeconds(300)).build();
        index.move(a, moved);
        index.move(moved, a);
        assertThat(index.check(probes[0])).isEqualTo(out[0]);
      }
    }
    int[] expected = answers.get(IndexType.NAIVE);
    assertThat(java.util.Arrays.stream(expected).sum()).as("the probes find conflicts").isPositive();
    answers.forEach((type, got) -> assertThat(got).as(type.name()).containsExactly(expected));
    assertThat(pairs.get(IndexType.NAIVE)).isPositive();
    assertThat(pairs).allSatisfy((type, n) -> assertThat(n).as(type.name()).isEqualTo(pairs.get(IndexType.NAIVE)));
  }
}
