package dev.clinicsync.sync;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditDetails;
import dev.clinicsync.core.model.AvailabilityException;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.sync.internal.AvailabilityEditor;
import dev.clinicsync.sync.internal.AvailabilityRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Editing clinicians' working hours, zone and dated exceptions (time off, extra hours), from
 * {@link SyncCoordinator#availabilityAdmin()}. Every edit:
 * <ul>
 *   <li>is checked by the access policy as {@link dev.clinicsync.core.access.Operation#EDIT_AVAILABILITY}
 *       for the clinician: admins always; therapists only for themselves and only under a policy
 *       that grants it ({@code AccessPolicy.DEFAULT.allowingTherapistsOwn(Operation.EDIT_AVAILABILITY)},
 *       {@link SyncCoordinatorBuilder#accessPolicy}); a denial is audited and thrown;
 *   <li>is validated: overlapping ranges and unknown zones are refused with an
 *       {@link InvalidAvailabilityException} naming the field (what the model's constructors refuse
 *       is refused there, before the call);
 *   <li>is saved to the clinician directory and the conflict engine at once, under the clinician's
 *       lock, and re-evaluates the clinician's future appointments: the result lists those newly
 *       outside working hours and those back inside (and no longer in conflict);
 *   <li>is audited as {@link dev.clinicsync.core.audit.AuditAction#EDIT_AVAILABILITY} with the
 *       before and after as {@code sha256:} references of their canonical text (exception labels are
 *       free text, so the availability itself is not stored), their range and exception counts and
 *       zones, and the re-evaluation counts; if the audit event cannot be written the edit is undone
 *       and a {@link dev.clinicsync.core.StorageException} thrown;
 *   <li>drops the clinician's entry from the availability cache.
 * </ul>
 * Thread-safe.
 */
public final class AvailabilityAdmin {
  private final AvailabilityEditor editor;

  AvailabilityAdmin(AvailabilityEditor editor) {
    this.editor = editor;
  }

  /**
   * Replaces a clinician's weekly hours and exceptions.
   *
   * @throws InvalidAvailabilityException for overlapping ranges
   * @throws ValidationException for a clinician not in the directory
   */
  public AvailabilityEditResult setWeeklyAvailability(Principal principal, ClinicianId clinician,
      WeeklyAvailability availability) {
    Checks.notNull(availability, "weekly availability");
    return editor.edit(principal, clinician, "set-weekly", c -> c.withAvailability(availability), Map.of());
  }

  /**
   * Moves a clinician's working hours to another zone (the same wall-clock hours, elsewhere).
   *
   * @throws InvalidAvailabilityException naming {@code zone} for an id that is not a known zone
   */
  public AvailabilityEditResult setZone(Principal principal, ClinicianId clinician, String zoneId) {
    return editor.edit(principal, clinician, "set-zone", c -> new dev.clinicsync.core.model.Clinician(
        c.id(), c.displayName(), AvailabilityRules.zone(zoneId), c.availability(), c.externalIds()), Map.of());
  }

  /**
   * Adds a dated exception: time off or extra hours.
   *
   * @throws InvalidAvailabilityException naming {@code exceptions[<id>]} when the clinician already
   *     has an exception with its id, or its ranges overlap
   */
  public AvailabilityEditResult addException(Principal principal, ClinicianId clinician,
      AvailabilityException exception) {
    Checks.notNull(exception, "availability exception");
    String field = "exceptions[" + exception.id() + "]";
    return editor.edit(principal, clinician, "add-exception", c -> {
      List<AvailabilityException> all = new ArrayList<>(c.availability().exceptions());
      all.add(exception);
      try {
        return c.withAvailability(c.availability().withExceptions(all));
      } catch (ValidationException e) { // the model refuses a second exception with the same id
        throw new InvalidAvailabilityException(field, "the clinician already has an exception with this id", e);
      }
    }, Map.of("exception", AuditDetails.reference(exception.id()), "kind", exception.kind().name()));
  }

  /**
   * Removes a dated exception by its id.
   *
   * @throws InvalidAvailabilityException naming {@code exceptionId} when the clinician has none with it
   */
  public AvailabilityEditResult removeException(Principal principal, ClinicianId clinician, String exceptionId) {
    Checks.notNull(exceptionId, "availability exception id");
    return editor.edit(principal, clinician, "remove-exception", c -> {
      List<AvailabilityException> kept = new ArrayList<>(c.availability().exceptions());
      if (!kept.removeIf(e -> e.id().equals(exceptionId))) {
        throw new InvalidAvailabilityException("exceptionId", "the clinician has no availability exception with this id");
      }
      return c.withAvailability(c.availability().withExceptions(kept));
    }, Map.of("exception", AuditDetails.reference(exceptionId)));
  }
}
