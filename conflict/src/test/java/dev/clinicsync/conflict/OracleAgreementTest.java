package dev.clinicsync.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

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
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Random sequences of upserts, removes, busy-block and clinician updates, checks and scans must
 * agree exactly with {@link NaiveConflictEngine}. Times sit on a 15-minute grid around a DST
 * transition (so zero-gap neighbours are common), clinicians live in zones with 60-minute,
 * 30-minute and no DST, and their hours include night ranges and ranges inside the DST hour.
 *
 * <p>Properties run on QuickTheories inside plain JUnit 5 tests ({@link PropertyChecks}): a
 * failure shows the smallest failing scenario one step a line (shrunk by QuickTheories, then by
 * dropping steps), and the seed that replays it.
 */
@DisplayName("The indexed conflict engine agrees with the naive oracle")
class OracleAgreementTest {

  static final List<ZoneId> ZONES = List.of(
      ZoneId.of("America/New_York"), ZoneId.of("Europe/London"),
      ZoneId.of("Australia/Lord_Howe"), ZoneId.of("America/Phoenix"),
      ZoneId.of("Asia/Kathmandu"), ZoneId.of("Pacific/Chatham"));
  /** DST transition days (and one ordinary day) of the zones above. */
  static final List<Base> BASES = List.of(
      new Base(LocalDate.of(2026, 3, 8), ZONES.get(0)), new Base(LocalDate.of(2026, 11, 1), ZONES.get(0)),
      new Base(LocalDate.of(2026, 3, 29), ZONES.get(1)), new Base(LocalDate.of(2026, 10, 25), ZONES.get(1)),
      new Base(LocalDate.of(2026, 4, 5), ZONES.get(2)), new Base(LocalDate.of(2026, 10, 4), ZONES.get(2)),
      new Base(LocalDate.of(2026, 3, 8), ZONES.get(3)),
      new Base(LocalDate.of(2026, 6, 1), ZONES.get(4)),
      new Base(LocalDate.of(2026, 4, 5), ZONES.get(5)), new Base(LocalDate.of(2026, 9, 27), ZONES.get(5)));
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
  sealed interface Op permits Upsert, Remove, UpsertBusy, UpsertCopy, RemoveBusy, UpdateClinician, Check, Scan {
    /** The step on one line, for failure reports. */
    String describe();
  }

  record Upsert(Appointment appointment) implements Op {
    @Override
    public String describe() {
      return "upsert " + OracleAgreementTest.describe(appointment);
    }
  }

  record Remove(AppointmentId id) implements Op {
    @Override
    public String describe() {
      return "remove " + id;
    }
  }

  record UpsertBusy(BusyBlock block) implements Op {
    @Override
    public String describe() {
      return "upsert busy block " + OracleAgreementTest.describe(block);
    }
  }

  /**
   * A practice system's own calendar sync copying an indexed appointment into a calendar (a busy
   * block marked {@code copyOf} its system), at its times or moved by {@code shiftMinutes}; nothing
   * when the appointment is not indexed.
   */
  record UpsertCopy(AppointmentId of, int busyId, int shiftMinutes) implements Op {
    @Override
    public String describe() {
      return "upsert busy-block copy " + busyId + " of " + of + " shifted " + shiftMinutes + " min";
    }
  }

  record RemoveBusy(SourceRef source) implements Op {
    @Override
    public String describe() {
      return "remove busy block " + source;
    }
  }

  /** A clinician update, with the name of its weekly rule (see {@link #WEEKLY}). */
  record UpdateClinician(Clinician clinician, String weeklyRule) implements Op {
    @Override
    public String describe() {
      return "update clinician " + clinician.id() + " in " + clinician.zone() + ": " + weeklyRule + ", exceptions "
          + clinician.availability().exceptions().stream().map(AvailabilityException::id).toList();
    }
  }

  record Check(Appointment proposal) implements Op {
    @Override
    public String describe() {
      return "check " + OracleAgreementTest.describe(proposal);
    }
  }

  record Scan(TimeWindow window) implements Op {
    @Override
    public String describe() {
      return "scan " + window;
    }
  }

  record Scenario(Base base, Config config, List<Op> ops) {
    /** The scenario without one of its steps, for each step: what a failing case is shrunk with. */
    Stream<Scenario> withoutOneStep() {
      return IntStream.range(0, ops.size()).mapToObj(i -> {
        List<Op> fewer = new ArrayList<>(ops);
        fewer.remove(i);
        return new Scenario(base, config, fewer);
      });
    }

    /** The scenario one step a line: what a failing property prints. */
    String describe() {
      StringBuilder sb = new StringBuilder()
          .append("around ").append(base.date()).append(" in ").append(base.zone())
          .append("; buffer ").append(config.buffer()).append(", duplicate tolerance ").append(config.tolerance())
          .append(", blocking ").append(EnumSet.copyOf(config.blocking()));
      for (int i = 0; i < ops.size(); i++) {
        sb.append(System.lineSeparator()).append(String.format("%3d. ", i + 1)).append(ops.get(i).describe());
      }
      return sb.append(System.lineSeparator())
          .append("  then every appointment checked as a move of itself, and one wide scan").toString();
    }
  }

  @Test
  @DisplayName("on 500 random scenarios within two days of a DST transition")
  void agreesWithTheOracle() {
    PropertyChecks.forAll(500, scenarios(OracleAgreementTest::gridInstants), Scenario::describe, Scenario::withoutOneStep,
        OracleAgreementTest::run);
  }

  /**
   * The same over a year and more: whole-week jumps make the index add weeks next to its range,
   * far from it (with gaps), and empty and drop weeks at either end.
   */
  @Test
  @DisplayName("on 300 random scenarios spread over more than two years")
  void agreesWithTheOracleAcrossMonths() {
    PropertyChecks.forAll(300, scenarios(OracleAgreementTest::spreadInstants), Scenario::describe, Scenario::withoutOneStep,
        OracleAgreementTest::run);
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
    } else if (op instanceof UpsertCopy c) {
      oracle.appointments().stream().filter(a -> a.id().equals(c.of())).findFirst().ifPresent(a -> {
        Duration shift = Duration.ofMinutes(c.shiftMinutes());
        BusyBlock copy = BusyBlock.timed(busySource(c.busyId(), "v3"), "cal-sync", a.clinicianId(),
            a.start().plus(shift), a.end().plus(shift)).asCopyOf(a.source().system());
        engine.upsertBusyBlock(copy);
        oracle.upsertBusyBlock(copy);
      });
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
    assertThat(normalise(actual)).as("scan of %s", actual.window()).isEqualTo(normalise(expected));
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

  /** A generator picking one of {@code options} with the given weights (the first shrinks best). */
  @SafeVarargs
  static <T> Gen<T> weighted(Pair<Integer, Gen<T>>... options) {
    return Generate.frequency(List.of(options));
  }

  static <T> Pair<Integer, Gen<T>> w(int weight, Gen<T> gen) {
    return Pair.of(weight, gen);
  }

  static Gen<Scenario> scenarios(Function<Base, Gen<Instant>> grid) {
    Gen<Base> bases = Generate.pick(BASES);
    Gen<Config> configs = Generate.pick(List.of(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(10), Duration.ofMinutes(30)))
        .zip(Generate.pick(List.of(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(15))),
            Generate.pick(List.of(
                Set.of(AppointmentStatus.PENDING, AppointmentStatus.SCHEDULED, AppointmentStatus.CONFIRMED),
                Set.of(AppointmentStatus.SCHEDULED, AppointmentStatus.CONFIRMED, AppointmentStatus.COMPLETED))),
            Config::new);
    return in -> {
      Base base = bases.generate(in);
      Config config = configs.generate(in);
      return new Scenario(base, config, ops(base, grid.apply(base)).generate(in));
    };
  }

  static Gen<List<Op>> ops(Base base, Gen<Instant> grid) {
    Gen<Op> op = weighted(
        w(7, appointments(grid).<Op>map(Upsert::new)),
        w(2, integers().between(0, IDS - 1).<Op>map(i -> new Remove(idOf(i)))),
        w(2, busyBlocks(base, grid).<Op>map(UpsertBusy::new)),
        w(2, integers().between(0, IDS - 1).zip(integers().between(0, BUSY_IDS - 1),
            Generate.pick(List.of(0, 0, 0, 5, 15)), (a, b, shift) -> (Op) new UpsertCopy(idOf(a), b, shift))),
        w(1, integers().between(0, BUSY_IDS - 1).<Op>map(i -> new RemoveBusy(busySource(i, "v9")))),
        w(2, clinicians(base)),
        w(6, appointments(grid).<Op>map(Check::new)),
        w(1, windows(grid).<Op>map(Scan::new)));
    return lists().of(op).ofSizeBetween(1, 45);
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

  /** A 15-minute grid over 48 hours around the base day's start. */
  static Gen<Instant> gridInstants(Base base) {
    return integers().between(0, 48 * 4 - 1).map(k -> base.origin().plus(Duration.ofMinutes(15L * k)));
  }

  /** The grid, or the grid moved by whole weeks, up to 80 weeks either way. */
  static Gen<Instant> spreadInstants(Base base) {
    return weighted(
        w(3, gridInstants(base)),
        w(2, gridInstants(base).zip(Generate.pick(List.of(-40, -27, -3, -1, 1, 2, 5, 26, 28, 53, 80)),
            (t, weeks) -> t.plus(Duration.ofDays(7L * weeks)))));
  }

  static Gen<Duration> lengths() {
    return weighted(
        w(8, integers().between(1, 8).map(k -> Duration.ofMinutes(15L * k))),
        w(2, integers().between(1, 12).map(k -> Duration.ofMinutes(5L * k))),
        w(1, integers().between(20, 36).map(h -> Duration.ofHours(h))));
  }

  static Gen<Appointment> appointments(Gen<Instant> grid) {
    Gen<Integer> ids = integers().between(0, IDS - 1);
    Gen<Integer> clinicians = integers().between(0, CLINICIANS - 1);
    Gen<SourceSystem> systems = Generate.pick(SYSTEMS);
    Gen<Optional<PatientRef>> patients = weighted(
        w(7, Generate.pick(PATIENTS).map(Optional::of)),
        w(3, Generate.constant(Optional.empty())));
    Gen<Duration> lengths = lengths();
    Gen<AppointmentStatus> statuses = weighted(
        w(4, Generate.constant(AppointmentStatus.SCHEDULED)),
        w(2, Generate.constant(AppointmentStatus.CONFIRMED)),
        w(2, Generate.constant(AppointmentStatus.PENDING)),
        w(1, Generate.constant(AppointmentStatus.CANCELLED)),
        w(1, Generate.constant(AppointmentStatus.NO_SHOW)),
        w(1, Generate.constant(AppointmentStatus.COMPLETED)));
    return in -> {
      int id = ids.generate(in);
      ClinicianId clinician = clinicianOf(clinicians.generate(in));
      SourceSystem system = systems.generate(in);
      Optional<PatientRef> patient = patients.generate(in);
      Instant start = grid.generate(in);
      Duration length = lengths.generate(in);
      return Appointment.builder()
          .id(idOf(id))
          .source(SourceRef.of(system, "ext-" + id))
          .clinicianId(clinician)
          .patient(patient.orElse(null))
          .start(start)
          .end(start.plus(length))
          .status(statuses.generate(in))
          .build();
    };
  }

  static Gen<BusyBlock> busyBlocks(Base base, Gen<Instant> grid) {
    Gen<Integer> ids = integers().between(0, BUSY_IDS - 1);
    Gen<Integer> clinicians = integers().between(0, CLINICIANS - 1);
    Gen<Integer> quarters = integers().between(1, 16);
    Gen<BusyBlock> timed = in -> {
      int id = ids.generate(in);
      int clin = clinicians.generate(in);
      Instant start = grid.generate(in);
      return BusyBlock.timed(busySource(id, "v1"), "cal-" + clin, clinicianOf(clin),
          start, start.plus(Duration.ofMinutes(15L * quarters.generate(in))));
    };
    Gen<Integer> offsets = integers().between(-1, 1);
    Gen<Integer> days = integers().between(1, 2);
    Gen<ZoneId> anchors = Generate.pick(ZONES);
    Gen<BusyBlock> allDay = in -> {
      int id = ids.generate(in);
      int clin = clinicians.generate(in);
      LocalDate first = base.date().plusDays(offsets.generate(in));
      LocalDate endExclusive = first.plusDays(days.generate(in));
      return BusyBlock.allDay(busySource(id, "v2"), "cal-" + clin, clinicianOf(clin),
          new BusyBlock.DateSpan(first, endExclusive), anchors.generate(in));
    };
    // some blocks are marked copies of a practice system's sessions (its own calendar sync): on the
    // same 15-minute grid, some of them match an appointment of that system exactly
    Gen<SourceSystem> copied = Generate.pick(SYSTEMS);
    Gen<BusyBlock> copy = in -> timed.generate(in).asCopyOf(copied.generate(in));
    return weighted(w(3, timed), w(1, allDay), w(2, copy));
  }

  static Gen<TimeWindow> windows(Gen<Instant> grid) {
    return grid.zip(integers().between(1, 96), (start, quarters) -> TimeWindow.of(start, Duration.ofMinutes(15L * quarters)));
  }

  /** Weekly hours by name, so that a failing scenario says which rule a clinician had. */
  static final Map<String, WeeklyAvailability> WEEKLY = weeklyRules();

  private static Map<String, WeeklyAvailability> weeklyRules() {
    Map<String, WeeklyAvailability> rules = new LinkedHashMap<>();
    rules.put("every day 09:00-17:00",
        WeeklyAvailability.builder().on(EnumSet.allOf(DayOfWeek.class), LocalTimeRange.of("09:00", "17:00")).build());
    rules.put("weekdays 08:00-12:00 and 13:00-17:30",
        WeeklyAvailability.builder().weekdays(LocalTimeRange.of("08:00", "12:00"), LocalTimeRange.of("13:00", "17:30")).build());
    rules.put("every night 22:00-06:00",
        WeeklyAvailability.builder().on(EnumSet.allOf(DayOfWeek.class), LocalTimeRange.of("22:00", "06:00")).build());
    rules.put("every day 18:00-00:00 and 00:00-02:30",
        WeeklyAvailability.builder().on(EnumSet.allOf(DayOfWeek.class), LocalTimeRange.of("18:00", "00:00"),
            LocalTimeRange.of("00:00", "02:30")).build());
    rules.put("every day 01:00-03:00 and 01:30-04:00 (overlapping, inside the DST hour)",
        WeeklyAvailability.builder().on(EnumSet.allOf(DayOfWeek.class), LocalTimeRange.of("01:00", "03:00"),
            LocalTimeRange.of("01:30", "04:00")).build());
    rules.put("weekends 06:00-23:00",
        WeeklyAvailability.builder().on(EnumSet.of(DayOfWeek.SUNDAY, DayOfWeek.SATURDAY), LocalTimeRange.of("06:00", "23:00")).build());
    rules.put("never", WeeklyAvailability.NONE);
    return Collections.unmodifiableMap(rules);
  }

  static Gen<Op> clinicians(Base base) {
    Gen<Integer> ids = integers().between(0, CLINICIANS - 1);
    Gen<ZoneId> zones = weighted(w(3, Generate.constant(base.zone())), w(1, Generate.pick(ZONES)));
    Gen<String> weekly = Generate.pick(List.copyOf(WEEKLY.keySet()));
    LocalDate d = base.date();
    // a set of at most 3 distinct exceptions
    Gen<List<AvailabilityException>> exceptions = lists().of(Generate.pick(List.of(
            AvailabilityException.timeOff("vacation", d, d, "vacation"),
            AvailabilityException.timeOff("long-off", d.minusDays(1), d.plusDays(3), ""),
            AvailabilityException.timeOff("dentist", d, LocalTimeRange.of("10:00", "11:15"), "personal"),
            AvailabilityException.timeOff("night-off", d.minusDays(1), LocalTimeRange.of("23:00", "01:30"), ""),
            AvailabilityException.timeOff("dst-hour", d, LocalTimeRange.of("01:15", "02:45"), ""),
            AvailabilityException.extraHours("extra-eve", d, LocalTimeRange.of("17:00", "21:00"), "clinic night"),
            AvailabilityException.extraHours("extra-night", d.minusDays(1), LocalTimeRange.of("20:00", "03:00"), ""))))
        .ofSizeBetween(0, 3).map(l -> List.copyOf(new LinkedHashSet<>(l)));
    return in -> {
      int i = ids.generate(in);
      ZoneId zone = zones.generate(in);
      String rule = weekly.generate(in);
      List<AvailabilityException> ex = exceptions.generate(in);
      return new UpdateClinician(
          Clinician.of(clinicianOf(i), "Clinician " + i, zone, WEEKLY.get(rule).withExceptions(new ArrayList<>(ex))), rule);
    };
  }

  // ---------------------------------------------------------------- failure reports

  static String describe(Appointment a) {
    return a.id() + " (" + a.source().key() + ") " + a.clinicianId() + " " + a.window() + " " + a.status() + ", "
        + a.patient().map(p -> "patient " + (char) ('A' + PATIENTS.indexOf(p))).orElse("no patient");
  }

  static String describe(BusyBlock b) {
    return b.source() + " " + b.calendarId() + " " + b.clinicianId() + " " + b.window()
        + b.allDay().map(s -> " all day " + s.first() + " to " + s.endExclusive() + " (exclusive)").orElse("");
  }
}
