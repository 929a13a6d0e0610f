package dev.clinicsync.sync;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.TimeWindow;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The answer of {@link SyncCoordinator#availability}: the offerable slots in start order, each
 * naming the clinicians free for it. PHI-free by construction: times and clinician ids only.
 *
 * @param searched the window searched: the query's, its start moved to now plus the minimum
 *     notice when that is later; empty when nothing of the window was left to search
 * @param duration the slots' length
 * @param clinicians the clinicians searched, ordered by id
 * @param slots the slots, by start, each with at least one clinician
 */
public record AvailabilityView(
    Optional<TimeWindow> searched, Duration duration, List<ClinicianId> clinicians, List<OfferedSlot> slots) {

  public AvailabilityView {
    Checks.notNull(searched, "availability searched window");
    Checks.notNull(duration, "availability duration");
    clinicians = List.copyOf(Checks.notNull(clinicians, "availability clinicians"));
    slots = List.copyOf(Checks.notNull(slots, "availability slots"));
  }

  /** The first slot, if any. */
  public Optional<OfferedSlot> first() {
    return slots.isEmpty() ? Optional.empty() : Optional.of(slots.get(0));
  }
}
