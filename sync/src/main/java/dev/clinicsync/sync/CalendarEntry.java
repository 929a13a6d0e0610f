package dev.clinicsync.sync;

import dev.clinicsync.conflict.Conflict;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import java.util.List;
import java.util.Set;

/**
 * One appointment of the aggregated calendar, with its current conflicts and the records from
 * other sources that are the same visit (linked duplicates, not conflicts).
 *
 * @param appointment the appointment as the principal may see it (front desk: no source metadata)
 * @param conflicts its conflicts, with provenance
 * @param duplicates ids of the same visit as recorded by other sources
 */
public record CalendarEntry(Appointment appointment, List<Conflict> conflicts, Set<AppointmentId> duplicates) {
  public CalendarEntry {
    Checks.notNull(appointment, "calendar entry appointment");
    conflicts = List.copyOf(Checks.notNull(conflicts, "calendar entry conflicts"));
    duplicates = Set.copyOf(Checks.notNull(duplicates, "calendar entry duplicates"));
  }

  public boolean hasConflicts() {
    return !conflicts.isEmpty();
  }
}
