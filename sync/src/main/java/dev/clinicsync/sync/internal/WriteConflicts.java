package dev.clinicsync.sync.internal;

import dev.clinicsync.conflict.Conflict;
import dev.clinicsync.conflict.ConflictEngine;
import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.conflict.ConflictReport;
import dev.clinicsync.conflict.Provenance;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.store.AppointmentStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Which conflicts of an appointment being written (booked, rescheduled) refuse the write unless
 * overridden.
 *
 * <p>Every conflict the engine reports does, but for a busy block reported as a
 * {@link ConflictKind#DUPLICATE} of the appointment: a block copied into Google by the
 * appointment's own source system's calendar sync, at the appointment's times. When it is the copy
 * of the appointment being written (an admin moving a SimplePractice session away and back onto the
 * times SimplePractice still has it at, where its copy sits), it is the same visit and refuses
 * nothing. When it is the copy of a different appointment (another appointment of that system,
 * of any status, that the engine would link the block to as well), it is that appointment's time:
 * busy for every other appointment, so it refuses as an {@link ConflictKind#EXTERNAL_BUSY}. A copy
 * no other stored appointment claims is taken as the written appointment's own: the engine links it
 * to that appointment in the calendar too.
 */
final class WriteConflicts {
  private WriteConflicts() {}

  /**
   * The conflicts that refuse writing {@code draft}, in report order: the report's, less the
   * busy-block copies of the draft itself, with the copies of other appointments as external busy
   * time. Reads the store only when the report has a busy-block duplicate.
   */
  static List<Conflict> refusing(ConflictEngine engine, AppointmentStore store, Appointment draft,
      ConflictReport report) {
    if (!hasCopy(report)) {
      return report.conflicts();
    }
    List<Conflict> out = new ArrayList<>(report.conflicts().size());
    for (Conflict c : report.conflicts()) {
      if (!isCopy(c)) {
        out.add(c);
      } else if (claimedByAnother(engine, store, draft, c)) {
        out.add(new Conflict(ConflictKind.EXTERNAL_BUSY, c.window(), c.provenance()));
      }
    }
    out.sort(Conflict.ORDER);
    return List.copyOf(out);
  }

  private static boolean hasCopy(ConflictReport report) {
    for (Conflict c : report.conflicts()) {
      if (isCopy(c)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isCopy(Conflict c) {
    return c.kind() == ConflictKind.DUPLICATE && c.provenance() instanceof Provenance.ExternalBusy;
  }

  /**
   * Whether another stored appointment of the draft's clinician and source system is one the
   * engine links the copy to as well: checked as if it blocked time like the draft (a cancelled
   * appointment's copy stays in Google until the system's own sync removes it). The store is asked
   * for the copy's window widened by its length each side, which holds every appointment within a
   * duplicate tolerance shorter than the copy.
   */
  private static boolean claimedByAnother(ConflictEngine engine, AppointmentStore store, Appointment draft,
      Conflict copy) {
    TimeWindow w = copy.window();
    Duration length = Duration.between(w.start(), w.end());
    AppointmentQuery nearby = AppointmentQuery.builder()
        .window(new TimeWindow(w.start().minus(length), w.end().plus(length)))
        .clinician(draft.clinicianId())
        .source(draft.source().system())
        .build();
    for (Appointment other : store.find(nearby)) {
      if (other.id().equals(draft.id())) {
        continue;
      }
      Appointment probe = other.toBuilder().status(draft.status()).build();
      for (Conflict c : engine.check(probe).conflicts()) {
        if (isCopy(c) && c.window().equals(w) && c.provenance().equals(copy.provenance())) {
          return true;
        }
      }
    }
    return false;
  }
}
