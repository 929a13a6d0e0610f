package dev.clinicsync.sync;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ClinicianId;
import java.util.List;

/**
 * What an availability edit did to the clinician's future appointments (those ending after now),
 * each re-evaluated against the new hours at once. Working-hours conflicts are
 * {@link dev.clinicsync.conflict.ConflictKind#OUTSIDE_AVAILABILITY} and
 * {@link dev.clinicsync.conflict.ConflictKind#TIME_OFF}. Ids only, in start order.
 *
 * @param clinician whose availability changed
 * @param reevaluated how many future appointments were checked again
 * @param newlyOutsideHours appointments outside working hours (or in time off) now, and not before
 * @param backInsideHours appointments outside working hours before, inside now (whatever else they
 *     conflict with)
 * @param noLongerInConflict those of {@code backInsideHours} that now have no conflict at all
 */
public record AvailabilityEditResult(
    ClinicianId clinician,
    int reevaluated,
    List<AppointmentId> newlyOutsideHours,
    List<AppointmentId> backInsideHours,
    List<AppointmentId> noLongerInConflict) {

  public AvailabilityEditResult {
    Checks.notNull(clinician, "clinician");
    newlyOutsideHours = List.copyOf(Checks.notNull(newlyOutsideHours, "newly outside hours"));
    backInsideHours = List.copyOf(Checks.notNull(backInsideHours, "back inside hours"));
    noLongerInConflict = List.copyOf(Checks.notNull(noLongerInConflict, "no longer in conflict"));
  }
}
