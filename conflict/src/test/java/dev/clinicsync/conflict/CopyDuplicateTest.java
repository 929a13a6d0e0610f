package dev.clinicsync.conflict;

import static dev.clinicsync.conflict.ConflictKind.DUPLICATE;
import static dev.clinicsync.conflict.ConflictKind.EXTERNAL_BUSY;
import static dev.clinicsync.conflict.ConflictKind.OVERLAP;
import static dev.clinicsync.conflict.testkit.assertions.ConflictAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
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
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A SimplePractice session that SimplePractice's own calendar sync copied into the therapist's
 * Google calendar arrives twice: as the appointment and as a busy block marked
 * {@code copyOf=simplepractice}. The pair is one visit (a linked DUPLICATE), never a conflict; any
 * other combination still conflicts, and the copy blocks time for everything else.
 */
@DisplayName("A busy block copied by a practice system's own calendar sync")
class CopyDuplicateTest {
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final ClinicianId LEE = ClinicianId.of("dr-lee");

  private int seq;

  static Instant local(String isoLocal) {
    return LocalDateTime.parse(isoLocal).atZone(NEW_YORK).toInstant();
  }

  Appointment session(SourceSystem system, Instant start, Instant end) {
    seq++;
    return Appointment.builder()
        .source(SourceRef.of(system, "sp-appt-" + (48_213 + seq)))
        .clinicianId(LEE)
        .patient(PatientRef.of("pt_" + String.format("%016x", 0x7f3a9c2e41b8d6e0L + seq)))
        .start(start)
        .end(end)
        .status(AppointmentStatus.SCHEDULED)
        .build();
  }

  Appointment session(String localStart, String localEnd) {
    return session(SourceSystem.SIMPLEPRACTICE, local(localStart), local(localEnd));
  }

  /** A Google event at these instants, as read from a calendar receiving {@code copyOf}'s sync (null: an ordinary calendar). */
  BusyBlock googleEvent(Instant start, Instant end, SourceSystem copyOf) {
    seq++;
    BusyBlock b = BusyBlock.timed(SourceRef.of(SourceSystem.GOOGLE, "5r2k8q0v1n3m" + seq + "_20260302T150000Z", "\"3391" + seq + "\""),
        "lee.therapy@gmail.com", LEE, start, end);
    return copyOf == null ? b : b.asCopyOf(copyOf);
  }

  BusyBlock copy(String localStart, String localEnd) {
    return googleEvent(local(localStart), local(localEnd), SourceSystem.SIMPLEPRACTICE);
  }

  static ConflictEngine engine() {
    ConflictEngine engine = ConflictEngine.builder().build();
    engine.updateClinician(Clinician.of(LEE, "Dr Lee", NEW_YORK,
        WeeklyAvailability.builder().on(EnumSet.allOf(DayOfWeek.class), LocalTimeRange.of("00:00", "23:59")).build()));
    return engine;
  }

  @Test
  @DisplayName("at exactly the session's times is the same visit: a linked DUPLICATE naming the block, not a conflict with it")
  void exactCopyIsLinked() {
    ConflictEngine engine = engine();
    Appointment s = session("2026-03-02T10:00", "2026-03-02T10:50");
    BusyBlock copy = copy("2026-03-02T10:00", "2026-03-02T10:50");
    engine.upsert(s);
    engine.upsertBusyBlock(copy);
    ConflictReport report = engine.check(s);
    assertThat(report).hasExactlyConflicts(DUPLICATE);
    assertThat(report).hasConflict(DUPLICATE).withBusyBlock(copy.source()).fromCalendar("lee.therapy@gmail.com")
        .withWindow(copy.window());
    assertThat(report.ofKind(EXTERNAL_BUSY)).isEmpty();
    assertThat(engine.conflictIds(s, 10)).isEqualTo(ConflictIds.NONE);
    assertThat(engine.scan(TimeWindow.of(local("2026-03-02T00:00"), Duration.ofDays(1))).pairCount()).isZero();
  }

  @Test
  @DisplayName("still conflicts without the rule's every condition: moved in one system, of another system, unmarked")
  void nonMatchingCopiesConflict() {
    ConflictEngine engine = engine();
    Appointment s = session("2026-03-02T10:00", "2026-03-02T10:50");
    engine.upsert(s);
    BusyBlock moved = copy("2026-03-02T10:15", "2026-03-02T11:05");
    BusyBlock longer = copy("2026-03-02T10:00", "2026-03-02T10:51");
    BusyBlock ofKareo = googleEvent(local("2026-03-02T10:00"), local("2026-03-02T10:50"), SourceSystem.KAREO);
    BusyBlock unmarked = googleEvent(local("2026-03-02T10:00"), local("2026-03-02T10:50"), null);
    for (BusyBlock b : List.of(moved, longer, ofKareo, unmarked)) {
      engine.upsertBusyBlock(b);
      assertThat(engine.check(s)).as("%s", b.copyOf()).hasExactlyConflicts(EXTERNAL_BUSY)
          .hasConflict(EXTERNAL_BUSY).withBusyBlock(b.source());
      engine.removeBusyBlock(b.source());
    }
    // a Zocdoc booking at the copy's times is not SimplePractice's session: the copy is busy time
    engine.upsertBusyBlock(copy("2026-03-02T14:00", "2026-03-02T14:50"));
    Appointment zocdoc = session(SourceSystem.ZOCDOC, local("2026-03-02T14:00"), local("2026-03-02T14:50"));
    assertThat(engine.check(zocdoc)).hasExactlyConflicts(EXTERNAL_BUSY);
  }

  @Test
  @DisplayName("matches within the engine's duplicate tolerance and no further")
  void tolerance() {
    ConflictEngine engine = ConflictEngine.builder().duplicateTolerance(Duration.ofMinutes(5)).build();
    Appointment s = session("2026-03-02T10:00", "2026-03-02T10:50");
    engine.upsert(s);
    BusyBlock near = copy("2026-03-02T10:05", "2026-03-02T10:45");
    engine.upsertBusyBlock(near);
    assertThat(engine.check(s)).hasExactlyConflicts(DUPLICATE);
    engine.removeBusyBlock(near.source());
    engine.upsertBusyBlock(copy("2026-03-02T10:06", "2026-03-02T10:50"));
    assertThat(engine.check(s)).hasExactlyConflicts(EXTERNAL_BUSY);
  }

  @Test
  @DisplayName("on the spring-forward day matches by instants: the same two hours link, a wall-clock misreading conflicts")
  void springForward() {
    ConflictEngine engine = engine();
    // 01:30 EST to 04:30 EDT on 8 March 2026 is two hours
    Appointment s = session("2026-03-08T01:30", "2026-03-08T04:30");
    engine.upsert(s);
    BusyBlock copy = googleEvent(Instant.parse("2026-03-08T06:30:00Z"), Instant.parse("2026-03-08T08:30:00Z"),
        SourceSystem.SIMPLEPRACTICE);
    engine.upsertBusyBlock(copy);
    assertThat(engine.check(s)).hasExactlyConflicts(DUPLICATE);
    engine.removeBusyBlock(copy.source());
    // a copy written as three wall-clock hours in a fixed offset is not the same visit
    BusyBlock threeHours = googleEvent(LocalDateTime.parse("2026-03-08T01:30").toInstant(ZoneOffset.ofHours(-5)),
        LocalDateTime.parse("2026-03-08T04:30").toInstant(ZoneOffset.ofHours(-5)), SourceSystem.SIMPLEPRACTICE);
    engine.upsertBusyBlock(threeHours);
    assertThat(engine.check(s)).hasExactlyConflicts(EXTERNAL_BUSY);
  }

  @Test
  @DisplayName("on the fall-back day tells the two 01:30s apart: the copy of the first is not the second")
  void fallBack() {
    ConflictEngine engine = engine();
    Instant firstHalfPastOne = Instant.parse("2026-11-01T05:30:00Z"); // 01:30 EDT
    Instant secondHalfPastOne = Instant.parse("2026-11-01T06:30:00Z"); // 01:30 EST
    Appointment first = session(SourceSystem.SIMPLEPRACTICE, firstHalfPastOne, firstHalfPastOne.plus(Duration.ofMinutes(45)));
    Appointment second = session(SourceSystem.SIMPLEPRACTICE, secondHalfPastOne, secondHalfPastOne.plus(Duration.ofMinutes(45)));
    engine.upsert(first);
    engine.upsert(second);
    BusyBlock copyOfFirst = googleEvent(firstHalfPastOne, firstHalfPastOne.plus(Duration.ofMinutes(45)), SourceSystem.SIMPLEPRACTICE);
    engine.upsertBusyBlock(copyOfFirst);
    assertThat(engine.check(first)).hasExactlyConflicts(DUPLICATE);
    assertThat(engine.check(second)).hasNoConflicts();
  }

  @Test
  @DisplayName("with zero-gap neighbours links each session to its own copy only, and touches no neighbour")
  void zeroGapNeighbours() {
    ConflictEngine engine = engine();
    Appointment nine = session("2026-03-02T09:10", "2026-03-02T10:00");
    Appointment ten = session("2026-03-02T10:00", "2026-03-02T10:50");
    Appointment eleven = session(SourceSystem.ZOCDOC, local("2026-03-02T10:50"), local("2026-03-02T11:40"));
    engine.upsert(nine);
    engine.upsert(ten);
    engine.upsert(eleven);
    BusyBlock copyNine = copy("2026-03-02T09:10", "2026-03-02T10:00");
    BusyBlock copyTen = copy("2026-03-02T10:00", "2026-03-02T10:50");
    engine.upsertBusyBlock(copyNine);
    engine.upsertBusyBlock(copyTen);
    assertThat(engine.check(nine)).hasExactlyConflicts(DUPLICATE).hasConflict(DUPLICATE).withBusyBlock(copyNine.source());
    assertThat(engine.check(ten)).hasExactlyConflicts(DUPLICATE).hasConflict(DUPLICATE).withBusyBlock(copyTen.source());
    assertThat(engine.check(eleven)).hasNoConflicts();
    assertThat(engine.isFree(LEE, TimeWindow.of(local("2026-03-02T10:50"), local("2026-03-02T11:00")))).isFalse();
    assertThat(engine.isFree(LEE, TimeWindow.of(local("2026-03-02T11:40"), local("2026-03-02T12:00")))).isTrue();
  }

  @Test
  @DisplayName("blocks time for every other check: a probe over the session is busy, with the session or without it")
  void copyStillBlocks() {
    ConflictEngine engine = engine();
    Appointment s = session("2026-03-02T10:00", "2026-03-02T10:50");
    engine.upsert(s);
    engine.upsertBusyBlock(copy("2026-03-02T10:00", "2026-03-02T10:50"));
    TimeWindow day = TimeWindow.of(local("2026-03-02T08:00"), local("2026-03-02T13:00"));
    agree(engine, day);
    // another system double-books the session: an overlap with the session and the copy's busy time
    Appointment zocdoc = session(SourceSystem.ZOCDOC, local("2026-03-02T10:30"), local("2026-03-02T11:00"));
    assertThat(engine.check(zocdoc)).hasExactlyConflicts(OVERLAP, EXTERNAL_BUSY);
    // cancelled in SimplePractice before its sync removed the copy: the copy alone still blocks
    Appointment cancelled = s.toBuilder().status(AppointmentStatus.CANCELLED).build();
    engine.upsert(cancelled);
    assertThat(engine.check(cancelled)).hasNoConflicts();
    // rebooked at the same time through Zocdoc: the copy is busy time for it, not its duplicate
    assertThat(engine.check(session(SourceSystem.ZOCDOC, s.start(), s.end()))).hasExactlyConflicts(EXTERNAL_BUSY);
    assertThat(engine.isFree(LEE, s.window())).isFalse();
    agree(engine, day);
    FreeSlots free = engine.freeSlots(LEE, day, Duration.ofMinutes(50), Duration.ofMinutes(10));
    assertThat(free.windows()).noneMatch(w -> w.overlaps(s.start(), s.end()));
  }

  /** isFree, check of a probe and freeSlots agree on every 10-minute slot of the window. */
  private static void agree(ConflictEngine engine, TimeWindow window) {
    Duration len = Duration.ofMinutes(50);
    List<TimeWindow> free = engine.freeSlots(LEE, window, len, Duration.ofMinutes(10)).windows();
    for (Instant t = window.start(); !t.plus(len).isAfter(window.end()); t = t.plus(Duration.ofMinutes(10))) {
      TimeWindow slot = TimeWindow.of(t, len);
      boolean byCheck = !engine.check(SlotGrid.probe(LEE, slot)).hasConflicts();
      assertThat(engine.isFree(LEE, slot)).as("isFree %s", slot).isEqualTo(byCheck);
      assertThat(free.contains(slot)).as("freeSlots %s", slot).isEqualTo(byCheck);
    }
    assertThat(engine.isFree(LEE, TimeWindow.of(local("2026-03-02T10:00"), local("2026-03-02T10:50")))).isFalse();
  }

  @Test
  @DisplayName("as an all-day block never matches a timed session: it stays busy time")
  void allDayCopy() {
    ConflictEngine engine = engine();
    Appointment s = session("2026-03-03T10:00", "2026-03-03T10:50");
    engine.upsert(s);
    BusyBlock allDay = BusyBlock.allDay(SourceRef.of(SourceSystem.GOOGLE, "0ab1cd2ef3"), "lee.therapy@gmail.com", LEE,
        new BusyBlock.DateSpan(LocalDate.of(2026, 3, 3), LocalDate.of(2026, 3, 4)), NEW_YORK)
        .asCopyOf(SourceSystem.SIMPLEPRACTICE);
    engine.upsertBusyBlock(allDay);
    assertThat(engine.check(s)).hasExactlyConflicts(EXTERNAL_BUSY);
  }
}
