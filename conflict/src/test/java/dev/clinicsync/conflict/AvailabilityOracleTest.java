package dev.clinicsync.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.clinicsync.conflict.OracleAgreementTest.Base;
import dev.clinicsync.conflict.OracleAgreementTest.Config;
import dev.clinicsync.conflict.OracleAgreementTest.Op;
import dev.clinicsync.conflict.OracleAgreementTest.Scenario;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The definition is the oracle: {@code freeSlots} must equal the grid slots whose {@code check}
 * (of the naive engine, fed the same scenario) is empty, {@code isFree} must equal an empty
 * {@code check}, and {@code nextFree} the first such slot. Scenarios come from
 * {@link OracleAgreementTest}'s generators: random schedules within two days of DST transitions
 * in zones with 60-minute, 30-minute (Lord Howe) and no DST, zero-gap neighbours on a 15-minute
 * grid, buffers, busy blocks (all-day ones anchored in other zones too), time off, extra hours,
 * night ranges and availability changes, and appointments of unregistered clinicians.
 */
@DisplayName("Availability search agrees with check, candidate by candidate")
class AvailabilityOracleTest {
  static final List<Duration> DURATIONS = List.of(Duration.ofMinutes(15), Duration.ofMinutes(30),
      Duration.ofMinutes(45), Duration.ofMinutes(50), Duration.ofMinutes(60), Duration.ofMinutes(90),
      Duration.ofMinutes(7), Duration.ofHours(5));
  static final List<Duration> STEPS = List.of(Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofMinutes(30),
      Duration.ofMinutes(45), Duration.ofMinutes(10), Duration.ofMinutes(7), Duration.ofMinutes(60));

  /** A scenario and the searches asked after its middle step and after its last. */
  record Case(Scenario scenario, long querySeed) {
    Stream<Case> smaller() {
      return scenario.withoutOneStep().map(s -> new Case(s, querySeed));
    }

    String describe() {
      return scenario.describe() + System.lineSeparator() + "  with searches from seed " + querySeed
          + " after the middle step and after the last";
    }
  }

  static Gen<Case> cases() {
    Gen<Scenario> scenarios = OracleAgreementTest.scenarios(OracleAgreementTest::gridInstants);
    Gen<Integer> seeds = integers().allPositive();
    return in -> new Case(scenarios.generate(in), seeds.generate(in));
  }

  @Test
  @DisplayName("freeSlots, nextFree and isFree on 300 random scenarios around DST transitions")
  void agreesWithCheck() {
    PropertyChecks.forAll(300, cases(), Case::describe, Case::smaller, AvailabilityOracleTest::run);
  }

  static void run(Case c) {
    Config cfg = c.scenario().config();
    ConflictEngine engine = ConflictEngine.builder()
        .blockingStatuses(cfg.blocking()).buffer(cfg.buffer()).duplicateTolerance(cfg.tolerance()).build();
    NaiveConflictEngine oracle = new NaiveConflictEngine(cfg.blocking(), cfg.buffer(), cfg.tolerance());
    List<Op> ops = c.scenario().ops();
    SplittableRandom rnd = new SplittableRandom(c.querySeed());
    for (int i = 0; i < ops.size(); i++) {
      OracleAgreementTest.apply(engine, oracle, ops.get(i));
      if (i == ops.size() / 2) {
        searches(engine, oracle, c.scenario().base(), rnd);
      }
    }
    searches(engine, oracle, c.scenario().base(), rnd);
  }

  static void searches(ConflictEngine engine, NaiveConflictEngine oracle, Base base, SplittableRandom rnd) {
    for (int k = 0; k < OracleAgreementTest.CLINICIANS + 1; k++) {
      // the last one is never registered and never has appointments
      ClinicianId clinician = OracleAgreementTest.clinicianOf(k);
      ZoneId zone = oracle.zoneOf(clinician).orElse(ZoneOffset.UTC);
      assertThat(engine.clinicianZone(clinician)).as("zone of %s", clinician).isEqualTo(oracle.zoneOf(clinician));
      Duration duration = DURATIONS.get(rnd.nextInt(DURATIONS.size()));
      Duration step = STEPS.get(rnd.nextInt(STEPS.size()));
      // windows starting off the grid, at odd seconds and nanos, as a form might send them
      Instant from = base.origin().plus(Duration.ofMinutes(rnd.nextInt(6 * 60)))
          .plusSeconds(rnd.nextInt(4) == 0 ? rnd.nextInt(60) : 0).plusNanos(rnd.nextInt(4) == 0 ? 1 : 0);
      TimeWindow window = new TimeWindow(from, from.plus(Duration.ofHours(30 + rnd.nextInt(20))));
      FreeSlots expected = SlotGrid.freeSlotsByCheck(oracle, clinician, zone, window, duration, step);
      FreeSlots actual = engine.freeSlots(clinician, window, duration, step);
      assertThat(actual.windows()).as("freeSlots of %s in %s, %s slots every %s (zone %s)", clinician, window, duration,
          step, zone).containsExactlyElementsOf(expected.windows());
      assertThat(actual).isEqualTo(expected);
      assertThat(actual.windows()).as("the default implementation, by check").containsExactlyElementsOf(
          SlotGrid.freeSlotsByCheck(engine, clinician, zone, window, duration, step).windows());

      Duration horizon = Duration.ofHours(1 + rnd.nextInt(40));
      assertThat(engine.nextFree(clinician, from, duration, step, horizon))
          .as("nextFree of %s from %s, %s slots every %s within %s", clinician, from, duration, step, horizon)
          .isEqualTo(SlotGrid.nextFreeByCheck(oracle, clinician, zone, from, duration, step, horizon));

      for (int j = 0; j < 12; j++) {
        Instant start = base.origin().plus(Duration.ofMinutes(5L * rnd.nextInt(48 * 12)));
        if (j % 4 == 3) {
          start = start.plusSeconds(rnd.nextInt(300)).plusNanos(rnd.nextInt(2) * 500_000_000L);
        }
        TimeWindow w = TimeWindow.of(start, Duration.ofMinutes(5L * (1 + rnd.nextInt(24))).plusNanos(j % 4 == 3 ? 1 : 0));
        boolean expectedFree = !(j % 4 == 3 ? engine : oracle).check(SlotGrid.probe(clinician, w)).hasConflicts();
        assertThat(engine.isFree(clinician, w)).as("isFree of %s at %s", clinician, w).isEqualTo(expectedFree);
      }
    }
  }

  @Test
  @DisplayName("the grid of a zone is every instant whose wall clock reads a multiple of the step, DST days included")
  void gridDefinition() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (Base base : OracleAgreementTest.BASES) {
      for (Duration step : STEPS) {
        Instant from = base.origin().plusSeconds(rnd.nextInt(3600));
        TimeWindow window = TimeWindow.of(from, Duration.ofHours(48));
        Duration duration = Duration.ofMinutes(20);
        List<Long> brute = new ArrayList<>();
        for (long t = from.getEpochSecond(); t + duration.getSeconds() <= window.end().getEpochSecond(); t++) {
          int local = (int) Math.floorMod(t + base.zone().getRules().getOffset(Instant.ofEpochSecond(t)).getTotalSeconds(),
              86_400L);
          if (t >= from.getEpochSecond() && local % step.getSeconds() == 0) {
            brute.add(t);
          }
        }
        long[] grid = SlotGrid.candidates(base.zone(), window, duration, step);
        assertThat(grid).as("grid of %s every %s around %s", base.zone(), step, base.date())
            .containsExactly(brute.stream().mapToLong(Long::longValue).toArray());
        // an empty engine: every candidate of an unregistered clinician in UTC is free
        ConflictEngine engine = ConflictEngine.builder().build();
        assertThat(engine.freeSlots(ClinicianId.of("nobody"), window, duration, step).startsEpochSeconds())
            .isEqualTo(SlotGrid.candidates(ZoneOffset.UTC, window, duration, step));
      }
    }
  }

}
