package dev.clinicsync.sync.internal;

import dev.clinicsync.conflict.Conflict;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.AccessDeniedException;
import dev.clinicsync.core.access.Operation;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.sync.AppointmentView;
import dev.clinicsync.sync.BusyBlockView;
import dev.clinicsync.sync.ConflictView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Access to appointments named by id, and what of a record a principal may see.
 *
 * <p>A principal who may perform an operation for every clinician (admins; front desk for what it
 * may do) learns nothing from a missing id that the calendar would not tell them, so for them a
 * missing id is a {@link ValidationException}. Anyone else gets the same audited
 * {@link AccessDeniedException} for a missing id as for another clinician's — same type, same
 * message, no clinician named — so ids cannot be probed.
 *
 * <p>The vendor's side of a record (source refs, calendar ids, metadata) is shown only to
 * principals who may see source metadata for its clinician: admins, and a therapist for their own.
 */
final class HostAccess {
  private final Wiring w;

  HostAccess(Wiring wiring) {
    this.w = wiring;
  }

  /**
   * The stored appointment, provided the principal may perform the operation on it.
   *
   * @throws ValidationException when it does not exist and the principal may act on every clinician
   * @throws AccessDeniedException (audited) when it belongs to a clinician the principal may not act
   *     for, or does not exist and the principal may not act on every clinician
   */
  Appointment require(Principal principal, Operation operation, AppointmentId id) {
    return find(principal, operation, id).orElseThrow(() -> new ValidationException("no appointment with id " + id));
  }

  /**
   * The stored appointment if the principal may perform the operation on it; empty when it does not
   * exist and the principal may act on every clinician.
   *
   * @throws AccessDeniedException as {@link #require}
   */
  Optional<Appointment> find(Principal principal, Operation operation, AppointmentId id) {
    Optional<Appointment> found = w.store().findById(id);
    if (found.isPresent() ? w.policy().isAllowed(principal, operation, found.get().clinicianId())
        : w.policy().isAllowedForAll(principal, operation)) {
      return found;
    }
    w.audit().record(principal.userId(), AuditAction.ACCESS_DENIED, id.value(),
        Map.of("operation", operation.name(), "role", principal.role().name()));
    throw AccessDeniedException.forAppointment(principal, operation);
  }

  /** Whether the principal sees the vendor's side of a clinician's records. */
  boolean seesSource(Principal principal, ClinicianId clinician) {
    return w.policy().isAllowed(principal, Operation.VIEW_SOURCE_METADATA, clinician);
  }

  AppointmentView view(Principal principal, Appointment a) {
    return seesSource(principal, a.clinicianId()) ? AppointmentView.full(a) : AppointmentView.sourceSystemOnly(a);
  }

  List<AppointmentView> views(Principal principal, List<Appointment> appointments) {
    List<AppointmentView> out = new ArrayList<>(appointments.size());
    appointments.forEach(a -> out.add(view(principal, a)));
    return out;
  }

  /** A clinician's conflicts as the principal may see them. */
  static List<ConflictView> conflicts(boolean seesSource, List<Conflict> conflicts) {
    if (conflicts.isEmpty()) {
      return List.of();
    }
    List<ConflictView> out = new ArrayList<>(conflicts.size());
    for (Conflict c : conflicts) {
      out.add(seesSource ? ConflictView.full(c) : ConflictView.sourceSystemOnly(c));
    }
    return out;
  }

  static BusyBlockView busyBlock(boolean seesSource, BusyBlock b) {
    return seesSource ? BusyBlockView.full(b) : BusyBlockView.sourceSystemOnly(b);
  }
}
