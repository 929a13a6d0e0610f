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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A writer keeps changing one clinician — moving an appointment among four places, adding and
 * removing a busy block, switching their hours between two rules — while a reader searches. Each
 * write replaces the clinician's state in one step, so every answer must be the answer on one of
 * the 4 × 2 × 2 states the writer can leave behind (computed beforehand on separate engines): an
 * answer mixing two states (the appointment in two places, hours of one rule with the block of
 * another) matches none of them.
 */
@DisplayName("Availability search under a concurrent writer")
class AvailabilityConcurrencyTest {
  static final ZoneId ZONE = ZoneId.of("Europe/London");
  static final ClinicianId C = ClinicianId.of("c-concurrent");
  static final Instant DAY = LocalDate.of(2026, 3, 29).atStartOfDay(ZONE).toInstant(); // a DST day
  static final TimeWindow WINDOW = TimeWindow.of(DAY, Duration.ofDays(2));
  static final Duration D = Duration.ofMinutes(45);
  static final Duration STEP = Duration.ofMinutes(15);
  static final TimeWindow PROBE = TimeWindow.of(DAY.plus(Duration.ofHours(9)), Duration.ofMinutes(30));
  static final List<Instant> PLACES = List.of(DAY.plus(Duration.ofHours(9)), DAY.plus(Duration.ofHours(13)),
      DAY.plus(Duration.ofHours(26)), DAY.plus(Duration.ofMinutes(9 * 60 + 15)));
  static final BusyBlock BLOCK = BusyBlock.timed(SourceRef.of(SourceSystem.GOOGLE, "evt-c"), "personal", C,
      DAY.plus(Duration.ofHours(10)), DAY.plus(Duration.ofHours(12)));
  static final List<Clinician> RULES = List.of(
      Clinician.of(C, "C", ZONE, WeeklyAvailability.builder()
          .on(java.util.EnumSet.allOf(java.time.DayOfWeek.class), LocalTimeRange.of("08:00", "18:00")).build()),
      Clinician.of(C, "C", ZONE, WeeklyAvailability.builder()
          .on(java.util.EnumSet.allOf(java.time.DayOfWeek.class), LocalTimeRange.of("00:30", "14:00"))
          .exception(AvailabilityException.timeOff("off", LocalDate.of(2026, 3, 30), LocalDate.of(2026, 3, 30), ""))
          .build()));

  static Appointment at(Instant start) {
    return Appointment.builder().id(AppointmentId.of("mover")).source(SourceRef.of(SourceSystem.KAREO, "mover"))
        .clinicianId(C).start(start).end(start.plus(Duration.ofMinutes(50))).build();
  }

  record Answer(FreeSlots slots, Optional<TimeWindow> next, boolean free) {}

  static Answer answer(ConflictEngine e) {
    return new Answer(e.freeSlots(C, WINDOW, D, STEP), e.nextFree(C, DAY, D, STEP, Duration.ofDays(2)),
        e.isFree(C, PROBE));
  }

  @Test
  @DisplayName("every freeSlots, nextFree and isFree answer is the answer on one consistent state")
  void consistentSnapshots() throws Exception {
    Set<FreeSlots> slotAnswers = new HashSet<>();
    Set<Optional<TimeWindow>> nextAnswers = new HashSet<>();
    Set<Boolean> freeAnswers = new HashSet<>();
    for (Instant place : PLACES) {
      for (boolean busy : new boolean[] {false, true}) {
        for (Clinician rule : RULES) {
          ConflictEngine e = ConflictEngine.builder().bufferMinutes(5).build();
          e.updateClinician(rule);
          e.upsert(at(place));
          if (busy) {
            e.upsertBusyBlock(BLOCK);
          }
          Answer a = answer(e);
          slotAnswers.add(a.slots());
          nextAnswers.add(a.next());
          freeAnswers.add(a.free());
          assertThat(a.slots()).isEqualTo(SlotGrid.freeSlotsByCheck(e, C, ZONE, WINDOW, D, STEP));
        }
      }
    }
    assertThat(slotAnswers).as("the states are told apart by their answers").hasSize(16);

    ConflictEngine engine = ConflictEngine.builder().bufferMinutes(5).build();
    engine.updateClinician(RULES.get(0));
    engine.upsert(at(PLACES.get(0)));
    AtomicBoolean done = new AtomicBoolean();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    Thread writer = new Thread(() -> {
      try {
        for (long i = 0; !done.get(); i++) {
          engine.upsert(at(PLACES.get((int) (i % PLACES.size()))));
          if (i % 3 == 0) {
            engine.upsertBusyBlock(BLOCK);
          } else if (i % 3 == 1) {
            engine.removeBusyBlock(BLOCK.source());
          }
          if (i % 5 == 0) {
            engine.updateClinician(RULES.get((int) (i / 5 % 2)));
          }
        }
      } catch (Throwable t) {
        failures.add(t);
      }
    }, "availability-writer");
    writer.start();
    List<Answer> seen = new ArrayList<>();
    try {
      for (int q = 0; q < 3_000; q++) {
        Answer a = answer(engine);
        if (!slotAnswers.contains(a.slots()) || !nextAnswers.contains(a.next()) || !freeAnswers.contains(a.free())) {
          seen.add(a);
        }
      }
    } finally {
      done.set(true);
      writer.join();
    }
    assertThat(failures).isEmpty();
    assertThat(seen).as("answers matching no consistent state").isEmpty();
  }
}
