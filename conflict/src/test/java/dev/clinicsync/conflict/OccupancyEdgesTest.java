package dev.clinicsync.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.clinicsync.conflict.AvailabilityOracleTest.Case;
import dev.clinicsync.conflict.OracleAgreementTest.Base;
import dev.clinicsync.conflict.OracleAgreementTest.Config;
import dev.clinicsync.conflict.OracleAgreementTest.Op;
import dev.clinicsync.conflict.OracleAgreementTest.Remove;
import dev.clinicsync.conflict.OracleAgreementTest.Scenario;
import dev.clinicsync.conflict.OracleAgreementTest.Upsert;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The occupancy bitmap (5-minute units beside the exact index) must never change an answer: the
 * searches agree with {@code check} exactly as in {@link AvailabilityOracleTest}, on schedules aimed
 * at the bitmap's edges — times on, one second off and half a unit off the unit boundaries, lengths
 * that are and are not whole units (down to one second, and with nanoseconds), buffers that are not
 * whole units (or not whole seconds) and cross midnight, days around DST transitions (a local day of
 * 276 or 300 units; the bits are kept per UTC unit, which every such day is made of), the Thursday
 * 00:00 UTC where both the index's and the bitmap's weeks begin, schedules spread over years (beyond
 * the bitmap's directory), and changes applied one by one and in batches, so removals must restore a
 * unit that another entry still covers in part.
 */
@DisplayName("The occupancy bitmap keeps availability search exact at its edges")
class OccupancyEdgesTest {
  private static final long UNIT = 300;
  private static final List<Base> BASES = new ArrayList<>(OracleAgreementTest.BASES);

  static {
    // Thursdays: 00:00 UTC begins a week of both the index and the bitmap
    BASES.add(new Base(LocalDate.of(2026, 3, 5), ZoneOffset.UTC));
    BASES.add(new Base(LocalDate.of(2026, 10, 29), ZoneId.of("Europe/London")));
    BASES.add(new Base(LocalDate.of(2026, 10, 29), ZoneId.of("Asia/Kathmandu"))); // +05:45
  }

  /** Instants on a 5-minute grid over 48 hours, often moved off it by a second, half a unit or a nanosecond. */
  static Gen<Instant> edgeInstants(Base base) {
    Gen<Instant> grid = integers().between(0, 48 * 12 - 1).map(k -> base.origin().plusSeconds(UNIT * k));
    Gen<Long> nudges = Generate.pick(List.of(0L, 0L, 0L, 1L, -1L, 150L, 299L, 301L));
    Gen<Instant> nudged = grid.zip(nudges, Instant::plusSeconds);
    Gen<Instant> withNanos = nudged.map(t -> t.plusNanos(500_000_000L));
    Gen<Integer> weeks = Generate.pick(List.of(-120, -60, -1, 1, 53, 110));
    return OracleAgreementTest.weighted(
        OracleAgreementTest.w(12, nudged),
        OracleAgreementTest.w(1, withNanos),
        OracleAgreementTest.w(2, nudged.zip(weeks, (t, w) -> t.plus(Duration.ofDays(7L * w)))));
  }

  static Gen<Duration> edgeLengths() {
    return OracleAgreementTest.weighted(
        OracleAgreementTest.w(6, integers().between(1, 24).map(k -> Duration.ofSeconds(UNIT * k))),
        OracleAgreementTest.w(3, integers().between(1, 24).zip(Generate.pick(List.of(-1L, 1L, 120L)),
            (k, s) -> Duration.ofSeconds(UNIT * k + s))),
        OracleAgreementTest.w(1, integers().between(1, 299).map(s -> Duration.ofSeconds(s))),
        OracleAgreementTest.w(1, Generate.constant(Duration.ofMillis(2500))),
        OracleAgreementTest.w(1, integers().between(20, 36).map(Duration::ofHours)));
  }

  static Gen<Appointment> edgeAppointments(Gen<Instant> instants) {
    Gen<Integer> ids = integers().between(0, OracleAgreementTest.IDS - 1);
    Gen<Integer> clinicians = integers().between(0, OracleAgreementTest.CLINICIANS - 1);
    Gen<Duration> lengths = edgeLengths();
    Gen<AppointmentStatus> statuses = Generate.pick(List.of(AppointmentStatus.SCHEDULED, AppointmentStatus.SCHEDULED,
        AppointmentStatus.CONFIRMED, AppointmentStatus.PENDING, AppointmentStatus.CANCELLED));
    Gen<Boolean> probeIds = integers().between(0, 29).map(k -> k == 0);
    return in -> {
      int id = ids.generate(in);
      Instant start = instants.generate(in);
      // now and then an appointment holding the id a probe uses, which never blocks a probe
      AppointmentId appointmentId = probeIds.generate(in) ? SlotGrid.PROBE_ID : OracleAgreementTest.idOf(id);
      return Appointment.builder()
          .id(appointmentId)
          .source(SourceRef.of(SourceSystem.ZOCDOC, "ext-" + id))
          .clinicianId(OracleAgreementTest.clinicianOf(clinicians.generate(in)))
          .start(start)
          .end(start.plus(lengths.generate(in)))
          .status(statuses.generate(in))
          .build();
    };
  }

  static Gen<BusyBlock> edgeBusyBlocks(Base base, Gen<Instant> instants) {
    Gen<Integer> ids = integers().between(0, OracleAgreementTest.BUSY_IDS - 1);
    Gen<Integer> clinicians = integers().between(0, OracleAgreementTest.CLINICIANS - 1);
    Gen<Duration> lengths = edgeLengths();
    Gen<BusyBlock> timed = in -> {
      int id = ids.generate(in);
      int clin = clinicians.generate(in);
      Instant start = instants.generate(in);
      return BusyBlock.timed(OracleAgreementTest.busySource(id, "v1"), "cal-" + clin,
          OracleAgreementTest.clinicianOf(clin), start, start.plus(lengths.generate(in)));
    };
    return OracleAgreementTest.weighted(OracleAgreementTest.w(4, timed),
        OracleAgreementTest.w(1, OracleAgreementTest.busyBlocks(base, instants)));
  }

  static Gen<Scenario> scenarios() {
    Gen<Base> bases = Generate.pick(BASES);
    Gen<Config> configs = Generate.pick(List.of(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(450),
            Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofMillis(1500)))
        .zip(Generate.pick(List.of(Duration.ZERO, Duration.ofMinutes(15))),
            Generate.constant(Set.of(AppointmentStatus.PENDING, AppointmentStatus.SCHEDULED, AppointmentStatus.CONFIRMED)),
            Config::new);
    return in -> {
      Base base = bases.generate(in);
      Gen<Instant> instants = edgeInstants(base);
      Gen<Op> op = OracleAgreementTest.weighted(
          OracleAgreementTest.w(9, edgeAppointments(instants).<Op>map(Upsert::new)),
          OracleAgreementTest.w(4, integers().between(0, OracleAgreementTest.IDS - 1)
              .<Op>map(i -> new Remove(OracleAgreementTest.idOf(i)))),
          OracleAgreementTest.w(3, edgeBusyBlocks(base, instants).<Op>map(OracleAgreementTest.UpsertBusy::new)),
          OracleAgreementTest.w(1, integers().between(0, OracleAgreementTest.BUSY_IDS - 1)
              .<Op>map(i -> new OracleAgreementTest.RemoveBusy(OracleAgreementTest.busySource(i, "v9")))),
          OracleAgreementTest.w(2, OracleAgreementTest.clinicians(base)));
      return new Scenario(base, configs.generate(in), lists().of(op).ofSizeBetween(1, 60).generate(in));
    };
  }

  @Test
  @DisplayName("freeSlots, nextFree and isFree agree with check on 300 scenarios aimed at unit, day and week edges")
  void agreesWithCheckAtTheEdges() {
    PropertyChecks.forAll(300, in -> new Case(scenarios().generate(in), integers().allPositive().generate(in)),
        Case::describe, Case::smaller, AvailabilityOracleTest::run);
  }

  @Test
  @DisplayName("the same when runs of upserts and removals reach the engine as one batch")
  void agreesWithCheckAfterBatches() {
    PropertyChecks.forAll(200, in -> new Case(scenarios().generate(in), integers().allPositive().generate(in)),
        Case::describe, Case::smaller, OccupancyEdgesTest::runBatched);
  }

  /**
   * Like {@link AvailabilityOracleTest#run}, but each run of consecutive upserts and removals goes to
   * the engine in one {@code apply} (removals first, as {@code apply} orders them) and to the oracle
   * one by one in the same order.
   */
  static void runBatched(Case c) {
    Config cfg = c.scenario().config();
    ConflictEngine engine = ConflictEngine.builder()
        .blockingStatuses(cfg.blocking()).buffer(cfg.buffer()).duplicateTolerance(cfg.tolerance()).build();
    NaiveConflictEngine oracle = new NaiveConflictEngine(cfg.blocking(), cfg.buffer(), cfg.tolerance());
    SplittableRandom rnd = new SplittableRandom(c.querySeed());
    List<Op> ops = c.scenario().ops();
    int i = 0;
    while (i < ops.size()) {
      List<Appointment> upserts = new ArrayList<>();
      List<AppointmentId> removals = new ArrayList<>();
      int j = i;
      while (j < ops.size() && (ops.get(j) instanceof Upsert || ops.get(j) instanceof Remove)) {
        if (ops.get(j) instanceof Upsert u) {
          upserts.removeIf(a -> a.id().equals(u.appointment().id()));
          upserts.add(u.appointment());
        } else if (ops.get(j) instanceof Remove r) {
          removals.add(r.id());
        }
        j++;
      }
      if (j == i) {
        OracleAgreementTest.apply(engine, oracle, ops.get(i));
        i++;
        continue;
      }
      engine.apply(upserts, removals);
      removals.forEach(oracle::remove);
      upserts.forEach(oracle::upsert);
      i = j;
    }
    AvailabilityOracleTest.searches(engine, oracle, c.scenario().base(), rnd);
  }

  // ---------------------------------------------------------------- named cases

  private static final ClinicianId CLIN = ClinicianId.of("clin-edge");
  private static final Instant DAY = Instant.parse("2026-03-10T00:00:00Z");

  private static Appointment appt(String id, String from, String to) {
    return Appointment.builder().id(AppointmentId.of(id)).source(SourceRef.of(SourceSystem.ZOCDOC, "ext-" + id))
        .clinicianId(CLIN).start(Instant.parse(from)).end(Instant.parse(to)).status(AppointmentStatus.SCHEDULED).build();
  }

  private static TimeWindow window(String from, String to) {
    return new TimeWindow(Instant.parse(from), Instant.parse(to));
  }

  private static ConflictEngine engineAllDay(Duration buffer) {
    ConflictEngine engine = ConflictEngine.builder().buffer(buffer).build();
    engine.updateClinician(Clinician.of(CLIN, "Clinician", ZoneOffset.UTC,
        WeeklyAvailability.builder().on(EnumSet.allOf(DayOfWeek.class), LocalTimeRange.of("00:00", "12:00"),
            LocalTimeRange.of("12:00", "00:00")).build()));
    return engine;
  }

  @Test
  @DisplayName("a unit covered whole only by two neighbours becomes partly free when one of them is removed")
  void removalRestoresAUnitStillPartlyCovered() {
    ConflictEngine engine = engineAllDay(Duration.ZERO);
    // 10:05-10:10 is covered by a (to 10:07) and b (from 10:07) together
    engine.upsert(appt("a", "2026-03-10T10:00:00Z", "2026-03-10T10:07:00Z"));
    engine.upsert(appt("b", "2026-03-10T10:07:00Z", "2026-03-10T10:15:00Z"));
    assertThat(engine.isFree(CLIN, window("2026-03-10T10:05:00Z", "2026-03-10T10:06:00Z"))).isFalse();
    assertThat(engine.isFree(CLIN, window("2026-03-10T10:09:00Z", "2026-03-10T10:10:00Z"))).isFalse();

    engine.remove(AppointmentId.of("a"));
    assertThat(engine.isFree(CLIN, window("2026-03-10T10:05:00Z", "2026-03-10T10:07:00Z"))).isTrue();
    assertThat(engine.isFree(CLIN, window("2026-03-10T10:06:59Z", "2026-03-10T10:07:01Z"))).isFalse();
    assertThat(engine.freeSlots(CLIN, window("2026-03-10T10:00:00Z", "2026-03-10T10:20:00Z"),
        Duration.ofMinutes(2), Duration.ofMinutes(1)).windows())
        .extracting(TimeWindow::start)
        .containsExactly(Instant.parse("2026-03-10T10:00:00Z"), Instant.parse("2026-03-10T10:01:00Z"),
            Instant.parse("2026-03-10T10:02:00Z"), Instant.parse("2026-03-10T10:03:00Z"),
            Instant.parse("2026-03-10T10:04:00Z"), Instant.parse("2026-03-10T10:05:00Z"),
            Instant.parse("2026-03-10T10:15:00Z"), Instant.parse("2026-03-10T10:16:00Z"),
            Instant.parse("2026-03-10T10:17:00Z"), Instant.parse("2026-03-10T10:18:00Z"));

    engine.remove(AppointmentId.of("b"));
    assertThat(engine.isFree(CLIN, window("2026-03-10T10:00:00Z", "2026-03-10T10:20:00Z"))).isTrue();
  }

  @Test
  @DisplayName("a buffer that is not a whole unit reaches across midnight and the week's first unit, and no further")
  void bufferCrossesMidnightExactly() {
    // 2026-03-12 is a Thursday: 00:00 UTC begins a week of the index and of the bitmap
    ConflictEngine engine = engineAllDay(Duration.ofSeconds(450));
    engine.upsert(appt("late", "2026-03-11T23:50:00Z", "2026-03-11T23:58:20Z"));
    // blocked until 23:58:20 + 7:30 = 00:05:50
    assertThat(engine.isFree(CLIN, window("2026-03-12T00:05:49Z", "2026-03-12T00:10:00Z"))).isFalse();
    assertThat(engine.isFree(CLIN, window("2026-03-12T00:05:50Z", "2026-03-12T00:10:00Z"))).isTrue();
    assertThat(engine.nextFree(CLIN, Instant.parse("2026-03-11T23:40:00Z"), Duration.ofMinutes(5), Duration.ofMinutes(1),
        Duration.ofHours(2)))
        .contains(window("2026-03-12T00:06:00Z", "2026-03-12T00:11:00Z"));
    engine.remove(AppointmentId.of("late"));
    assertThat(engine.isFree(CLIN, window("2026-03-11T23:50:00Z", "2026-03-12T00:10:00Z"))).isTrue();
  }

  @Test
  @DisplayName("a fall-back day of 300 units and a spring-forward day of 276 are searched unit by unit like any other")
  void dstDaysHaveMoreAndFewerUnits() {
    ZoneId ny = ZoneId.of("America/New_York");
    for (LocalDate date : List.of(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 3, 8))) {
      ConflictEngine engine = ConflictEngine.builder().build();
      NaiveConflictEngine oracle = new NaiveConflictEngine(
          Set.of(AppointmentStatus.PENDING, AppointmentStatus.SCHEDULED, AppointmentStatus.CONFIRMED),
          Duration.ZERO, Duration.ZERO);
      Clinician c = Clinician.of(CLIN, "Clinician", ny,
          WeeklyAvailability.builder().on(EnumSet.allOf(DayOfWeek.class), LocalTimeRange.of("00:00", "12:00"),
            LocalTimeRange.of("12:00", "00:00")).build());
      engine.updateClinician(c);
      oracle.updateClinician(c);
      Instant midnight = date.atStartOfDay(ny).toInstant();
      Instant next = date.plusDays(1).atStartOfDay(ny).toInstant();
      long units = Duration.between(midnight, next).getSeconds() / UNIT;
      assertThat(units).isEqualTo(date.getMonthValue() == 11 ? 300 : 276);
      // every other unit of the day busy, one second short at alternate ends
      for (int k = 0; k < units; k += 2) {
        Instant s = midnight.plusSeconds(UNIT * k + (k % 4 == 0 ? 1 : 0));
        Appointment a = Appointment.builder().id(AppointmentId.of("u" + k)).source(SourceRef.of(SourceSystem.ZOCDOC, "u" + k))
            .clinicianId(CLIN).start(s).end(midnight.plusSeconds(UNIT * (k + 1) - (k % 4 == 2 ? 1 : 0)))
            .status(AppointmentStatus.SCHEDULED).build();
        engine.upsert(a);
        oracle.upsert(a);
      }
      TimeWindow day = new TimeWindow(midnight, next);
      for (Duration step : List.of(Duration.ofMinutes(5), Duration.ofSeconds(150))) {
        assertThat(engine.freeSlots(CLIN, day, Duration.ofMinutes(5), step).windows())
            .as("%s every %s", date, step)
            .containsExactlyElementsOf(SlotGrid.freeSlotsByCheck(oracle, CLIN, ny, day, Duration.ofMinutes(5), step).windows());
        assertThat(engine.freeSlots(CLIN, day, Duration.ofMinutes(1), step).windows())
            .containsExactlyElementsOf(SlotGrid.freeSlotsByCheck(oracle, CLIN, ny, day, Duration.ofMinutes(1), step).windows());
      }
    }
  }
}
