package dev.clinicsync.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AvailabilityException;
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
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Working hours are compiled once per (shared availability, UTC week) into cached spans and unit
 * masks. These cases ask the searches, fill the cache, change what it was compiled from, and ask
 * again: every answer must still be the answer of {@code check}, candidate by candidate (the naive
 * engine fed the same changes is the oracle), in weeks spanning DST changes with odd offsets.
 */
@DisplayName("Cached working hours stay exact when availability changes")
class WorkingHoursCacheTest {
  static final ClinicianId LEE = ClinicianId.of("c-lee");
  static final ClinicianId PARK = ClinicianId.of("c-park");
  static final List<Duration> DURATIONS = List.of(Duration.ofMinutes(50), Duration.ofMinutes(30),
      Duration.ofMinutes(7), Duration.ofMinutes(90));
  static final List<Duration> STEPS = List.of(Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofMinutes(7),
      Duration.ofMinutes(45));

  static WeeklyAvailability splitShift() {
    return WeeklyAvailability.builder()
        .weekdays(LocalTimeRange.of("08:07", "12:53"), LocalTimeRange.of("13:30", "17:00"))
        .on(DayOfWeek.SATURDAY, LocalTimeRange.of("22:00", "02:00"))
        .build();
  }

  static WeeklyAvailability edited(LocalDate monday) {
    return WeeklyAvailability.builder()
        .on(EnumSet.allOf(DayOfWeek.class), LocalTimeRange.of("01:15", "11:40"))
        .on(DayOfWeek.WEDNESDAY, LocalTimeRange.of("13:02", "23:59"))
        .exception(AvailabilityException.timeOff("off-tue", monday.plusDays(1), LocalTimeRange.of("02:10", "09:35"), ""))
        .exception(AvailabilityException.timeOff("off-thu", monday.plusDays(3), monday.plusDays(3), ""))
        .exception(AvailabilityException.extraHours("extra-sun", monday.plusDays(6), LocalTimeRange.of("19:00", "21:31"), ""))
        .build();
  }

  /** Both engines, fed the same changes. */
  record Pair(ConflictEngine engine, NaiveConflictEngine oracle) {
    static Pair create() {
      return new Pair(ConflictEngine.builder().build(), NaiveConflictEngine.defaults());
    }

    void clinician(Clinician c) {
      engine.updateClinician(c);
      oracle.updateClinician(c);
    }

    void appointment(String id, ClinicianId c, Instant start, Duration length) {
      Appointment a = Appointment.builder().id(AppointmentId.of(id)).source(SourceRef.of(SourceSystem.KAREO, id))
          .clinicianId(c).start(start).end(start.plus(length)).build();
      engine.upsert(a);
      oracle.upsert(a);
    }

    void busy(String id, ClinicianId c, Instant start, Duration length) {
      BusyBlock b = BusyBlock.timed(SourceRef.of(SourceSystem.GOOGLE, id), "personal", c, start, start.plus(length));
      engine.upsertBusyBlock(b);
      oracle.upsertBusyBlock(b);
    }

    /** Every search of one clinician over one window agrees with check. */
    void agree(ClinicianId c, ZoneId zone, TimeWindow window, long seed) {
      SplittableRandom rnd = new SplittableRandom(seed);
      for (Duration d : DURATIONS) {
        for (Duration step : STEPS) {
          assertThat(engine.freeSlots(c, window, d, step).windows())
              .as("freeSlots of %s in %s, %s every %s (%s)", c, window, d, step, zone)
              .containsExactlyElementsOf(SlotGrid.freeSlotsByCheck(oracle, c, zone, window, d, step).windows());
        }
        Instant from = window.start().plusSeconds(rnd.nextInt(6 * 86_400));
        Duration horizon = Duration.ofHours(1 + rnd.nextInt(48));
        assertThat(engine.nextFree(c, from, d, STEPS.get(0), horizon)).as("nextFree of %s from %s", c, from)
            .isEqualTo(SlotGrid.nextFreeByCheck(oracle, c, zone, from, d, STEPS.get(0), horizon));
      }
      for (int j = 0; j < 400; j++) {
        Instant start = window.start().plusSeconds(60L * rnd.nextInt(7 * 24 * 60));
        if (j % 3 == 0) {
          start = start.plusSeconds(rnd.nextInt(300));
        }
        TimeWindow w = TimeWindow.of(start, Duration.ofMinutes(1 + rnd.nextInt(120)));
        assertThat(engine.isFree(c, w)).as("isFree of %s at %s (%s)", c, w, zone)
            .isEqualTo(!oracle.check(SlotGrid.probe(c, w)).hasConflicts());
      }
    }
  }

  /** A week of appointments and busy blocks at odd times around {@code monday}. */
  static void schedule(Pair p, ClinicianId c, ZoneId zone, LocalDate monday, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Instant base = monday.atStartOfDay(zone).toInstant();
    for (int i = 0; i < 40; i++) {
      Instant start = base.plusSeconds(60L * rnd.nextInt(7 * 24 * 60));
      if (i % 2 == 0) {
        p.appointment(c.value() + "-a" + i, c, start, Duration.ofMinutes(10 + rnd.nextInt(80)));
      } else {
        p.busy(c.value() + "-b" + i, c, start, Duration.ofMinutes(5 + rnd.nextInt(60)));
      }
    }
  }

  static TimeWindow week(ZoneId zone, LocalDate monday) {
    Instant start = monday.atStartOfDay(zone).toInstant().minus(Duration.ofHours(13));
    return TimeWindow.of(start, Duration.ofDays(8));
  }

  @Test
  @DisplayName("a clinician's new working hours replace the cached ones between two searches")
  void availabilityChangesBetweenCalls() {
    ZoneId zone = ZoneId.of("America/New_York");
    LocalDate monday = LocalDate.of(2026, 11, 2); // the week after the fall-back Sunday, and that Sunday
    Pair p = Pair.create();
    p.clinician(Clinician.of(LEE, "Lee", zone, splitShift()));
    schedule(p, LEE, zone, monday, 1);
    TimeWindow window = week(zone, monday);
    p.agree(LEE, zone, window, 11);
    p.clinician(Clinician.of(LEE, "Lee", zone, edited(monday)));
    p.agree(LEE, zone, window, 12);
    p.clinician(Clinician.of(LEE, "Lee", zone, splitShift()));
    p.agree(LEE, zone, window, 13);
    // the same hours in another zone: another compiled form, other weeks' instants
    ZoneId kathmandu = ZoneId.of("Asia/Kathmandu");
    p.clinician(Clinician.of(LEE, "Lee", kathmandu, splitShift()));
    p.agree(LEE, kathmandu, week(kathmandu, monday), 14);
  }

  @Test
  @DisplayName("editing one of two clinicians who share one availability leaves the other's hours alone")
  void sharedAvailabilityEditedForOne() {
    ZoneId zone = ZoneId.of("Europe/London");
    LocalDate monday = LocalDate.of(2026, 3, 23); // DST starts on its Sunday, 29 March
    WeeklyAvailability shared = splitShift();
    Pair p = Pair.create();
    p.clinician(Clinician.of(LEE, "Lee", zone, shared));
    p.clinician(Clinician.of(PARK, "Park", zone, shared));
    schedule(p, LEE, zone, monday, 2);
    schedule(p, PARK, zone, monday, 3);
    TimeWindow window = week(zone, monday);
    p.agree(LEE, zone, window, 21);
    p.agree(PARK, zone, window, 22);
    p.clinician(Clinician.of(PARK, "Park", zone, edited(monday)));
    p.agree(LEE, zone, window, 23);
    p.agree(PARK, zone, window, 24);
    // an equal value, not the same object: it shares the compiled form again
    p.clinician(Clinician.of(PARK, "Park", zone, splitShift()));
    p.agree(PARK, zone, window, 25);
    p.agree(LEE, zone, window, 26);
  }

  @Test
  @DisplayName("weeks spanning DST changes with odd offsets: Lord Howe's 30 minutes, Kathmandu +05:45, Chatham +12:45")
  void oddOffsetsAndDst() {
    record Week(ZoneId zone, LocalDate monday) {}
    List<Week> weeks = List.of(
        new Week(ZoneId.of("Australia/Lord_Howe"), LocalDate.of(2026, 3, 30)), // back to +10:30 on 5 April
        new Week(ZoneId.of("Australia/Lord_Howe"), LocalDate.of(2026, 9, 28)), // +11:00 from 4 October
        new Week(ZoneId.of("Asia/Kathmandu"), LocalDate.of(2026, 6, 1)),
        new Week(ZoneId.of("Pacific/Chatham"), LocalDate.of(2026, 3, 30)), // +13:45 to +12:45 on 5 April
        new Week(ZoneId.of("Pacific/Chatham"), LocalDate.of(2026, 9, 21))); // +13:45 from 27 September
    long seed = 100;
    for (Week w : weeks) {
      for (WeeklyAvailability hours : List.of(splitShift(), edited(w.monday()))) {
        Pair p = Pair.create();
        p.clinician(Clinician.of(LEE, "Lee", w.zone(), hours));
        schedule(p, LEE, w.zone(), w.monday(), seed++);
        p.agree(LEE, w.zone(), week(w.zone(), w.monday()), seed++);
      }
    }
  }
}
