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

  /**
   * The conflict ids to store with the report's subject: {@link #ids} bounded to
   * {@link ConflictMaintainer#MAX_IDS} (a full list means "this many or more"), so that a record in
   * a dense cluster stays small; the calendar shows every conflict live from the engine.
   */
  static Set<AppointmentId> stored(ConflictReport report) {
    Set<AppointmentId> all = ids(report);
    if (all.size() <= ConflictMaintainer.MAX_IDS) {
      return all;
    }
    Set<AppointmentId> bounded = new LinkedHashSet<>();
    for (AppointmentId id : all) {
      if (bounded.size() == ConflictMaintainer.MAX_IDS) {
        break;
      }
      bounded.add(id);
    }
    return bounded;
  }

  /**
   * The conflict ids a report implies for its subject, as an immutable set. Built without an
   * intermediate collection for the common cases (none, one), since the calendar asks for every
   * entry it shows.
   */
  static Set<AppointmentId> ids(ConflictReport report) {
    if (!report.hasConflicts()) {
      return Set.of();
    }
    AppointmentId only = null;
    Set<AppointmentId> more = null;
    for (Conflict c : report.conflicts()) {
      if (c.kind() != ConflictKind.OVERLAP && c.kind() != ConflictKind.BUFFER) {
        continue;
      }
      AppointmentId other = c.otherAppointment().orElse(null);
      if (other == null || other.equals(report.subject()) || other.equals(only)) {
        continue;
      }
      if (only == null) {
        only = other;
      } else {
        if (more == null) {
          more = new LinkedHashSet<>();
          more.add(only);
        }
        more.add(other);
      }
    }
    return more != null ? Set.copyOf(more) : only != null ? Set.of(only) : Set.of();
  }

}
