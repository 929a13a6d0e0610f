package dev.clinicsync.sync.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.connector.ServiceCatalog;
import dev.clinicsync.core.connector.ServiceType;
import dev.clinicsync.core.store.ClinicianDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The coordinator's two Caffeine caches, both bounded, both timed by the coordinator's clock (so
 * tests move time instead of sleeping), neither holding PHI:
 * <ul>
 *   <li><b>availability</b>, per clinician: the clinician's zone, weekly hours and exceptions as the
 *       host's {@link ClinicianDirectory} holds them — staff data, read on every availability search
 *       and possibly from a remote database. A load also re-registers the clinician with the
 *       conflict engine (under the clinician's lock), so a change the host makes in its directory
 *       directly reaches searches and conflict checks within the time to live; an edit through
 *       {@code AvailabilityAdmin} drops the entry at once. The free slots themselves are never
 *       cached: they change with every booking and sync, and the engine answers them from its index.
 *   <li><b>service types</b>, per connector: the vendor's catalogue ({@link ServiceCatalog}), a vendor
 *       call; failures are not cached.
 * </ul>
 */
public final class CoordinatorCaches {
  private final Cache<ClinicianId, Clinician> availability;
  private final Cache<ConnectorId, List<ServiceType>> serviceTypes;

  /**
   * @param availabilityTtl how long a clinician's availability is kept after it was read
   * @param serviceTypesTtl how long a connector's service types are kept after they were read
   * @param maximumSize the most entries each cache keeps
   */
  public CoordinatorCaches(Clock clock, Duration availabilityTtl, Duration serviceTypesTtl, long maximumSize) {
    Ticker ticker = () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
    this.availability = Caffeine.newBuilder().ticker(ticker).executor(Runnable::run)
        .expireAfterWrite(availabilityTtl).maximumSize(maximumSize).build();
    this.serviceTypes = Caffeine.newBuilder().ticker(ticker).executor(Runnable::run)
        .expireAfterWrite(serviceTypesTtl).maximumSize(maximumSize).build();
  }

  /**
   * The host's directory with {@link ClinicianDirectory#find} read through the availability cache;
   * every other method passes straight through.
   */
  public ClinicianDirectory cachedDirectory(ClinicianDirectory host, Wiring w) {
    return new ClinicianDirectory() {
      @Override
      public Optional<Clinician> find(ClinicianId id) {
        Clinician cached = availability.getIfPresent(id);
        if (cached != null) {
          return Optional.of(cached);
        }
        Optional<Clinician> found;
        try (ClinicianLocks.Held held = w.locks().lock(id)) { // not inside Caffeine's compute: no lock inversion
          found = host.find(id);
          found.ifPresent(c -> {
            w.engine().updateClinician(c);
            availability.put(id, c);
          });
        }
        return found;
      }

      @Override
      public Optional<Clinician> findByExternalId(ExternalIdentity identity) {
        return host.findByExternalId(identity);
      }

      @Override
      public List<Clinician> all() {
        return host.all();
      }

      @Override
      public void save(Clinician clinician) {
        host.save(clinician);
        availability.invalidate(clinician.id());
      }
    };
  }

  /** A connector's service types, from the cache or (then kept) from its catalogue. */
  public List<ServiceType> serviceTypes(ConnectorId connector, ServiceCatalog catalog) {
    return java.util.Objects.requireNonNull(
        serviceTypes.get(connector, k -> List.copyOf(Checks.notNull(catalog.serviceTypes(), "service types"))),
        "the loader never returns null");
  }

  /** Drops a clinician's availability. */
  public void invalidateAvailability(ClinicianId id) {
    availability.invalidate(id);
  }

  /** Drops a connector's service types. */
  public void invalidateServiceTypes(ConnectorId id) {
    serviceTypes.invalidate(id);
  }

  /** Drops everything. */
  public void invalidateAll() {
    availability.invalidateAll();
    serviceTypes.invalidateAll();
  }

  /** Entries held now, after pending expiry (tests, inspection). */
  public long size() {
    availability.cleanUp();
    serviceTypes.cleanUp();
    return availability.estimatedSize() + serviceTypes.estimatedSize();
  }

  /** Whether a clinician's availability is cached now. */
  public boolean holdsAvailability(ClinicianId id) {
    return availability.getIfPresent(id) != null;
  }

  /** Whether a connector's service types are cached now. */
  public boolean holdsServiceTypes(ConnectorId id) {
    return serviceTypes.getIfPresent(id) != null;
  }
}
