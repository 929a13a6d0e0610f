package dev.clinicsync.sync.internal;

import dev.clinicsync.conflict.Conflict;
import dev.clinicsync.conflict.ConflictReport;
import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.Operation;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.sync.BookingRequest;
import dev.clinicsync.sync.Resolution;
import dev.clinicsync.sync.SchedulingConflictException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Booking, rescheduling, cancelling and conflict resolution. Each runs its conflict check and
 * its write under the clinician's lock, so two concurrent bookings of one slot cannot both win.
 */
public final class Scheduling {
  private final Wiring w;

  public Scheduling(Wiring wiring) {
    this.w = wiring;
  }

  public Appointment book(Principal principal, BookingRequest request) {
    w.authorize(principal, Operation.BOOK, request.clinicianId());
    if (request.overrideReason().isPresent()) {
      w.authorize(principal, Operation.OVERRIDE_CONFLICT, request.clinicianId());
    }
    AppointmentId id = AppointmentId.random();
    Appointment.Builder b = Appointment.builder()
        .id(id)
        .source(SourceRef.of(SourceSystem.INTERNAL, id.value()))
        .clinicianId(request.clinicianId())
        .window(request.window())
        .patient(request.patient().orElse(null))
        .type(request.type())
        .status(request.status())
        .locationId(request.locationId().orElse(null));
    request.overrideReason().ifPresent(r -> b.override(accepted(principal)));
    Appointment proposal = b.build();
    try (ClinicianLocks.Held ignored = w.locks().lock(request.clinicianId())) {
      ConflictReport report = w.engine().check(proposal);
      if (report.hasConflicts() && request.overrideReason().isEmpty()) {
        throw new SchedulingConflictException(report);
      }
      request.phi().ifPresent(p -> w.phiVault().put(proposal.id(), p)); // PHI first: no record without it
      Appointment stored = w.store().save(proposal);
      w.engine().upsert(stored);
      w.conflicts().refresh(List.of(stored.id()), Set.of());
      Map<String, String> details = new HashMap<>(Map.of("clinician", request.clinicianId().value(),
          "start", request.window().start().toString(), "end", request.window().end().toString()));
      w.audit().record(principal.userId(), AuditAction.CREATE_APPOINTMENT, stored.id().value(), details);
      if (report.hasConflicts()) {
        w.audit().record(principal.userId(), AuditAction.OVERRIDE_CONFLICT, stored.id().value(),
            overrideDetails(request.overrideReason().orElseThrow(), report));
      }
      return existing(stored.id());
    }
  }

  public Appointment reschedule(Principal principal, AppointmentId id, TimeWindow slot, Optional<String> overrideReason) {
    Appointment current = existing(id);
    w.authorize(principal, Operation.RESCHEDULE, current.clinicianId());
    if (overrideReason.isPresent()) {
      w.authorize(principal, Operation.OVERRIDE_CONFLICT, current.clinicianId());
    }
    try (ClinicianLocks.Held ignored = w.locks().lock(current.clinicianId())) {
      Appointment fresh = sameClinician(existing(id), current);
      Appointment.Builder b = fresh.toBuilder().window(slot);
      overrideReason.ifPresent(r -> b.override(accepted(principal)));
      Appointment moved = b.build();
      ConflictReport report = w.engine().check(moved);
      if (report.hasConflicts() && overrideReason.isEmpty()) {
        throw new SchedulingConflictException(report);
      }
      Appointment stored = w.store().save(moved);
      w.engine().upsert(stored);
      w.conflicts().refresh(List.of(stored.id()), fresh.conflictIds());
      w.audit().record(principal.userId(), AuditAction.RESCHEDULE_APPOINTMENT, id.value(), Map.of(
          "from", fresh.start() + "/" + fresh.end(), "to", slot.start() + "/" + slot.end()));
      if (report.hasConflicts()) {
        w.audit().record(principal.userId(), AuditAction.OVERRIDE_CONFLICT, id.value(),
            overrideDetails(overrideReason.orElseThrow(), report));
      }
      return existing(id);
    }
  }

  public Appointment cancel(Principal principal, AppointmentId id) {
    Appointment current = existing(id);
    w.authorize(principal, Operation.CANCEL, current.clinicianId());
    try (ClinicianLocks.Held ignored = w.locks().lock(current.clinicianId())) {
      Appointment fresh = sameClinician(existing(id), current);
      if (fresh.status() == AppointmentStatus.CANCELLED) {
        return fresh;
      }
      Appointment stored = w.store().save(fresh.toBuilder().status(AppointmentStatus.CANCELLED).build());
      w.engine().upsert(stored);
      w.conflicts().refresh(List.of(id), fresh.conflictIds());
      w.audit().record(principal.userId(), AuditAction.CANCEL_APPOINTMENT, id.value(),
          Map.of("clinician", stored.clinicianId().value()));
      return existing(id);
    }
  }

  /**
   * Resolves the conflict between a new appointment and an existing one.
   *
   * @return both appointments after the resolution
   */
  public List<Appointment> resolve(Principal principal, Resolution resolution, AppointmentId newOne, AppointmentId existingOne) {
    Appointment a = existing(newOne);
    Appointment b = existing(existingOne);
    w.authorize(principal, Operation.RESOLVE_CONFLICT, a.clinicianId());
    w.authorize(principal, Operation.RESOLVE_CONFLICT, b.clinicianId());
    if (!a.conflictIds().contains(existingOne) && !b.conflictIds().contains(newOne)) {
      throw new ValidationException("appointments " + newOne + " and " + existingOne + " are not in conflict");
    }
    switch (resolution.action()) {
      case CANCEL_NEW -> cancel(principal, newOne);
      case CANCEL_EXISTING -> cancel(principal, existingOne);
      case RESCHEDULE -> {
        AppointmentId target = resolution.target().orElseThrow();
        if (!target.equals(newOne) && !target.equals(existingOne)) {
          throw new ValidationException("a RESCHEDULE resolution must move one of the two conflicting appointments");
        }
        reschedule(principal, target, resolution.slot().orElseThrow(), Optional.empty());
      }
      case ACCEPT_OVERRIDE -> acceptOverride(principal, a, b, resolution.reason().orElseThrow());
      default -> throw new ValidationException("unknown resolution " + resolution.action());
    }
    w.audit().record(principal.userId(), AuditAction.RESOLVE_CONFLICT, newOne.value(), Map.of(
        "action", resolution.action().name(), "existing", existingOne.value()));
    return List.of(existing(newOne), existing(existingOne));
  }

  private void acceptOverride(Principal principal, Appointment a, Appointment b, String reason) {
    w.authorize(principal, Operation.OVERRIDE_CONFLICT, a.clinicianId());
    w.authorize(principal, Operation.OVERRIDE_CONFLICT, b.clinicianId());
    try (ClinicianLocks.Held ignored = w.locks().lock(List.of(a.clinicianId(), b.clinicianId()))) {
      if (!existing(a.id()).conflictIds().contains(b.id()) && !existing(b.id()).conflictIds().contains(a.id())) {
        throw new ValidationException("appointments " + a.id() + " and " + b.id() + " are no longer in conflict");
      }
      for (AppointmentId id : List.of(a.id(), b.id())) {
        Appointment fresh = existing(id);
        if (fresh.override().isEmpty()) {
          w.store().save(fresh.toBuilder().override(accepted(principal)).build());
        }
      }
      w.audit().record(principal.userId(), AuditAction.OVERRIDE_CONFLICT, a.id().value(),
          Map.of("existing", b.id().value(), "reason", reason));
    }
  }

  /** An override in the typed field (the free-text reason is still only audited). */
  private dev.clinicsync.core.model.ConflictOverride accepted(Principal principal) {
    return dev.clinicsync.core.model.ConflictOverride.of(dev.clinicsync.core.model.OverrideReason.OTHER,
        principal.userId(), w.clock().instant());
  }

  /** The re-read appointment, provided a sync did not move it to another clinician meanwhile. */
  private static Appointment sameClinician(Appointment fresh, Appointment checked) {
    if (!fresh.clinicianId().equals(checked.clinicianId())) {
      throw new StorageConflictException(fresh.id().value(), "appointment " + fresh.id()
          + " moved to another clinician while the request was checked; retry it");
    }
    return fresh;
  }

  private Appointment existing(AppointmentId id) {
    return w.store().findById(id).orElseThrow(() -> new ValidationException("no appointment with id " + id));
  }

  private static Map<String, String> overrideDetails(String reason, ConflictReport report) {
    StringBuilder kinds = new StringBuilder();
    for (Conflict c : report.conflicts()) {
      kinds.append(kinds.length() == 0 ? "" : ",").append(c.kind());
    }
    return Map.of("reason", reason, "conflicts", kinds.toString());
  }
}
