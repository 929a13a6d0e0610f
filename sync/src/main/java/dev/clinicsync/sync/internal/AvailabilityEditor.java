package dev.clinicsync.sync.internal;

import dev.clinicsync.conflict.Conflict;
import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.conflict.ConflictReport;
import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.Operation;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.store.ClinicianDirectory;
import dev.clinicsync.sync.AvailabilityEditResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Applies one availability edit: access ({@link Operation#EDIT_AVAILABILITY}, denial audited), the
 * new availability built and checked ({@link AvailabilityRules}), then under the clinician's lock —
 * so no booking is checked against half an edit — the directory saved, the conflict engine updated,
 * every future appointment of the clinician checked before and after, and the edit audited with the
 * before and after as SHA-256 references of their canonical text plus counts (never the labels or
 * times themselves). When the audit event cannot be written, the directory and the engine are put
 * back and a {@link StorageException} thrown. Last, outside the lock, {@code onChanged} hears of the
 * clinician (the availability cache drops its entry).
 */
public final class AvailabilityEditor {
  /** How far ahead appointments are re-evaluated: far beyond any sync window. */
  static final Duration HORIZON = Duration.ofDays(3 * 366);

  private final Wiring w;
  private final ClinicianDirectory directory;
  private final Consumer<ClinicianId> onChanged;

  public AvailabilityEditor(Wiring wiring, ClinicianDirectory directory, Consumer<ClinicianId> onChanged) {
    this.w = wiring;
    this.directory = directory;
    this.onChanged = onChanged;
  }

  /**
   * Edits a clinician's availability.
   *
   * @param change a fixed code of what changed ({@code set-weekly}, {@code add-exception}, ...)
   * @param edit the new clinician from the stored one; throws for a refused edit
   * @param details extra PHI-free audit details (an exception id's reference)
   */
  public AvailabilityEditResult edit(Principal principal, ClinicianId id, String change,
      UnaryOperator<Clinician> edit, Map<String, String> details) {
    w.authorize(principal, Operation.EDIT_AVAILABILITY, id);
    AvailabilityEditResult result;
    try (ClinicianLocks.Held held = w.locks().lock(id)) {
      Clinician before = directory.find(id)
          .orElseThrow(() -> new ValidationException("no clinician with id " + id + " in the directory"));
      Clinician after = edit.apply(before);
      AvailabilityRules.check(after.availability());
      if (!w.engine().knowsClinician(id)) {
        w.engine().updateClinician(before); // what a check said before the edit, had anyone asked
      }
      Instant now = w.clock().instant();
      List<Appointment> future = new ArrayList<>();
      for (Appointment a : w.store().find(AppointmentQuery.builder()
          .window(TimeWindow.of(now, HORIZON)).clinician(id).build())) {
        if (a.end().isAfter(now)) {
          future.add(a);
        }
      }
      future.sort(Comparator.comparing(Appointment::start).thenComparing(a -> a.id().value()));
      Map<AppointmentId, ConflictReport> was = new LinkedHashMap<>();
      for (Appointment a : future) {
        was.put(a.id(), ConflictState.of(w.engine(), a));
      }
      directory.save(after);
      w.engine().updateClinician(after);
      List<AppointmentId> newlyOutside = new ArrayList<>();
      List<AppointmentId> backInside = new ArrayList<>();
      List<AppointmentId> clear = new ArrayList<>();
      for (Appointment a : future) {
        ConflictReport current = ConflictState.of(w.engine(), a);
        boolean outsideBefore = outsideHours(java.util.Objects.requireNonNull(was.get(a.id()), "checked above"));
        boolean outsideAfter = outsideHours(current);
        if (outsideAfter && !outsideBefore) {
          newlyOutside.add(a.id());
        } else if (outsideBefore && !outsideAfter) {
          backInside.add(a.id());
          if (!current.hasConflicts()) {
            clear.add(a.id());
          }
        }
      }
      result = new AvailabilityEditResult(id, future.size(), newlyOutside, backInside, clear);
      Map<String, String> audited = new LinkedHashMap<>(details);
      audited.put("change", change);
      audited.put("before", AvailabilityRules.reference(before));
      audited.put("after", AvailabilityRules.reference(after));
      audited.put("before.ranges", Integer.toString(AvailabilityRules.rangeCount(before.availability())));
      audited.put("after.ranges", Integer.toString(AvailabilityRules.rangeCount(after.availability())));
      audited.put("before.exceptions", Integer.toString(before.availability().exceptions().size()));
      audited.put("after.exceptions", Integer.toString(after.availability().exceptions().size()));
      audited.put("before.zone", before.zone().getId());
      audited.put("after.zone", after.zone().getId());
      audited.put("reevaluated", Integer.toString(result.reevaluated()));
      audited.put("newly-outside-hours", Integer.toString(newlyOutside.size()));
      audited.put("back-inside-hours", Integer.toString(backInside.size()));
      audited.put("no-longer-in-conflict", Integer.toString(clear.size()));
      try {
        w.audit().record(principal.userId(), AuditAction.EDIT_AVAILABILITY, id.value(), audited);
      } catch (RuntimeException e) {
        directory.save(before);
        w.engine().updateClinician(before);
        throw new StorageException("the audit trail could not record an availability edit; it was undone", e);
      }
    }
    onChanged.accept(id);
    return result;
  }

  private static boolean outsideHours(ConflictReport r) {
    for (Conflict c : r.conflicts()) {
      if (c.kind() == ConflictKind.OUTSIDE_AVAILABILITY || c.kind() == ConflictKind.TIME_OFF) {
        return true;
      }
    }
    return false;
  }
}
