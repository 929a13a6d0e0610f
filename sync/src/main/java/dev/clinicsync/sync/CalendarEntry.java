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
 */
public record CalendarEntry(AppointmentView appointment, List<ConflictView> conflicts, Set<AppointmentId> duplicates) {
  public CalendarEntry {
    Checks.notNull(appointment, "calendar entry appointment");
    conflicts = List.copyOf(Checks.notNull(conflicts, "calendar entry conflicts"));
    duplicates = Set.copyOf(Checks.notNull(duplicates, "calendar entry duplicates"));
  }

  public boolean hasConflicts() {
    return !conflicts.isEmpty();
  }
}
