package dev.clinicsync.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.AvailabilityException;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.PatientRef;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random sequences of upserts, removes, busy-block and clinician updates, checks and scans must
 * agree exactly with {@link NaiveConflictEngine}. Times sit on a 15-minute grid around a DST
 * transition (so zero-gap neighbours are common), clinicians live in zones with 60-minute,
 * 30-minute and no DST, and their hours include night ranges and ranges inside the DST hour.
 */
class OracleAgreementTest {

  static final List<ZoneId> ZONES = List.of(
      ZoneId.of("America/New_York"), ZoneId.of("Europe/London"),
      ZoneId.of("Australia/Lord_Howe"), ZoneId.of("America/Phoenix"));
  /** DST transition days (and one ordinary day) of the zones above. */
  static final List<Base> BASES = List.of(
      new Base(LocalDate.of(2026, 3, 8), ZONES.get(0)), new Base(LocalDate.of(2026, 11, 1), ZONES.get(0)),
      new Base(LocalDate.of(2026, 3, 29), ZONES.get(1)), new Base(LocalDate.of(2026, 10, 25), ZONES.get(1)),
      new Base(LocalDate.of(2026, 4, 5), ZONES.get(2)), new Base(LocalDate.of(2026, 10, 4), ZONES.get(2)),
      new Base(LocalDate.of(2026, 3, 8), ZONES.get(3)));
  static final int IDS = 14;
  static final int BUSY_IDS = 5;
  static final int CLINICIANS = 3;
  static final List<SourceSystem> SYSTEMS = List.of(SourceSystem.ZOCDOC, SourceSystem.SIMPLEPRACTICE, SourceSystem.KAREO);
  static final List<PatientRef> PATIENTS = List.of(
      PatientRef.of("patient-token-aaaaaaaa"), PatientRef.of("patient-token-bbbbbbbb"));

  record Base(LocalDate date, ZoneId zone) {
    Instant origin() {
      return date.atStartOfDay(zone).toInstant().minus(Duration.ofHours(12));
    }
  }

  record Config(Duration buffer, Duration tolerance, Set<AppointmentStatus> blocking) {}

  /** One step of a scenario. */
  sealed interface Op permits Upsert, Remove, UpsertBusy, RemoveBusy, UpdateClinician, Check, Scan {}

  record Upsert(Appointment appointment) implements Op {}

  record Remove(AppointmentId id) implements Op {}

  record UpsertBusy(BusyBlock block) implements Op {}

  record RemoveBusy(SourceRef source) implements Op {}

  record UpdateClinician(Clinician clinician) implements Op {}

  record Check(Appointment proposal) implements Op {}

  record Scan(TimeWindow window) implements Op {}

  record Scenario(Base base, Config config, List<Op> ops) {}

  @Property(tries = 500)
  void agreesWithTheOracle(@ForAll("scenarios") Scenario scenario) {
    run(scenario);
  }

  /**
   * The same over a year and more: whole-week jumps make the index add weeks next to its range,
   * far from it (with gaps), and empty and drop weeks at either end.
   */
  @Property(tries = 300)
  void agreesWithTheOracleAcrossMonths(@ForAll("spreadScenarios") Scenario scenario) {
    run(scenario);
  }

  static void run(Scenario scenario) {
    Config cfg = scenario.config();
    ConflictEngine engine = ConflictEngine.builder()
        .blockingStatuses(cfg.blocking()).buffer(cfg.buffer()).duplicateTolerance(cfg.tolerance()).build();
    NaiveConflictEngine oracle = new NaiveConflictEngine(cfg.blocking(), cfg.buffer(), cfg.tolerance());
    for (Op op : scenario.ops()) {
      apply(engine, oracle, op);
    }
    // finally, every indexed appointment checked as a move of itself, and one wide scan
    for (Appointment a : oracle.appointments()) {
      assertThat(engine.check(a)).as("final check of %s", a).isEqualTo(oracle.check(a));
    }
    TimeWindow all = TimeWindow.of(scenario.base().origin().minus(Duration.ofDays(7 * 60)), Duration.ofDays(7 * 150));
    assertSameScan(engine.scan(all), oracle.scan(all));
    assertThat(engine.size()).isEqualTo(oracle.size());
  }

  static void apply(ConflictEngine engine, NaiveConflictEngine oracle, Op op) {
    if (op instanceof Upsert u) {
      engine.upsert(u.appointment());
      oracle.upsert(u.appointment());
    } else if (op instanceof Remove r) {
      assertThat(engine.remove(r.id())).isEqualTo(oracle.remove(r.id()));
    } else if (op instanceof UpsertBusy b) {
      engine.upsertBusyBlock(b.block());
      oracle.upsertBusyBlock(b.block());
    } else if (op instanceof RemoveBusy b) {
      assertThat(engine.removeBusyBlock(b.source())).isEqualTo(oracle.removeBusyBlock(b.source()));
    } else if (op instanceof UpdateClinician c) {
      engine.updateClinician(c.clinician());
      oracle.updateClinician(c.clinician());
    } else if (op instanceof Check c) {
      assertThat(engine.check(c.proposal())).as("check of %s", c.proposal()).isEqualTo(oracle.check(c.proposal()));
    } else if (op instanceof Scan s) {
      assertSameScan(engine.scan(s.window()), oracle.scan(s.window()));
    }
  }

  static void assertSameScan(ScanReport actual, ScanReport expected) {
    assertThat(normalise(actual)).isEqualTo(normalise(expected));
  }

  static Map<ClinicianId, Set<ConflictPair>> normalise(ScanReport r) {
    Map<ClinicianId, Set<ConflictPair>> out = new HashMap<>();
    r.byClinician().forEach((k, v) -> {
      Set<ConflictPair> set = new HashSet<>(v);
      assertThat(set).as("each pair once").hasSameSizeAs(v);
      out.put(k, set);
    });
    return out;
  }

  // ---------------------------------------------------------------- generators

  @Provide
  Arbitrary<Scenario> scenarios() {
    return scenarios(OracleAgreementTest::gridInstants);
  }

  @Provide
  Arbitrary<Scenario> spreadScenarios() {
    return scenarios(base -> Arbitraries.frequencyOf(
        Tuple.of(3, gridInstants(base)),
        Tuple.of(2, Combinators.combine(gridInstants(base), Arbitraries.of(-40, -27, -3, -1, 1, 2, 5, 26, 28, 53, 80))
            .as((t, weeks) -> t.plus(Duration.ofDays(7L * weeks))))));
  }

  static Arbitrary<Scenario> scenarios(java.util.function.Function<Base, Arbitrary<Instant>> grid) {
    Arbitrary<Config> configs = Combinators.combine(
        Arbitraries.of(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(10), Duration.ofMinutes(30)),
        Arbitraries.of(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(15)),
        Arbitraries.of(
            Set.of(AppointmentStatus.PENDING, AppointmentStatus.SCHEDULED, AppointmentStatus.CONFIRMED),
            Set.of(AppointmentStatus.SCHEDULED, AppointmentStatus.CONFIRMED, AppointmentStatus.COMPLETED)))
        .as(Config::new);
    return Arbitraries.of(BASES).flatMap(base -> Combinators.combine(configs, ops(base, grid.apply(base))).as(
        (cfg, ops) -> new Scenario(base, cfg, ops)));
  }

  static Arbitrary<List<Op>> ops(Base base, Arbitrary<Instant> grid) {
    Arbitrary<Op> op = Arbitraries.frequencyOf(
        Tuple.of(7, appointments(base, grid).map(Upsert::new)),
        Tuple.of(2, Arbitraries.integers().between(0, IDS - 1).map(i -> new Remove(idOf(i)))),
        Tuple.of(2, busyBlocks(base, grid).map(UpsertBusy::new)),
        Tuple.of(1, Arbitraries.integers().between(0, BUSY_IDS - 1).map(i -> new RemoveBusy(busySource(i, "v9")))),
        Tuple.of(2, clinicians(base).map(UpdateClinician::new)),
        Tuple.of(6, appointments(base, grid).map(Check::new)),
        Tuple.of(1, windows(grid).map(Scan::new)));
    return op.list().ofMinSize(1).ofMaxSize(45);
  }

  static AppointmentId idOf(int i) {
    return AppointmentId.of("appt-" + i);
  }

  static SourceRef busySource(int i, String version) {
    return SourceRef.of(SourceSystem.GOOGLE, "evt-" + i, version);
  }

  static ClinicianId clinicianOf(int i) {
    return ClinicianId.of("clin-" + i);
  }

  static Arbitrary<Instant> gridInstants(Base base) {
    // 15-minute grid over 48 hours around the base day's start
    return Arbitraries.integers().between(0, 48 * 4 - 1).map(k -> base.origin().plus(Duration.ofMinutes(15L * k)));
  }

  static Arbitrary<Duration> lengths() {
    return Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.integers().between(1, 8).map(k -> Duration.ofMinutes(15L * k))),
        Tuple.of(2, Arbitraries.integers().between(1, 12).map(k -> Duration.ofMinutes(5L * k))),
        Tuple.of(1, Arbitraries.integers().between(20, 36).map(h -> Duration.ofHours(h))));
  }

  static Arbitrary<Appointment> appointments(Base base, Arbitrary<Instant> grid) {
    Arbitrary<AppointmentStatus> statuses = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.just(AppointmentStatus.SCHEDULED)),
        Tuple.of(2, Arbitraries.just(AppointmentStatus.CONFIRMED)),
        Tuple.of(2, Arbitraries.just(AppointmentStatus.PENDING)),
        Tuple.of(1, Arbitraries.just(AppointmentStatus.CANCELLED)),
        Tuple.of(1, Arbitraries.just(AppointmentStatus.NO_SHOW)),
        Tuple.of(1, Arbitraries.just(AppointmentStatus.COMPLETED)));
    Arbitrary<PatientRef> patients = Arbitraries.of(PATIENTS).injectNull(0.3);
    return Combinators.combine(
            Arbitraries.integers().between(0, IDS - 1),
            Arbitraries.integers().between(0, CLINICIANS - 1),
            Arbitraries.of(SYSTEMS),
            patients,
            grid,
            lengths(),
            statuses)
        .as((id, clin, system, patient, start, length, status) -> Appointment.builder()
            .id(idOf(id))
            .source(SourceRef.of(system, "ext-" + id))
            .clinicianId(clinicianOf(clin))
            .patient(patient)
            .start(start)
            .end(start.plus(length))
            .status(status)
            .build());
  }

  static Arbitrary<BusyBlock> busyBlocks(Base base, Arbitrary<Instant> grid) {
    Arbitrary<BusyBlock> timed = Combinators.combine(
            Arbitraries.integers().between(0, BUSY_IDS - 1),
            Arbitraries.integers().between(0, CLINICIANS - 1),
            grid,
            Arbitraries.integers().between(1, 16))
        .as((id, clin, start, quarters) -> BusyBlock.timed(busySource(id, "v1"), "cal-" + clin, clinicianOf(clin),
            start, start.plus(Duration.ofMinutes(15L * quarters))));
    Arbitrary<BusyBlock> allDay = Combinators.combine(
            Arbitraries.integers().between(0, BUSY_IDS - 1),
            Arbitraries.integers().between(0, CLINICIANS - 1),
            Arbitraries.integers().between(-1, 1),
            Arbitraries.integers().between(1, 2),
            Arbitraries.of(ZONES))
        .as((id, clin, offset, days, anchor) -> BusyBlock.allDay(busySource(id, "v2"), "cal-" + clin, clinicianOf(clin),
            new BusyBlock.DateSpan(base.date().plusDays(offset), base.date().plusDays(offset + days)), anchor));
    return Arbitraries.frequencyOf(Tuple.of(3, timed), Tuple.of(1, allDay));
  }

  static Arbitrary<TimeWindow> windows(Arbitrary<Instant> grid) {
    return Combinators.combine(grid, Arbitraries.integers().between(1, 96))
        .as((start, quarters) -> TimeWindow.of(start, Duration.ofMinutes(15L * quarters)));
  }

  static Arbitrary<Clinician> clinicians(Base base) {
    Arbitrary<ZoneId> zones = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just(base.zone())), Tuple.of(1, Arbitraries.of(ZONES)));
    Arbitrary<WeeklyAvailability> weekly = Arbitraries.of(
        WeeklyAvailability.builder().on(EnumSet.allOf(DayOfWeek.class), LocalTimeRange.of("09:00", "17:00")).build(),
        WeeklyAvailability.builder().weekdays(LocalTimeRange.of("08:00", "12:00"), LocalTimeRange.of("13:00", "17:30")).build(),
        WeeklyAvailability.builder().on(EnumSet.allOf(DayOfWeek.class), LocalTimeRange.of("22:00", "06:00")).build(),
        WeeklyAvailability.builder().on(EnumSet.allOf(DayOfWeek.class), LocalTimeRange.of("18:00", "00:00"),
            LocalTimeRange.of("00:00", "02:30")).build(),
        WeeklyAvailability.builder().on(EnumSet.allOf(DayOfWeek.class), LocalTimeRange.of("01:00", "03:00"),
            LocalTimeRange.of("01:30", "04:00")).build(),
        WeeklyAvailability.builder().on(EnumSet.of(DayOfWeek.SUNDAY, DayOfWeek.SATURDAY), LocalTimeRange.of("06:00", "23:00")).build(),
        WeeklyAvailability.NONE);
    LocalDate d = base.date();
    Arbitrary<List<AvailabilityException>> exceptions = Arbitraries.of(
            AvailabilityException.timeOff("vacation", d, d, "vacation"),
            AvailabilityException.timeOff("long-off", d.minusDays(1), d.plusDays(3), ""),
            AvailabilityException.timeOff("dentist", d, LocalTimeRange.of("10:00", "11:15"), "personal"),
            AvailabilityException.timeOff("night-off", d.minusDays(1), LocalTimeRange.of("23:00", "01:30"), ""),
            AvailabilityException.timeOff("dst-hour", d, LocalTimeRange.of("01:15", "02:45"), ""),
            AvailabilityException.extraHours("extra-eve", d, LocalTimeRange.of("17:00", "21:00"), "clinic night"),
            AvailabilityException.extraHours("extra-night", d.minusDays(1), LocalTimeRange.of("20:00", "03:00"), ""))
        .set().ofMaxSize(3).map(List::copyOf);
    return Combinators.combine(Arbitraries.integers().between(0, CLINICIANS - 1), zones, weekly, exceptions)
        .as((i, zone, w, ex) -> Clinician.of(clinicianOf(i), "Clinician " + i, zone, w.withExceptions(new ArrayList<>(ex))));
  }
}
