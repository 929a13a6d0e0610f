package dev.clinicsync.sync;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentId;
import java.util.List;
import java.util.Set;

/**
 * One appointment of the aggregated calendar, with its current conflicts and the records from
 * other sources that are the same visit (linked duplicates, not conflicts). The appointment's
 * conflict ids and its conflicts are read from one source, at the time of the read.
 *
 * @param appointment the appointment as the principal may see it (front desk: the source system,
 *     never the vendor's ids)
 * @param conflicts its conflicts, with provenance as the principal may see it
 * @param duplicates ids of the same visit as recorded by other sources
 * @param duplicateBusyBlocks busy blocks that are copies of this very appointment (read from a
 *     calendar that receives its source system's own calendar sync, at its times): the same visit,
 *     linked, each a {@link dev.clinicsync.conflict.ConflictKind#DUPLICATE} with the block's source
 *     system (and, for principals who may see source metadata, its source ref and calendar)
 */
public record CalendarEntry(
    AppointmentView appointment,
    List<ConflictView> conflicts,
    Set<AppointmentId> duplicates,
    List<ConflictView> duplicateBusyBlocks) {
  public CalendarEntry {
    Checks.notNull(appointment, "calendar entry appointment");
    conflicts = List.copyOf(Checks.notNull(conflicts, "calendar entry conflicts"));
    duplicates = Set.copyOf(Checks.notNull(duplicates, "calendar entry duplicates"));
    duplicateBusyBlocks = List.copyOf(Checks.notNull(duplicateBusyBlocks, "calendar entry duplicate busy blocks"));
  }

  /** An entry without linked busy-block copies. */
  public CalendarEntry(AppointmentView appointment, List<ConflictView> conflicts, Set<AppointmentId> duplicates) {
    this(appointment, conflicts, duplicates, List.of());
  }

  /** Whether another record of the same visit is linked to this one: an appointment or a busy-block copy. */
  public boolean hasDuplicates() {
    return !duplicates.isEmpty() || !duplicateBusyBlocks.isEmpty();
  }

  public boolean hasConflicts() {
    return !conflicts.isEmpty();
  }
}
