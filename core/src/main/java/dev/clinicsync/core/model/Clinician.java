package dev.clinicsync.core.model;

import dev.clinicsync.core.Checks;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

/**
 * A clinician: who they are to the host, the zone their working hours are in, the hours, and
 * their ids in each source system.
 *
 * @param id the host's id
 * @param displayName a display name (staff, not PHI)
 * @param zone the zone of the working hours and of all-day busy blocks
 * @param availability weekly hours and dated exceptions
 * @param externalIds the clinician's ids in source systems
 */
public record Clinician(
    ClinicianId id, String displayName, ZoneId zone, WeeklyAvailability availability, Set<ExternalIdentity> externalIds) {

  public Clinician {
    Checks.notNull(id, "clinician id");
    Checks.notBlank(displayName, () -> "clinician " + id + " display name");
    Checks.notNull(zone, () -> "clinician " + id + " zone");
    Checks.notNull(availability, () -> "clinician " + id + " availability");
    Checks.notNull(externalIds, () -> "clinician " + id + " external ids");
    externalIds = Set.copyOf(externalIds);
  }

  /** A clinician with no source identities yet. */
  public static Clinician of(ClinicianId id, String displayName, ZoneId zone, WeeklyAvailability availability) {
    return new Clinician(id, displayName, zone, availability, Set.of());
  }

  /** The clinician's id in a source system, when there is exactly one; the first found otherwise. */
  public Optional<String> externalId(SourceSystem system) {
    return externalIds.stream().filter(e -> e.system().equals(system)).map(ExternalIdentity::id).sorted().findFirst();
  }

  public Clinician withAvailability(WeeklyAvailability newAvailability) {
    return new Clinician(id, displayName, zone, newAvailability, externalIds);
  }

  public Clinician withExternalIds(Set<ExternalIdentity> ids) {
    return new Clinician(id, displayName, zone, availability, ids);
  }
}
