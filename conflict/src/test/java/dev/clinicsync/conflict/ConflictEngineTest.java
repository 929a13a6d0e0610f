package dev.clinicsync.conflict;

import static dev.clinicsync.conflict.ConflictKind.BUFFER;
import static dev.clinicsync.conflict.ConflictKind.DUPLICATE;
import static dev.clinicsync.conflict.ConflictKind.EXTERNAL_BUSY;
import static dev.clinicsync.conflict.ConflictKind.OUTSIDE_AVAILABILITY;
import static dev.clinicsync.conflict.ConflictKind.OVERLAP;
import static dev.clinicsync.conflict.ConflictKind.TIME_OFF;
import static dev.clinicsync.conflict.testkit.assertions.ConflictAssertions.assertThat;
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
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The conflict engine")
class ConflictEngineTest {
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final ClinicianId LEE = ClinicianId.of("dr-lee");
  static final PatientRef PAT = PatientRef.of("patient-token-0001");

  private int seq;

  Appointment appt(String localStart, String localEnd) {
    return appt(LEE, localStart, localEnd, AppointmentStatus.SCHEDULED, SourceSystem.ZOCDOC);
  }

  Appointment appt(ClinicianId who, String localStart, String localEnd, AppointmentStatus status, SourceSystem system) {
    seq++;
    return Appointment.builder()
        .source(SourceRef.of(system, "ext-" + seq))
        .clinicianId(who)
        .patient(PatientRef.of("patient-token-" + String.format("%04d", 1000 + seq)))
        .start(local(localStart))
        .end(local(localEnd))
        .status(status)
        .build();
  }

  static Instant local(String isoLocal) {
    return LocalDateTime.parse(isoLocal).atZone(NEW_YORK).toInstant();
  }

  /** The report on a proposal for Dr Lee between these local times. */
  ConflictReport checkAt(ConflictEngine engine, String localStart, String localEnd) {
    return engine.check(appt(localStart, localEnd));
  }

  static Clinician lee(WeeklyAvailability availability) {
    return Clinician.of(LEE, "Dr Lee", NEW_YORK, availability);
  }

  static WeeklyAvailability everyDay(LocalTimeRange... ranges) {
    return WeeklyAvailability.builder().on(EnumSet.allOf(DayOfWeek.class), ranges).build();
  }

  @Nested
  @DisplayName("reports overlaps")
  class Overlaps {
    @Test
    @DisplayName("with the other appointment's id and source")
    void overlapWithProvenance() {
      ConflictEngine engine = ConflictEngine.builder().build();
      Appointment existing = appt("2026-03-02T09:00", "2026-03-02T10:00");
      engine.upsert(existing);
      assertThat(checkAt(engine, "2026-03-02T09:30", "2026-03-02T10:30"))
          .hasConflicts(1)
          .hasConflict(OVERLAP).with(existing.id()).withWindow(existing.window())
          .withProvenance(new Provenance.OtherAppointment(existing.id(), existing.source(), AppointmentStatus.SCHEDULED));
    }

    @Test
    @DisplayName("but back-to-back appointments are fine")
    void backToBack() {
      ConflictEngine engine = ConflictEngine.builder().build();
      engine.upsert(appt("2026-03-02T09:00", "2026-03-02T10:00"));
      engine.upsert(appt("2026-03-02T11:00", "2026-03-02T12:00"));
      assertThat(checkAt(engine, "2026-03-02T10:00", "2026-03-02T11:00")).hasNoConflicts();
    }

    @Test
    @DisplayName("in a crowded week of several hundred appointments")
    void crowdedWeek() {
      ConflictEngine engine = ConflictEngine.builder().build();
      List<Appointment> all = new ArrayList<>();
      for (int day = 2; day <= 15; day++) {
        for (int slot = 0; slot < 70; slot++) {
          LocalDateTime start = LocalDateTime.of(2026, 3, day, 8, 0).plusMinutes(10L * slot);
          Appointment a = appt(start.toString(), start.plusMinutes(10).toString());
          all.add(a);
          engine.upsert(a);
        }
      }
      for (int i = 0; i < all.size(); i += 7) {
        Appointment a = all.get(i);
        assertThat(checkAt(engine, a.start().plusSeconds(60).atZone(NEW_YORK).toLocalDateTime().toString(),
            a.end().minusSeconds(60).atZone(NEW_YORK).toLocalDateTime().toString())).hasConflictsWithExactly(a.id());
      }
    }

    @Test
    @DisplayName("down to one second at either end, also from the day before")
    void oneSecondOverlaps() {
      ConflictEngine engine = ConflictEngine.builder().build();
      Appointment morning = appt("2026-03-02T09:00", "2026-03-02T10:00");
      Appointment night = appt("2026-03-03T23:00", "2026-03-04T01:00");
      engine.upsert(morning);
      engine.upsert(night);
      assertThat(checkAt(engine, "2026-03-02T09:59:59", "2026-03-02T10:30")).hasConflictsWithExactly(morning.id());
      assertThat(checkAt(engine, "2026-03-02T08:30", "2026-03-02T09:00:01")).hasConflictsWithExactly(morning.id());
      assertThat(checkAt(engine, "2026-03-04T00:59:59", "2026-03-04T02:00")).hasConflictsWithExactly(night.id());
      assertThat(checkAt(engine, "2026-03-04T01:00", "2026-03-04T02:00")).hasNoConflicts();
    }

    @Test
    @DisplayName("and moving an appointment never conflicts with itself")
    void moveIsNotSelfConflict() {
      ConflictEngine engine = ConflictEngine.builder().build();
      Appointment a = appt("2026-03-02T09:00", "2026-03-02T10:00");
      engine.upsert(a);
      Appointment moved = a.toBuilder().start(local("2026-03-02T09:30")).end(local("2026-03-02T10:30")).build();
      assertThat(engine.check(moved)).hasNoConflicts();
      assertThat(engine.check(a)).hasNoConflicts();
      engine.upsert(moved);
      assertThat(engine.size()).isEqualTo(1);
    }

    @Test
    @DisplayName("of appointments that cross midnight, and long ones")
    void crossingMidnightAndLong() {
      ConflictEngine engine = ConflictEngine.builder().build();
      Appointment night = appt("2026-03-02T23:00", "2026-03-03T01:00");
      Appointment retreat = appt("2026-03-04T08:00", "2026-03-06T18:00");
      engine.upsert(night);
      engine.upsert(retreat);
      assertThat(checkAt(engine, "2026-03-03T00:30", "2026-03-03T00:45")).hasConflictsWithExactly(night.id());
      assertThat(checkAt(engine, "2026-03-05T12:00", "2026-03-05T13:00")).hasConflictsWithExactly(retreat.id());
    }

    @Test
    @DisplayName("only of blocking statuses: PENDING, SCHEDULED and CONFIRMED by default")
    void statuses() {
      ConflictEngine engine = ConflictEngine.builder().build();
      for (AppointmentStatus s : AppointmentStatus.values()) {
        engine.upsert(appt(LEE, "2026-03-02T09:00", "2026-03-02T10:00", s, SourceSystem.ZOCDOC));
      }
      assertThat(checkAt(engine, "2026-03-02T09:00", "2026-03-02T10:00").conflicts())
          .extracting(c -> ((Provenance.OtherAppointment) c.provenance()).status())
          .containsExactlyInAnyOrder(AppointmentStatus.PENDING, AppointmentStatus.SCHEDULED, AppointmentStatus.CONFIRMED);
      assertThat(engine.check(appt(LEE, "2026-03-02T09:00", "2026-03-02T10:00", AppointmentStatus.CANCELLED,
          SourceSystem.ZOCDOC))).as("a cancelled proposal blocks nothing").hasNoConflicts();
    }

    @Test
    @DisplayName("with configurable blocking statuses, never CANCELLED or NO_SHOW")
    void configurableStatuses() {
      ConflictEngine engine = ConflictEngine.builder()
          .blockingStatuses(Set.of(AppointmentStatus.CONFIRMED, AppointmentStatus.COMPLETED)).build();
      engine.upsert(appt(LEE, "2026-03-02T09:00", "2026-03-02T10:00", AppointmentStatus.PENDING, SourceSystem.ZOCDOC));
      Appointment done = appt(LEE, "2026-03-02T09:00", "2026-03-02T10:00", AppointmentStatus.COMPLETED, SourceSystem.ZOCDOC);
      engine.upsert(done);
      assertThat(engine.check(appt(LEE, "2026-03-02T09:00", "2026-03-02T09:30", AppointmentStatus.CONFIRMED,
          SourceSystem.KAREO))).hasConflictsWithExactly(done.id());
      assertThatThrownBy(() -> ConflictEngine.builder().blockingStatuses(Set.of(AppointmentStatus.CANCELLED)))
          .isInstanceOf(ValidationException.class).hasMessageContaining("never block");
    }

    @Test
    @DisplayName("and cancelling removes the block")
    void cancelUnblocks() {
      ConflictEngine engine = ConflictEngine.builder().build();
      Appointment a = appt("2026-03-02T09:00", "2026-03-02T10:00");
      engine.upsert(a);
      engine.upsert(a.toBuilder().status(AppointmentStatus.CANCELLED).build());
      assertThat(checkAt(engine, "2026-03-02T09:00", "2026-03-02T10:00")).hasNoConflicts();
      assertThat(engine.size()).isZero();
      assertThat(engine.remove(a.id())).isFalse();
    }
  }

  @Nested
  @DisplayName("judges working hours on the local wall clock")
  class WorkingHours {
    @Test
    @DisplayName("so 09:00–17:00 holds on both DST transition days")
    void nineToFiveOnDstDays() {
      ConflictEngine engine = ConflictEngine.builder().build();
      engine.updateClinician(lee(everyDay(LocalTimeRange.of("09:00", "17:00"))));
      for (String day : List.of("2026-03-08", "2026-11-01")) {
        assertThat(checkAt(engine, day + "T09:00", day + "T17:00")).as(day).hasNoConflicts();
        assertThat(checkAt(engine, day + "T08:59", day + "T10:00")).as(day).hasConflict(OUTSIDE_AVAILABILITY).once();
        assertThat(checkAt(engine, day + "T16:00", day + "T17:01")).as(day).hasConflict(OUTSIDE_AVAILABILITY).once();
      }
    }

    @Test
    @DisplayName("so a 22:00–06:00 night rule covers a 7-hour and a 9-hour night")
    void nightRuleOnDstNights() {
      ConflictEngine engine = ConflictEngine.builder().build();
      engine.updateClinician(lee(everyDay(LocalTimeRange.of("22:00", "06:00"))));
      Appointment shortNight = appt("2026-03-07T22:00", "2026-03-08T06:00");
      Appointment longNight = appt("2026-10-31T22:00", "2026-11-01T06:00");
      assertThat(shortNight.window().length()).isEqualTo(Duration.ofHours(7));
      assertThat(longNight.window().length()).isEqualTo(Duration.ofHours(9));
      assertThat(engine.check(shortNight)).hasNoConflicts();
      assertThat(engine.check(longNight)).hasNoConflicts();
      // one minute more on either night is outside
      assertThat(checkAt(engine, "2026-03-07T22:00", "2026-03-08T06:01")).hasConflict(OUTSIDE_AVAILABILITY).once();
      assertThat(checkAt(engine, "2026-10-31T21:59", "2026-11-01T06:00")).hasConflict(OUTSIDE_AVAILABILITY).once();
    }

    @Test
    @DisplayName("each instant by its own offset when an appointment spans a DST change")
    void offsetChangesInsideTheAppointment() {
      ConflictEngine engine = ConflictEngine.builder().build();
      engine.updateClinician(lee(everyDay(LocalTimeRange.of("22:00", "06:00"))));
      // 00:30 EDT to 05:45 EST: 6h15 of real time, ends at 05:45 local, inside the night rule
      Appointment a = Appointment.builder().source(SourceRef.of(SourceSystem.ZOCDOC, "x")).clinicianId(LEE)
          .start(Instant.parse("2026-11-01T04:30:00Z")).end(Instant.parse("2026-11-01T10:45:00Z")).build();
      assertThat(engine.check(a)).hasNoConflicts();
      Appointment b = a.toBuilder().end(Instant.parse("2026-11-01T11:15:00Z")).build(); // 06:15 EST
      assertThat(engine.check(b)).hasConflict(OUTSIDE_AVAILABILITY).once();
    }

    @Test
    @DisplayName("naming the rule of the day in the report")
    void outsideNamesTheRule() {
      ConflictEngine engine = ConflictEngine.builder().build();
      WeeklyAvailability split = WeeklyAvailability.builder()
          .weekdays(LocalTimeRange.of("09:00", "12:00"), LocalTimeRange.of("13:00", "17:00")).build();
      engine.updateClinician(lee(split));
      Appointment lunch = appt("2026-03-02T11:30", "2026-03-02T12:30");
      assertThat(engine.check(lunch))
          .hasConflicts(1)
          .hasConflict(OUTSIDE_AVAILABILITY).withWindow(lunch.window())
          .withProvenance(new Provenance.WorkingHours(NEW_YORK, LocalDate.of(2026, 3, 2),
              List.of(LocalTimeRange.of("09:00", "12:00"), LocalTimeRange.of("13:00", "17:00"))));
      Appointment saturday = appt("2026-03-07T10:00", "2026-03-07T11:00");
      assertThat(((Provenance.WorkingHours) engine.check(saturday).conflicts().get(0).provenance()).weeklyRanges()).isEmpty();
    }

    @Test
    @DisplayName("with time off reported as TIME_OFF and extra hours honoured")
    void exceptions() {
      ConflictEngine engine = ConflictEngine.builder().build();
      WeeklyAvailability hours = WeeklyAvailability.builder().weekdays(LocalTimeRange.of("09:00", "17:00"))
          .exception(AvailabilityException.timeOff("cme", LocalDate.of(2026, 3, 3), LocalDate.of(2026, 3, 4), "CME"))
          .exception(AvailabilityException.timeOff("dentist", LocalDate.of(2026, 3, 2), LocalTimeRange.of("10:00", "11:00"), ""))
          .exception(AvailabilityException.extraHours("late", LocalDate.of(2026, 3, 5), LocalTimeRange.of("17:00", "20:00"), ""))
          .build();
      engine.updateClinician(lee(hours));
      assertThat(checkAt(engine, "2026-03-02T10:30", "2026-03-02T11:30"))
          .hasConflicts(1).hasConflict(TIME_OFF).withProvenance(new Provenance.TimeOff("dentist", ""));
      assertThat(checkAt(engine, "2026-03-02T11:00", "2026-03-02T12:00")).hasNoConflicts();
      assertThat(checkAt(engine, "2026-03-04T09:00", "2026-03-04T10:00"))
          .hasConflicts(1).hasConflict(TIME_OFF).withProvenance(new Provenance.TimeOff("cme", "CME"));
      assertThat(checkAt(engine, "2026-03-05T18:00", "2026-03-05T20:00")).hasNoConflicts();
      assertThat(checkAt(engine, "2026-03-06T18:00", "2026-03-06T20:00")).hasConflict(OUTSIDE_AVAILABILITY).once();
    }

    @Test
    @DisplayName("but has no opinion on clinicians it was never told about")
    void unknownClinician() {
      ConflictEngine engine = ConflictEngine.builder().build();
      assertThat(checkAt(engine, "2026-03-07T03:00", "2026-03-07T04:00")).hasNoConflicts();
      assertThat(engine.knowsClinician(LEE)).isFalse();
    }
  }

  @Nested
  @DisplayName("reports external busy blocks")
  class Busy {
    @Test
    @DisplayName("with their source calendar")
    void timedBlock() {
      ConflictEngine engine = ConflictEngine.builder().build();
      BusyBlock gym = BusyBlock.timed(SourceRef.of(SourceSystem.GOOGLE, "evt-1", "etag1"), "lee@example.org", LEE,
          local("2026-03-02T12:00"), local("2026-03-02T13:00"));
      engine.upsertBusyBlock(gym);
      assertThat(checkAt(engine, "2026-03-02T12:30", "2026-03-02T13:30"))
          .hasConflicts(1)
          .hasConflict(EXTERNAL_BUSY).withBusyBlock(gym.source()).fromCalendar("lee@example.org").withWindow(gym.window());
      assertThat(checkAt(engine, "2026-03-02T13:00", "2026-03-02T13:30")).hasNoConflicts();
      assertThat(engine.removeBusyBlock(SourceRef.of(SourceSystem.GOOGLE, "evt-1", "etag2"))).isTrue();
      assertThat(checkAt(engine, "2026-03-02T12:30", "2026-03-02T13:30")).hasNoConflicts();
    }

    @Test
    @DisplayName("all-day ones covering the clinician's local day, whatever zone they came in")
    void allDayBlock() {
      ConflictEngine engine = ConflictEngine.builder().build();
      engine.updateClinician(lee(everyDay(LocalTimeRange.of("00:00", "23:59"))));
      BusyBlock.DateSpan march3 = new BusyBlock.DateSpan(LocalDate.of(2026, 3, 3), LocalDate.of(2026, 3, 4));
      BusyBlock off = BusyBlock.allDay(SourceRef.of(SourceSystem.GOOGLE, "evt-2"), "personal", LEE, march3,
          ZoneId.of("Asia/Tokyo"));
      engine.upsertBusyBlock(off);
      assertThat(checkAt(engine, "2026-03-03T00:00", "2026-03-03T00:30"))
          .hasConflict(EXTERNAL_BUSY).once().withWindow(march3.in(NEW_YORK));
      assertThat(checkAt(engine, "2026-03-03T23:00", "2026-03-03T23:30")).hasConflict(EXTERNAL_BUSY).once();
      assertThat(checkAt(engine, "2026-03-02T23:00", "2026-03-02T23:30")).hasNoConflict(EXTERNAL_BUSY);
      assertThat(checkAt(engine, "2026-03-04T00:00", "2026-03-04T00:30")).hasNoConflict(EXTERNAL_BUSY);
      // the clinician moves to Los Angeles: the block follows their local day
      ZoneId la = ZoneId.of("America/Los_Angeles");
      engine.updateClinician(Clinician.of(LEE, "Dr Lee", la, everyDay(LocalTimeRange.of("00:00", "23:59"))));
      Appointment lateInNy = Appointment.builder().source(SourceRef.of(SourceSystem.ZOCDOC, "late")).clinicianId(LEE)
          .start(LocalDateTime.parse("2026-03-03T23:30").atZone(la).toInstant()).end(LocalDateTime.parse("2026-03-03T23:45").atZone(la).toInstant()).build();
      assertThat(engine.check(lateInNy)).hasConflict(EXTERNAL_BUSY).once();
    }
  }

  @Nested
  @DisplayName("with buffers and duplicates")
  class BuffersAndDuplicates {
    @Test
    @DisplayName("reports neighbours closer than the buffer as BUFFER")
    void buffer() {
      ConflictEngine engine = ConflictEngine.builder().bufferMinutes(10).build();
      Appointment before = appt("2026-03-02T09:00", "2026-03-02T10:00");
      engine.upsert(before);
      assertThat(checkAt(engine, "2026-03-02T10:05", "2026-03-02T11:00")).hasExactlyConflicts(BUFFER);
      assertThat(checkAt(engine, "2026-03-02T10:10", "2026-03-02T11:00")).hasNoConflicts();
      assertThat(checkAt(engine, "2026-03-02T08:00", "2026-03-02T08:55")).hasExactlyConflicts(BUFFER);
      assertThat(checkAt(engine, "2026-03-02T09:30", "2026-03-02T10:30")).hasExactlyConflicts(OVERLAP);
    }

    @Test
    @DisplayName("reports the same visit from another source as DUPLICATE, not OVERLAP")
    void duplicates() {
      ConflictEngine engine = ConflictEngine.builder().duplicateTolerance(Duration.ofMinutes(5)).build();
      Appointment zocdoc = appt("2026-03-02T09:00", "2026-03-02T10:00").toBuilder().patient(PAT).build();
      engine.upsert(zocdoc);
      Appointment sp = appt(LEE, "2026-03-02T09:05", "2026-03-02T10:00", AppointmentStatus.SCHEDULED,
          SourceSystem.SIMPLEPRACTICE).toBuilder().patient(PAT).build();
      assertThat(engine.check(sp)).hasExactlyConflicts(DUPLICATE);
      // same source system: a real double booking
      Appointment again = appt("2026-03-02T09:00", "2026-03-02T10:00").toBuilder().patient(PAT).build();
      assertThat(engine.check(again)).hasExactlyConflicts(OVERLAP);
      // another patient: an overlap
      Appointment other = appt(LEE, "2026-03-02T09:00", "2026-03-02T10:00", AppointmentStatus.SCHEDULED, SourceSystem.KAREO);
      assertThat(engine.check(other)).hasExactlyConflicts(OVERLAP);
      // beyond the tolerance: an overlap
      Appointment late = appt(LEE, "2026-03-02T09:06", "2026-03-02T10:00", AppointmentStatus.SCHEDULED,
          SourceSystem.KAREO).toBuilder().patient(PAT).build();
      assertThat(engine.check(late)).hasExactlyConflicts(OVERLAP);
    }
  }

  @Nested
  @DisplayName("scans a window")
  class Scans {
    @Test
    @DisplayName("for every conflicting pair, grouped by clinician, each pair once")
    void scan() {
      ConflictEngine engine = ConflictEngine.builder().build();
      ClinicianId kim = ClinicianId.of("dr-kim");
      Appointment a = appt("2026-03-02T09:00", "2026-03-02T10:00");
      Appointment b = appt("2026-03-02T09:30", "2026-03-02T10:30");
      Appointment c = appt("2026-03-02T09:45", "2026-03-02T09:50");
      Appointment d = appt(kim, "2026-03-02T09:00", "2026-03-02T10:00", AppointmentStatus.CONFIRMED, SourceSystem.KAREO);
      Appointment e = appt(kim, "2026-03-02T10:00", "2026-03-02T11:00", AppointmentStatus.CONFIRMED, SourceSystem.KAREO);
      for (Appointment x : List.of(a, b, c, d, e)) {
        engine.upsert(x);
      }
      ScanReport r = engine.scan(TimeWindow.ofLocalDays(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 3), NEW_YORK));
      assertThat(r).hasOnlyClinicians(LEE).hasExactlyPairsFor(LEE,
          ConflictPair.of(OVERLAP, a, b), ConflictPair.of(OVERLAP, a, c), ConflictPair.of(OVERLAP, b, c));
      assertThat(engine.scan(TimeWindow.of(local("2026-03-03T00:00"), Duration.ofDays(1)))).hasNoPairs();
    }
  }

  @Test
  @DisplayName("never puts PHI into conflict reports")
  void noPhiInReports() {
    ConflictEngine engine = ConflictEngine.builder().build();
    Appointment a = appt("2026-03-02T09:00", "2026-03-02T10:00").toBuilder().patient(PAT).build();
    engine.upsert(a);
    assertThat(a).hasNoPhiIn(checkAt(engine, "2026-03-02T09:00", "2026-03-02T10:00"),
        engine.scan(TimeWindow.of(a.start(), Duration.ofDays(1))));
  }

  @Test
  @DisplayName("keeps sub-second times exact")
  void subSecond() {
    ConflictEngine engine = ConflictEngine.builder().build();
    Instant t = Instant.parse("2026-03-02T14:00:00.500Z");
    Appointment a = Appointment.builder().id(AppointmentId.of("a")).source(SourceRef.of(SourceSystem.ZOCDOC, "a"))
        .clinicianId(LEE).start(t.minusSeconds(3600)).end(t).build();
    engine.upsert(a);
    Appointment next = Appointment.builder().source(SourceRef.of(SourceSystem.ZOCDOC, "b")).clinicianId(LEE)
        .start(t).end(t.plusSeconds(60)).build();
    assertThat(engine.check(next)).hasNoConflicts();
    assertThat(engine.check(next.toBuilder().start(t.minusNanos(1)).build())).hasConflicts();
  }
}
