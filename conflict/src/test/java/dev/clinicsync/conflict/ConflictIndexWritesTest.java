package dev.clinicsync.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The conflict index's write paths seen from outside (issue #22): whatever is removed, moved,
 * cancelled or replaced, every other appointment keeps blocking exactly its own time.
 */
@DisplayName("The conflict engine's writes")
class ConflictIndexWritesTest {
  private static final ClinicianId LEE = ClinicianId.of("dr-lee");
  private static final ClinicianId KIM = ClinicianId.of("dr-kim");
  private static final Instant MONDAY = Instant.parse("2026-03-02T13:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);

  private static Appointment appt(String id, ClinicianId who, Instant start, Duration length) {
    return Appointment.builder().id(AppointmentId.of(id)).source(SourceRef.of(SourceSystem.ZOCDOC, id))
        .clinicianId(who).start(start).end(start.plus(length)).build();
  }

  /** The ids of the appointments a proposal for Dr Lee over {@code [start, start + length)} conflicts with. */
  private static Set<String> blockers(ConflictEngine engine, Instant start, Duration length) {
    return engine.check(appt("proposal", LEE, start, length)).conflicts().stream()
        .map(c -> c.otherAppointment().orElseThrow().value()).collect(Collectors.toSet());
  }

  /** Asserts that {@code a} blocks its first and last second for Dr Lee, and nothing just outside. */
  private static void assertBlocksExactly(ConflictEngine engine, Appointment a) {
    Duration second = Duration.ofSeconds(1);
    assertThat(blockers(engine, a.start(), second)).as("%s's first second", a.id()).contains(a.id().value());
    assertThat(blockers(engine, a.end().minus(second), second)).as("%s's last second", a.id()).contains(a.id().value());
    assertThat(blockers(engine, a.start().minus(second), second)).as("before %s", a.id()).doesNotContain(a.id().value());
    assertThat(blockers(engine, a.end(), second)).as("after %s", a.id()).doesNotContain(a.id().value());
  }

  @ParameterizedTest(name = "removed {0}")
  @ValueSource(strings = {"single", "batch"})
  @DisplayName("removing an appointment leaves the multi-day appointments beside it blocking all of their time")
  void longNeighboursSurviveARemoval(String how) {
    ConflictEngine engine = ConflictEngine.builder().build();
    List<Appointment> retreats = List.of(
        appt("retreat-1", LEE, MONDAY, Duration.ofHours(50)),
        appt("retreat-2", LEE, MONDAY.plus(Duration.ofDays(3)), Duration.ofHours(60)),
        appt("retreat-3", LEE, MONDAY.plus(Duration.ofDays(6)), Duration.ofHours(40)),
        appt("retreat-4", LEE, MONDAY.plus(Duration.ofDays(9)), Duration.ofHours(30)));
    engine.apply(retreats, List.of());
    Appointment removed = retreats.get(1);
    if (how.equals("single")) {
      assertThat(engine.remove(removed.id())).isTrue();
    } else {
      engine.apply(List.of(), List.of(removed.id(), AppointmentId.of("never-booked")));
    }
    assertThat(blockers(engine, removed.start().plus(HOUR), HOUR)).as("the removed one's time is free").isEmpty();
    for (Appointment a : List.of(retreats.get(0), retreats.get(2), retreats.get(3))) {
      assertBlocksExactly(engine, a);
    }
    assertThat(engine.size()).isEqualTo(3);
  }

  @Test
  @DisplayName("removing a short appointment leaves the others of its week and its neighbours' weeks blocking their time")
  void shortNeighboursSurviveARemoval() {
    ConflictEngine engine = ConflictEngine.builder().build();
    List<Appointment> week = List.of(
        appt("a", LEE, MONDAY, HOUR), appt("b", LEE, MONDAY.plus(HOUR), HOUR),
        appt("c", LEE, MONDAY.plus(Duration.ofDays(1)), HOUR), appt("d", LEE, MONDAY.plus(Duration.ofDays(8)), HOUR),
        appt("e", LEE, MONDAY.plus(Duration.ofDays(15)), HOUR));
    for (Appointment a : week) {
      engine.upsert(a);
    }
    List<String> removed = new java.util.ArrayList<>();
    for (String gone : List.of("b", "e", "a")) {
      assertThat(engine.remove(AppointmentId.of(gone))).isTrue();
      assertThat(engine.remove(AppointmentId.of(gone))).as("already removed").isFalse();
      removed.add(gone);
      for (Appointment a : week) {
        assertThat(blockers(engine, a.start(), HOUR).contains(a.id().value()))
            .as("%s blocks its time after removing %s", a.id(), removed).isEqualTo(!removed.contains(a.id().value()));
      }
    }
    assertBlocksExactly(engine, week.get(2));
    assertBlocksExactly(engine, week.get(3));
  }

  @Test
  @DisplayName("moving an appointment, within its week, across weeks, between short and long, leaves only its new time blocked")
  void moves() {
    ConflictEngine engine = ConflictEngine.builder().build();
    Appointment neighbour = appt("neighbour", LEE, MONDAY.plus(Duration.ofHours(3)), HOUR);
    Appointment a = appt("mover", LEE, MONDAY, HOUR);
    engine.upsert(neighbour);
    engine.upsert(a);
    for (Appointment moved : List.of(
        a.toBuilder().start(MONDAY.plus(Duration.ofHours(5))).end(MONDAY.plus(Duration.ofHours(6))).build(),
        a.toBuilder().start(MONDAY.plus(Duration.ofDays(9))).end(MONDAY.plus(Duration.ofDays(9)).plus(HOUR)).build(),
        a.toBuilder().start(MONDAY.plus(Duration.ofDays(20))).end(MONDAY.plus(Duration.ofDays(23))).build(),
        a.toBuilder().start(MONDAY.plus(Duration.ofDays(1))).end(MONDAY.plus(Duration.ofDays(1)).plus(HOUR)).build())) {
      Appointment before = a;
      engine.upsert(moved);
      a = moved;
      assertThat(blockers(engine, before.start(), Duration.ofSeconds(1))).as("old time of %s", before.window())
          .doesNotContain("mover");
      assertBlocksExactly(engine, moved);
      assertBlocksExactly(engine, neighbour);
      assertThat(engine.size()).isEqualTo(2);
    }
  }

  @Test
  @DisplayName("an appointment moved to another clinician no longer blocks the first one's time")
  void movedToAnotherClinician() {
    ConflictEngine engine = ConflictEngine.builder().build();
    Appointment a = appt("mover", LEE, MONDAY, HOUR);
    engine.upsert(a);
    engine.upsert(a.toBuilder().clinicianId(KIM).build());
    assertThat(blockers(engine, MONDAY, HOUR)).isEmpty();
    assertThat(engine.check(appt("probe", KIM, MONDAY, HOUR)).conflicts()).hasSize(1);
    engine.apply(List.of(a), List.of()); // and back, in a batch of one
    engine.apply(List.of(a, appt("other", KIM, MONDAY.plus(Duration.ofDays(2)), HOUR)), List.of());
    assertThat(engine.check(appt("probe", KIM, MONDAY, HOUR)).conflicts()).isEmpty();
    assertThat(blockers(engine, MONDAY, HOUR)).containsExactly("mover");
  }

  @Test
  @DisplayName("an appointment cancelled, singly or in a batch, stops blocking; upserting it again blocks again")
  void cancellations() {
    ConflictEngine engine = ConflictEngine.builder().build();
    Appointment a = appt("a", LEE, MONDAY, HOUR);
    Appointment b = appt("b", LEE, MONDAY.plus(Duration.ofDays(2)), HOUR);
    engine.apply(List.of(a, b), List.of());
    engine.upsert(a.toBuilder().status(AppointmentStatus.CANCELLED).build());
    assertThat(blockers(engine, MONDAY, HOUR)).isEmpty();
    engine.apply(List.of(b.toBuilder().status(AppointmentStatus.NO_SHOW).build(), a), List.of());
    assertThat(blockers(engine, b.start(), HOUR)).isEmpty();
    assertThat(blockers(engine, MONDAY, HOUR)).containsExactly("a");
    assertThat(engine.size()).isEqualTo(1);
  }

  @Test
  @DisplayName("a busy block replaced by its source moves, and removing it frees its time; unknown ones change nothing")
  void busyBlocks() {
    ConflictEngine engine = ConflictEngine.builder().build();
    SourceRef event = SourceRef.of(SourceSystem.GOOGLE, "evt-1");
    engine.upsertBusyBlock(BusyBlock.timed(event, "primary", LEE, MONDAY, MONDAY.plus(HOUR)));
    engine.upsertBusyBlock(BusyBlock.timed(event, "primary", LEE, MONDAY.plus(Duration.ofDays(2)),
        MONDAY.plus(Duration.ofDays(2)).plus(HOUR)));
    assertThat(engine.check(appt("p", LEE, MONDAY, HOUR)).conflicts()).isEmpty();
    assertThat(engine.check(appt("p", LEE, MONDAY.plus(Duration.ofDays(2)), HOUR)).conflicts()).hasSize(1);
    assertThat(engine.removeBusyBlock(SourceRef.of(SourceSystem.GOOGLE, "evt-unknown"))).isFalse();
    assertThat(engine.removeBusyBlock(event)).isTrue();
    assertThat(engine.removeBusyBlock(event)).isFalse();
    assertThat(engine.check(appt("p", LEE, MONDAY.plus(Duration.ofDays(2)), HOUR)).conflicts()).isEmpty();
  }
}
