package dev.clinicsync.sync;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;

/**
 * One entry of the coordinator's caches, for {@link SyncCaches#invalidate}: a clinician's
 * availability or a connector's service types.
 *
 * @param cache which cache
 * @param id the clinician id or connector id
 */
public record CacheKey(Cache cache, String id) {

  /** The coordinator's caches. */
  public enum Cache {
    /** Clinicians' zone, working hours and exceptions, per clinician (15 minutes by default). */
    AVAILABILITY,
    /** Vendors' service and visit types, per connector (1 hour by default). */
    SERVICE_TYPES
  }

  public CacheKey {
    Checks.notNull(cache, "cache");
    Checks.identifier(id, "cache key id");
  }

  /** A clinician's availability. */
  public static CacheKey availability(ClinicianId clinician) {
    return new CacheKey(Cache.AVAILABILITY, Checks.notNull(clinician, "clinician").value());
  }

  /** A connector's service types. */
  public static CacheKey serviceTypes(ConnectorId connector) {
    return new CacheKey(Cache.SERVICE_TYPES, Checks.notNull(connector, "connector").value());
  }
}
