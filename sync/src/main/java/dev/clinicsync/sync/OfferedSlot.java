package dev.clinicsync.sync;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.TimeWindow;
import java.util.List;

/**
 * One slot that {@link SyncCoordinator#availability} can offer, and the clinicians free for it.
 * Times and the SDK's clinician ids only: nothing about any appointment or patient.
 *
 * @param slot the slot
 * @param clinicians the clinicians free for the whole slot, ordered by id; never empty
 */
public record OfferedSlot(TimeWindow slot, List<ClinicianId> clinicians) {

  public OfferedSlot {
    Checks.notNull(slot, "offered slot");
    clinicians = List.copyOf(Checks.notNull(clinicians, "offered slot clinicians"));
    if (clinicians.isEmpty()) {
      throw new ValidationException("an offered slot names at least one clinician");
    }
  }
}
