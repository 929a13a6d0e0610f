package dev.clinicsync.conflict.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The engine's id table (open addressing, backward-shift deletion): a removal that broke a probe
 * chain would hide another appointment from its own updates and removals, leaving a stale entry
 * that blocks time forever (issue #22).
 */
@DisplayName("The engine's id table")
class IdTableTest {
  private static final Instant NINE = Instant.parse("2026-03-02T14:00:00Z");

  private static Appointment appt(String id, int version) {
    return Appointment.builder().id(AppointmentId.of(id)).source(SourceRef.of(SourceSystem.ZOCDOC, id))
        .clinicianId(ClinicianId.of("dr-lee")).start(NINE.plusSeconds(60L * version))
        .end(NINE.plusSeconds(60L * version + 1800)).build();
  }

  @Test
  @DisplayName("finds every appointment it holds and none it gave back, through growth and any order of removals")
  void agreesWithAMap() {
    for (long seed : new long[] {1, 22, 4242}) {
      SplittableRandom random = new SplittableRandom(seed);
      IdTable table = new IdTable();
      Map<AppointmentId, Appointment> model = new HashMap<>();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        ids.add("appt-" + seed + "-" + i);
      }
      for (int step = 0; step < 3000; step++) {
        String id = ids.get(random.nextInt(ids.size()));
        AppointmentId key = AppointmentId.of(id);
        if (random.nextInt(3) == 0) {
          assertThat(table.remove(key)).as("remove %s", id).isSameAs(model.remove(key));
        } else {
          Appointment a = appt(id, step);
          assertThat(table.put(a)).as("put %s", id).isSameAs(model.put(key, a));
        }
        assertThat(table.size()).isEqualTo(model.size());
      }
      for (String id : ids) {
        AppointmentId key = AppointmentId.of(id);
        assertThat(table.get(key)).as("get %s", id).isSameAs(model.get(key));
      }
    }
  }

  @Test
  @DisplayName("removing from the middle of a chain that wraps around the end of the table keeps the rest of it reachable")
  void wrappingChains() {
    // ids whose home slots sit at the end of a 16-slot table, so their chain wraps to the start
    List<String> tail = new ArrayList<>();
    for (int i = 0; tail.size() < 6; i++) {
      String id = "w-" + i;
      if ((IdTable.hash(AppointmentId.of(id)) & 15) >= 14) {
        tail.add(id);
      }
    }
    IdTable table = new IdTable();
    for (String id : tail) {
      table.put(appt(id, 0));
    }
    for (int gone = 0; gone < tail.size(); gone++) {
      assertThat(table.remove(AppointmentId.of(tail.get(gone)))).isNotNull();
      assertThat(table.get(AppointmentId.of(tail.get(gone)))).isNull();
      for (int k = gone + 1; k < tail.size(); k++) {
        assertThat(table.get(AppointmentId.of(tail.get(k)))).as("%s after removing %s", tail.get(k), tail.get(gone))
            .isNotNull();
      }
    }
    assertThat(table.size()).isZero();
    assertThat(table.remove(AppointmentId.of("never-there"))).isNull();
  }
}
