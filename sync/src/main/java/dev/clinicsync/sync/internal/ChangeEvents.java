package dev.clinicsync.sync.internal;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.sync.SyncOutcome;
import dev.clinicsync.sync.SyncReport;
import dev.clinicsync.sync.events.AppointmentCancelled;
import dev.clinicsync.sync.events.AppointmentCreated;
import dev.clinicsync.sync.events.AppointmentUpdated;
import dev.clinicsync.sync.events.ConflictDetected;
import dev.clinicsync.sync.events.ConflictResolved;
import dev.clinicsync.sync.events.CoordinatorEvent;
import dev.clinicsync.sync.events.SyncCompleted;
import dev.clinicsync.sync.events.SyncFailed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which events a stored change implies: one place, so the booking side, the sync's apply step and
 * the conflict bookkeeping name changes alike. An appointment is "in conflict" when its stored
 * conflict ids are not empty (bounding the list never empties it), so {@link ConflictDetected} and
 * {@link ConflictResolved} fire exactly when that set goes from empty to not, or back.
 */
public final class ChangeEvents {
  private ChangeEvents() {}

  /**
   * The events of one appointment's stored change: created, updated or cancelled (a deletion counts
   * as a cancellation), then its conflict transition, if any.
   *
   * @param before as it was stored; empty for a new one
   * @param after as it is stored now; empty for a deletion
   * @param connector the connector whose sync applied it; empty for a host operation
   */
  static List<CoordinatorEvent> of(Optional<Appointment> before, Optional<Appointment> after,
      Optional<ConnectorId> connector, Instant at) {
    List<CoordinatorEvent> out = new ArrayList<>(2);
    if (after.isEmpty()) {
      if (before.isPresent()) {
        Appointment gone = before.get();
        out.add(new AppointmentCancelled(gone.id(), gone.clinicianId(), connector, at));
        if (!gone.conflictIds().isEmpty()) {
          out.add(new ConflictResolved(gone.id(), gone.clinicianId(), at));
        }
      }
      return out;
    }
    Appointment a = after.get();
    if (before.isEmpty()) {
      out.add(new AppointmentCreated(a.id(), a.clinicianId(), connector, at));
    } else if (a.status() == AppointmentStatus.CANCELLED && before.get().status() != AppointmentStatus.CANCELLED) {
      out.add(new AppointmentCancelled(a.id(), a.clinicianId(), connector, at));
    } else {
      out.add(new AppointmentUpdated(a.id(), a.clinicianId(), connector, at));
    }
    conflictTransition(before, a, at).ifPresent(out::add);
    return out;
  }

  /** {@link ConflictDetected} or {@link ConflictResolved} when the stored conflict ids went from none to some or back. */
  static Optional<CoordinatorEvent> conflictTransition(Optional<Appointment> before, Appointment after, Instant at) {
    boolean was = before.map(b -> !b.conflictIds().isEmpty()).orElse(false);
    boolean is = !after.conflictIds().isEmpty();
    if (was == is) {
      return Optional.empty();
    }
    return Optional.of(is ? new ConflictDetected(after.id(), after.clinicianId(), after.conflictIds(), at)
        : new ConflictResolved(after.id(), after.clinicianId(), at));
  }

  /** The event of a finished sync: completed (applied or held) or failed; none for one skipped for a lease. */
  public static Optional<CoordinatorEvent> syncEnded(SyncReport r, Instant at) {
    if (r.outcome() == SyncOutcome.SKIPPED_LEASE_HELD) {
      return Optional.empty();
    }
    if (r.outcome() == SyncOutcome.FAILED) {
      String code = r.failure().map(Failures::code).orElse("unknown");
      return Optional.of(new SyncFailed(r.connector(), r.mode(), code, at));
    }
    return Optional.of(new SyncCompleted(r.connector(), r.mode(), r.outcome() == SyncOutcome.HELD, r.created(),
        r.updated(), r.deleted(), at));
  }
}
