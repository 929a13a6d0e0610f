package dev.clinicsync.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.PatientRef;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The engine's bounded answers ({@link ConflictEngine#conflictIds}) and batch updates
 * ({@link ConflictEngine#apply}), checked against {@link ConflictEngine#check} and one-by-one
 * updates on seeded random workloads, and on the pathological case they exist for: thousands of
 * mutually overlapping appointments.
 */
@DisplayName("Bounded conflict ids and batch updates")
class BoundedConflictsTest {
  static final ClinicianId LEE = ClinicianId.of("dr-lee");
  static final ClinicianId KIM = ClinicianId.of("dr-kim");
  static final Instant T0 = Instant.parse("2026-03-02T14:00:00Z");
  static final SourceSystem[] SYSTEMS = {SourceSystem.ZOCDOC, SourceSystem.SIMPLEPRACTICE, SourceSystem.KAREO};
  static final AppointmentStatus[] STATUSES = {AppointmentStatus.SCHEDULED, AppointmentStatus.CONFIRMED,
      AppointmentStatus.PENDING, AppointmentStatus.CANCELLED};

  /** A random appointment: a few clinicians, two weeks, some long ones, some sub-second ends, some duplicates. */
  static Appointment random(Random rnd, int n) {
    Instant start = T0.plusSeconds(rnd.nextInt(14 * 24 * 4) * 900L);
    long seconds = rnd.nextInt(10) == 0 ? Duration.ofDays(1 + rnd.nextInt(3)).toSeconds() : 1800 + rnd.nextInt(8) * 900;
    Instant end = start.plusSeconds(seconds).plusNanos(rnd.nextInt(5) == 0 ? 500_000_000 : 0);
    return Appointment.builder()
        .source(SourceRef.of(SYSTEMS[rnd.nextInt(SYSTEMS.length)], "ext-" + n))
        .clinicianId(rnd.nextBoolean() ? LEE : KIM)
        .patient(PatientRef.of(String.format("patient-token-%04d", rnd.nextInt(6))))
        .start(start)
        .end(end)
        .status(STATUSES[rnd.nextInt(STATUSES.length)])
        .build();
  }

  static ConflictEngine.Builder rules(Random rnd) {
    return ConflictEngine.builder().bufferMinutes(rnd.nextBoolean() ? 0 : 10)
        .duplicateTolerance(Duration.ofMinutes(rnd.nextBoolean() ? 0 : 5));
  }

  /** What check() says, restricted to OVERLAP and BUFFER partners. */
  static Set<AppointmentId> fromCheck(ConflictEngine engine, Appointment a) {
    Set<AppointmentId> out = new HashSet<>();
    for (Conflict c : engine.check(a).conflicts()) {
      if (c.kind() == ConflictKind.OVERLAP || c.kind() == ConflictKind.BUFFER) {
        c.otherAppointment().ifPresent(out::add);
      }
    }
    out.remove(a.id());
    return out;
  }

  @Test
  @DisplayName("conflictIds returns what check reports as overlaps and buffers, at most the limit, and says whether that is all")
  void agreesWithCheck() {
    for (long seed = 1; seed <= 10; seed++) {
      Random rnd = new Random(seed);
      ConflictEngine engine = rules(rnd).build();
      List<Appointment> all = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        Appointment a = random(rnd, i);
        all.add(a);
        engine.upsert(a);
      }
      engine.upsertBusyBlock(BusyBlock.timed(SourceRef.of(SourceSystem.GOOGLE, "busy-1"), "primary", LEE,
          T0, T0.plus(Duration.ofDays(3))));
      for (Appointment a : all) {
        Set<AppointmentId> expected = fromCheck(engine, a);
        ConflictIds unbounded = engine.conflictIds(a, 10_000);
        assertThat(unbounded.complete()).as("seed %d", seed).isTrue();
        assertThat(unbounded.ids()).as("seed %d", seed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        int limit = rnd.nextInt(4);
        ConflictIds bounded = engine.conflictIds(a, limit);
        assertThat(bounded.ids()).hasSize(Math.min(limit, expected.size()));
        assertThat(expected).containsAll(bounded.ids());
        assertThat(bounded.complete()).isEqualTo(expected.size() <= limit);
        assertThat(bounded.any()).isEqualTo(limit > 0 && !expected.isEmpty());
      }
    }
  }

  @Test
  @DisplayName("the default conflictIds (over check) agrees with the indexed one, and a negative limit is refused")
  void defaultImplementation() {
    Random rnd = new Random(7);
    ConflictEngine indexed = ConflictEngine.builder().build();
    ConflictEngine naive = NaiveConflictEngine.defaults();
    List<Appointment> all = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Appointment a = random(rnd, i);
      all.add(a);
      indexed.upsert(a);
      naive.upsert(a);
    }
    for (Appointment a : all) {
      assertThat(naive.conflictIds(a, 1_000).ids()).containsExactlyInAnyOrderElementsOf(indexed.conflictIds(a, 1_000).ids());
      assertThat(naive.conflictIds(a, 1).complete()).isEqualTo(indexed.conflictIds(a, 1).complete());
    }
    assertThatThrownBy(() -> indexed.conflictIds(all.get(0), -1)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> naive.conflictIds(all.get(0), -1)).isInstanceOf(ValidationException.class);
  }

  @Test
  @DisplayName("a batch leaves the index exactly as the same removals and upserts one by one do")
  void batchEqualsOneByOne() {
    for (long seed = 1; seed <= 15; seed++) {
      Random rnd = new Random(seed);
      ConflictEngine.Builder rules = rules(rnd);
      ConflictEngine batched = rules.build();
      ConflictEngine single = rules.build();
      Map<Integer, Appointment> live = new LinkedHashMap<>();
      int next = 0;
      for (int round = 0; round < 6; round++) {
        List<Appointment> upserts = new ArrayList<>();
        List<AppointmentId> removals = new ArrayList<>();
        int changes = 1 + rnd.nextInt(80);
        for (int c = 0; c < changes; c++) {
          int kind = rnd.nextInt(10);
          if (kind < 2 && !live.isEmpty()) {
            removals.add(pick(rnd, live).id());
          } else if (kind < 5 && !live.isEmpty()) {
            Appointment before = pick(rnd, live);
            Appointment moved = random(rnd, 0).toBuilder().id(before.id()).source(before.source()).build();
            upserts.add(moved); // a move: maybe another week, clinician, length or status
          } else {
            Appointment a = random(rnd, next);
            live.put(next++, a);
            upserts.add(a);
            if (rnd.nextInt(8) == 0) {
              upserts.add(random(rnd, 0).toBuilder().id(a.id()).source(a.source()).build()); // twice in one batch
            }
          }
        }
        if (rnd.nextInt(5) == 0 && !upserts.isEmpty()) {
          removals.add(upserts.get(0).id()); // removed, then upserted again by the same batch
        }
        batched.apply(upserts, removals);
        removals.forEach(single::remove);
        upserts.forEach(single::upsert);
        assertThat(batched.size()).as("seed %d round %d", seed, round).isEqualTo(single.size());
        for (int probe = 0; probe < 60; probe++) {
          Appointment p = random(rnd, 100_000 + probe);
          assertThat(batched.check(p)).as("seed %d round %d", seed, round).isEqualTo(single.check(p));
        }
        TimeWindow all = TimeWindow.of(T0.minus(Duration.ofDays(7)), Duration.ofDays(30));
        assertThat(batched.scan(all)).isEqualTo(single.scan(all));
        for (AppointmentId id : removals) {
          assertThat(batched.remove(id)).isEqualTo(single.remove(id));
        }
      }
    }
  }

  private static Appointment pick(Random rnd, Map<Integer, Appointment> live) {
    List<Appointment> values = new ArrayList<>(live.values());
    return values.get(rnd.nextInt(values.size()));
  }

  @Test
  @DisplayName("ten thousand mutually overlapping appointments: one batch, and each bounded answer stops at its limit")
  void pathological() {
    ConflictEngine engine = ConflictEngine.builder().build();
    List<Appointment> all = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      Instant start = T0.plusSeconds(i * 60L);
      long length = i % 2 == 0 ? Duration.ofDays(60).toSeconds() : Duration.ofHours(20).toSeconds();
      all.add(Appointment.builder().source(SourceRef.of(SourceSystem.SIMPLEPRACTICE, "series/" + i)).clinicianId(LEE)
          .start(start.minusSeconds(length / 2)).end(start.plusSeconds(length / 2)).build());
    }
    engine.apply(all, List.of());
    assertThat(engine.size()).isEqualTo(10_000);
    for (Appointment a : all) {
      ConflictIds ids = engine.conflictIds(a, 32);
      assertThat(ids.ids()).hasSize(32).doesNotContain(a.id());
      assertThat(ids.complete()).isFalse();
    }
    engine.apply(List.of(), all.subList(0, 9_990).stream().map(Appointment::id).toList());
    assertThat(engine.conflictIds(all.get(9_999), 32).ids()).hasSize(9).doesNotContain(all.get(9_999).id());
    assertThat(engine.conflictIds(all.get(9_999), 32).complete()).isTrue();
  }
}
