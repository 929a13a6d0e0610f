package dev.clinicsync.examples.demo.view;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.ClinicianId;
import java.time.ZoneId;
import java.util.List;

/**
 * One clinician's row of the week: their zone and location, their appointments and busy blocks.
 * The row's days and times are in the clinician's own zone.
 *
 * @param clinician the clinician's host id
 * @param displayName the clinician's display name (staff, not PHI)
 * @param location the location the row is grouped under
 * @param zone the zone of the row's days and times
 * @param items the row's appointments and busy blocks
 */
public record Lane(ClinicianId clinician, String displayName, String location, ZoneId zone, List<Item> items) {
  public Lane {
    Checks.notNull(clinician, "lane clinician");
    Checks.notBlank(displayName, () -> "lane " + clinician.value() + " display name");
    Checks.notBlank(location, () -> "lane " + clinician.value() + " location");
    Checks.notNull(zone, () -> "lane " + clinician.value() + " zone");
    items = List.copyOf(Checks.notNull(items, () -> "lane " + clinician.value() + " items"));
  }
}
