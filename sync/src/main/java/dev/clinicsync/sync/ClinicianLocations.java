package dev.clinicsync.sync;

import dev.clinicsync.core.model.ClinicianId;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which clinicians work at a location, for {@link AvailabilityQuery#location()}: the host's
 * answer, since the {@link dev.clinicsync.core.store.ClinicianDirectory} does not record locations.
 * Set with {@link SyncCoordinatorBuilder#clinicianLocations}; the default knows no location.
 */
@FunctionalInterface
public interface ClinicianLocations {

  /** Knows no location: a location query finds nobody. */
  ClinicianLocations NONE = location -> Set.of();

  /** The clinicians at a location id; empty for an unknown location. */
  Set<ClinicianId> at(String locationId);

  /** A fixed assignment, location id to clinicians (copied). */
  static ClinicianLocations of(Map<String, Set<ClinicianId>> byLocation) {
    Map<String, Set<ClinicianId>> frozen = new HashMap<>();
    byLocation.forEach((location, ids) -> frozen.put(location, Set.copyOf(ids)));
    Map<String, Set<ClinicianId>> result = Map.copyOf(frozen);
    return location -> result.getOrDefault(location, Set.of());
  }
}
