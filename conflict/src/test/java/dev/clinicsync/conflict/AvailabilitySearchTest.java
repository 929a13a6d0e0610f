package dev.clinicsync.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.ValidationException;
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
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Availability search")
class AvailabilitySearchTest {
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final ZoneId LORD_HOWE = ZoneId.of("Australia/Lord_Howe");
  static final ClinicianId LEE = ClinicianId.of("dr-lee");
  static final Duration MIN30 = Duration.ofMinutes(30);

  static Clinician clinician(ZoneId zone, WeeklyAvailability hours) {
    return Clinician.of(LEE, "Dr. Lee", zone, hours);
  }

  static WeeklyAvailability everyDay(String from, String to) {
    return WeeklyAvailability.builder().on(EnumSet.allOf(DayOfWeek.class), LocalTimeRange.of(from, to)).build();
  }

  static Appointment booked(String id, ZonedDateTime start, Duration length) {
    return Appointment.builder().id(AppointmentId.of(id)).source(SourceRef.of(SourceSystem.ZOCDOC, "z-" + id))
        .clinicianId(LEE).patient(PatientRef.of("patient-token-aaaaaaaa")).start(start.toInstant())
        .end(start.toInstant().plus(length)).status(AppointmentStatus.SCHEDULED).build();
  }

  /** The slots' local starts, with the offset, as a receptionist would read them. */
  static List<String> local(FreeSlots slots, ZoneId zone) {
    return slots.windows().stream()
        .map(w -> w.start().atZone(zone).toOffsetDateTime().toLocalTime() + w.start().atZone(zone).getOffset().getId())
        .collect(Collectors.toList());
  }

  @Test
  @DisplayName("skips the wall-clock times a spring-forward gap removes")
  void springForward() {
    ConflictEngine engine = ConflictEngine.builder().build();
    engine.updateClinician(clinician(NEW_YORK, everyDay("00:00", "04:00")));
    LocalDate day = LocalDate.of(2026, 3, 8);
    FreeSlots slots = engine.freeSlots(LEE, TimeWindow.ofLocalDays(day, day.plusDays(1), NEW_YORK), MIN30, MIN30);
    // 00:00-04:00 local is three real hours today: 01:30 runs to 03:00 local, 03:30 is the last
    assertThat(local(slots, NEW_YORK)).containsExactly(
        "00:00-05:00", "00:30-05:00", "01:00-05:00", "01:30-05:00", "03:00-04:00", "03:30-04:00");
  }

  @Test
  @DisplayName("offers the wall-clock times a fall-back overlap repeats, once per offset")
  void fallBack() {
    ConflictEngine engine = ConflictEngine.builder().build();
    engine.updateClinician(clinician(NEW_YORK, everyDay("00:00", "03:00")));
    LocalDate day = LocalDate.of(2026, 11, 1);
    FreeSlots slots = engine.freeSlots(LEE, TimeWindow.ofLocalDays(day, day.plusDays(1), NEW_YORK), MIN30, MIN30);
    assertThat(local(slots, NEW_YORK)).containsExactly(
        "00:00-04:00", "00:30-04:00", "01:00-04:00", "01:30-04:00", "01:00-05:00", "01:30-05:00", "02:00-05:00",
        "02:30-05:00");
  }

  @Test
  @DisplayName("follows a half-hour DST change (Lord Howe) on a 15-minute grid")
  void halfHourDst() {
    ConflictEngine engine = ConflictEngine.builder().build();
    engine.updateClinician(clinician(LORD_HOWE, everyDay("01:00", "03:30")));
    LocalDate day = LocalDate.of(2026, 10, 4); // 02:00 becomes 02:30
    FreeSlots slots = engine.freeSlots(LEE, TimeWindow.ofLocalDays(day, day.plusDays(1), LORD_HOWE), MIN30,
        Duration.ofMinutes(15));
    assertThat(local(slots, LORD_HOWE)).containsExactly(
        "01:00+10:30", "01:15+10:30", "01:30+10:30", "01:45+10:30", "02:30+11:00", "02:45+11:00", "03:00+11:00");
  }

  @Test
  @DisplayName("fits slots between zero-gap neighbours only where the buffer allows, and nextFree finds the first")
  void buffersAndNextFree() {
    ConflictEngine engine = ConflictEngine.builder().bufferMinutes(10).build();
    engine.updateClinician(clinician(NEW_YORK, WeeklyAvailability.builder()
        .weekdays(LocalTimeRange.of("09:00", "12:00")).build()));
    ZonedDateTime nine = ZonedDateTime.of(LocalDateTime.of(2026, 3, 9, 9, 0), NEW_YORK);
    engine.upsert(booked("a1", nine, Duration.ofMinutes(50)));
    engine.upsert(booked("a2", nine.plusMinutes(50), Duration.ofMinutes(50))); // zero gap: 09:50-10:40
    TimeWindow morning = new TimeWindow(nine.toInstant(), nine.plusHours(3).toInstant());
    FreeSlots slots = engine.freeSlots(LEE, morning, Duration.ofMinutes(50), Duration.ofMinutes(15));
    // 10:40 + 10 minutes of buffer: 10:50 is too early for a 15-minute grid; 11:00 is free, 11:15 would end after 12:00
    assertThat(local(slots, NEW_YORK)).containsExactly("11:00-04:00");
    assertThat(engine.nextFree(LEE, nine.toInstant(), Duration.ofMinutes(50), Duration.ofMinutes(15), Duration.ofDays(1)))
        .contains(slots.window(0));
    assertThat(engine.nextFree(LEE, nine.toInstant(), Duration.ofMinutes(50), Duration.ofDays(1)))
        .as("on the 5-minute grid").contains(TimeWindow.of(nine.plusMinutes(110).toInstant(), Duration.ofMinutes(50)));
    assertThat(engine.isFree(LEE, TimeWindow.of(nine.plusMinutes(110).toInstant(), Duration.ofMinutes(50)))).isTrue();
    assertThat(engine.isFree(LEE, TimeWindow.of(nine.plusMinutes(105).toInstant(), Duration.ofMinutes(50)))).isFalse();
  }

  @Test
  @DisplayName("treats an all-day busy block and whole-day time off as blocking every slot of those days")
  void allDayBlocks() {
    ConflictEngine engine = ConflictEngine.builder().build();
    LocalDate monday = LocalDate.of(2026, 3, 9);
    engine.updateClinician(clinician(NEW_YORK, WeeklyAvailability.builder()
        .weekdays(LocalTimeRange.of("09:00", "17:00"))
        .exception(AvailabilityException.timeOff("conference", monday.plusDays(1), monday.plusDays(1), "CME"))
        .build()));
    engine.upsertBusyBlock(BusyBlock.allDay(SourceRef.of(SourceSystem.GOOGLE, "evt-1"), "personal", LEE,
        new BusyBlock.DateSpan(monday, monday.plusDays(1)), NEW_YORK));
    TimeWindow week = TimeWindow.ofLocalDays(monday, monday.plusDays(7), NEW_YORK);
    FreeSlots slots = engine.freeSlots(LEE, week, Duration.ofHours(1), Duration.ofHours(1));
    assertThat(slots.windows()).extracting(w -> w.start().atZone(NEW_YORK).toLocalDate()).containsOnly(
        monday.plusDays(2), monday.plusDays(3), monday.plusDays(4));
    assertThat(slots.size()).isEqualTo(3 * 8);
    assertThat(engine.nextFree(LEE, week.start(), Duration.ofHours(1), Duration.ofDays(7)))
        .map(w -> w.start().atZone(NEW_YORK).toLocalDateTime())
        .contains(LocalDateTime.of(monday.plusDays(2), LocalTime.of(9, 0)));
    assertThat(engine.nextFree(LEE, week.start(), Duration.ofHours(1), Duration.ofHours(30))).isEmpty();
  }

  @Test
  @DisplayName("answers odd-minute appointments and hours ending inside a five-minute unit as check does, slot by slot")
  void oddMinuteEdges() {
    LocalDate monday = LocalDate.of(2026, 3, 9);
    for (String end : List.of("13:00", "12:52")) { // 12:52 ends inside a unit: the exact working spans decide
      ConflictEngine engine = ConflictEngine.builder().bufferMinutes(5).build();
      engine.updateClinician(clinician(NEW_YORK, WeeklyAvailability.builder()
          .weekdays(LocalTimeRange.of("09:00", end)).build()));
      ZonedDateTime nine = ZonedDateTime.of(monday.atTime(9, 0), NEW_YORK);
      for (int day = 0; day < 5; day++) { // the same morning moved a little each day: other word boundaries
        ZonedDateTime at = nine.plusDays(day);
        engine.upsert(booked("a1-" + day, at.plusMinutes(3), Duration.ofMinutes(38))); // 09:03-09:41, partial units
        engine.upsert(booked("a2-" + day, at.plusMinutes(97 + 9 * day).plusSeconds(20), Duration.ofMinutes(53)));
      }
      TimeWindow week = TimeWindow.ofLocalDays(monday, monday.plusDays(7), NEW_YORK);
      for (Duration step : List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15))) {
        FreeSlots fast = engine.freeSlots(LEE, week, MIN30, step);
        assertThat(fast).as("hours to %s, %s grid", end, step)
            .isEqualTo(SlotGrid.freeSlotsByCheck(engine, LEE, NEW_YORK, week, MIN30, step));
        assertThat(fast.isEmpty()).isFalse();
      }
      // Monday: 09:41 + 5 minutes of buffer → 09:46 on the minute grid; the next one must end by 10:32:20
      // (10:37:20 less the buffer)
      FreeSlots monday1 = engine.freeSlots(LEE, TimeWindow.ofLocalDays(monday, monday.plusDays(1), NEW_YORK), MIN30,
          Duration.ofMinutes(1));
      assertThat(monday1.start(0)).isEqualTo(nine.plusMinutes(46).toInstant());
      assertThat(monday1.containsStart(nine.plusMinutes(62).toEpochSecond())).isTrue();
      assertThat(monday1.containsStart(nine.plusMinutes(63).toEpochSecond())).isFalse();
    }
  }

  @Test
  @DisplayName("answers a location's clinicians in one call, each as if asked alone, in the order given")
  void severalClinicians() {
    ConflictEngine engine = ConflictEngine.builder().build();
    ClinicianId kim = ClinicianId.of("dr-kim");
    ClinicianId unknown = ClinicianId.of("dr-nobody");
    engine.updateClinician(clinician(NEW_YORK, everyDay("09:00", "12:00")));
    engine.updateClinician(Clinician.of(kim, "Dr. Kim", LORD_HOWE, everyDay("13:00", "17:00")));
    LocalDate monday = LocalDate.of(2026, 3, 9);
    engine.upsert(booked("a1", ZonedDateTime.of(monday.atTime(10, 7), NEW_YORK), Duration.ofMinutes(53)));
    TimeWindow week = TimeWindow.ofLocalDays(monday, monday.plusDays(7), NEW_YORK);
    List<ClinicianId> asked = List.of(kim, LEE, unknown, LEE);
    List<FreeSlots> answers = engine.freeSlots(asked, week, MIN30, Duration.ofMinutes(15));
    assertThat(answers).hasSize(4);
    for (int i = 0; i < asked.size(); i++) {
      assertThat(answers.get(i)).as("answer %d, for %s", i, asked.get(i))
          .isEqualTo(engine.freeSlots(asked.get(i), week, MIN30, Duration.ofMinutes(15)));
    }
    assertThat(answers.get(1).size()).isLessThan(answers.get(2).size()); // the unregistered one: any time, UTC grid
    assertThat(engine.freeSlots(List.of(), week, MIN30, MIN30)).isEmpty();
    java.util.ArrayList<ClinicianId> withNull = new java.util.ArrayList<>(List.of(LEE));
    withNull.add(null);
    assertThatThrownBy(() -> engine.freeSlots(withNull, week, MIN30, MIN30))
        .isInstanceOf(ValidationException.class).hasMessageContaining("clinician");
    assertThatThrownBy(() -> engine.freeSlots(asked, TimeWindow.of(week.start(), Duration.ofDays(400)), MIN30, MIN30))
        .isInstanceOf(ValidationException.class).hasMessageContaining("366 days");
  }

  @Test
  @DisplayName("keeps the engine's own slot arrays private: the factory behind them is installed once")
  void engineArraysStayPrivate() {
    ConflictEngine engine = ConflictEngine.builder().build();
    engine.updateClinician(clinician(NEW_YORK, everyDay("09:00", "10:00")));
    TimeWindow day = TimeWindow.ofLocalDays(LocalDate.of(2026, 3, 9), LocalDate.of(2026, 3, 10), NEW_YORK);
    FreeSlots slots = engine.freeSlots(LEE, day, MIN30, MIN30);
    slots.startsEpochSeconds()[0] = 0;
    assertThat(slots).isEqualTo(FreeSlots.of(slots.startsEpochSeconds(), MIN30));
    assertThat(local(slots, NEW_YORK)).containsExactly("09:00-04:00", "09:30-04:00");
    assertThatThrownBy(() -> dev.clinicsync.conflict.internal.FreeSlotsAccess.install((s, d) -> FreeSlots.none(MIN30)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("refuses lengths, steps, windows and horizons out of range, naming what without the value")
  void validation() {
    ConflictEngine engine = ConflictEngine.builder().build();
    TimeWindow day = TimeWindow.of(Instant.parse("2026-03-09T00:00:00Z"), Duration.ofDays(1));
    assertThatThrownBy(() -> engine.freeSlots(LEE, day, MIN30, Duration.ofSeconds(30)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("slot step");
    assertThatThrownBy(() -> engine.freeSlots(LEE, day, Duration.ofMinutes(30).plusNanos(1), MIN30))
        .isInstanceOf(ValidationException.class).hasMessageContaining("slot duration");
    assertThatThrownBy(() -> engine.freeSlots(LEE, TimeWindow.of(day.start(), Duration.ofDays(400)), MIN30, MIN30))
        .isInstanceOf(ValidationException.class).hasMessageContaining("366 days");
    assertThatThrownBy(() -> engine.nextFree(LEE, day.start(), MIN30, Duration.ZERO))
        .isInstanceOf(ValidationException.class).hasMessageContaining("horizon");
    assertThat(engine.freeSlots(LEE, TimeWindow.of(day.start(), Duration.ofMinutes(20)), MIN30, MIN30).isEmpty()).isTrue();
  }

  @Test
  @DisplayName("hands back slots as an immutable primitive form whose text names times only")
  void compactForm() {
    FreeSlots slots = FreeSlots.of(new long[] {1_800_000_000L, 1_800_001_800L}, MIN30);
    long[] copy = slots.startsEpochSeconds();
    copy[0] = 0;
    assertThat(slots.startEpochSecond(0)).isEqualTo(1_800_000_000L);
    assertThat(slots.containsStart(1_800_001_800L)).isTrue();
    assertThat(slots.windows()).hasSize(2);
    assertThatThrownBy(() -> slots.windows().add(slots.window(0))).isInstanceOf(UnsupportedOperationException.class);
    assertThat(slots.toString()).isEqualTo("FreeSlots[2 of PT30M, first 2027-01-15T08:00:00Z, last 2027-01-15T08:30:00Z]");
    assertThatThrownBy(() -> FreeSlots.of(new long[] {2, 1}, MIN30)).isInstanceOf(ValidationException.class);
    assertThat(FreeSlots.none(MIN30)).isEqualTo(FreeSlots.of(new long[0], MIN30));
  }

  @Test
  @DisplayName("ignores an indexed appointment only if it bears the reserved probe id, as check does")
  void probeId() {
    ConflictEngine engine = ConflictEngine.builder().build();
    ZonedDateTime nine = ZonedDateTime.of(LocalDateTime.of(2026, 3, 9, 9, 0), NEW_YORK);
    TimeWindow slot = TimeWindow.of(nine.toInstant(), MIN30);
    engine.upsert(booked("ordinary", nine, MIN30));
    assertThat(engine.isFree(LEE, slot)).isFalse();
    assertThat(engine.remove(AppointmentId.of("ordinary"))).isTrue();
    engine.upsert(booked(SlotGrid.PROBE_ID.value(), nine, MIN30));
    boolean byCheck = !engine.check(SlotGrid.probe(LEE, slot)).hasConflicts();
    assertThat(byCheck).isTrue();
    assertThat(engine.isFree(LEE, slot)).isEqualTo(byCheck);
    assertThat(engine.freeSlots(LEE, slot, MIN30, MIN30).size()).isEqualTo(1);
  }
}
