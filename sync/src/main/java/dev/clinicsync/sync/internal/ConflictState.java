package dev.clinicsync.sync.internal;

import dev.clinicsync.conflict.Conflict;
import dev.clinicsync.conflict.ConflictEngine;
import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.conflict.ConflictReport;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Where host operations and the calendar read an appointment's conflict state: the engine's
 * report, and the conflict ids derived from it (the other appointments it overlaps or sits within
 * the buffer of; duplicates are linked, not conflicts). One place, so that a change in how
 * conflict state is kept or bounded is one edit here.
 */
final class ConflictState {
  private ConflictState() {}

  /** The appointment's conflicts as the engine sees them now. */
  static ConflictReport of(ConflictEngine engine, Appointment a) {
    return engine.check(a);
  }

  /** The conflict ids a report implies for its subject. */
  static Set<AppointmentId> ids(ConflictReport report) {
    if (!report.hasConflicts()) {
      return Set.of();
    }
    Set<AppointmentId> ids = new LinkedHashSet<>();
    for (Conflict c : report.conflicts()) {
      if (c.kind() == ConflictKind.OVERLAP || c.kind() == ConflictKind.BUFFER) {
        c.otherAppointment().ifPresent(ids::add);
      }
    }
    ids.remove(report.subject());
    return ids.isEmpty() ? Set.of() : ids;
  }
}
