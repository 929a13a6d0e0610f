package dev.clinicsync.sync;

import dev.clinicsync.core.access.Operation;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditLog;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.sync.internal.Access;
import dev.clinicsync.sync.internal.CoordinatorCaches;
import java.util.Map;

/**
 * Manual invalidation of the coordinator's caches, from {@link SyncCoordinator#caches()}: clinicians'
 * availability (per clinician, 15 minutes by default) and vendors' service types (per connector, 1
 * hour by default), sized and timed with {@link SyncCoordinatorBuilder#caches}. Both are Caffeine
 * caches, bounded, holding no PHI (staff working hours; vendor catalogues). Invalidation is for
 * admins ({@link Operation#MANAGE_CACHE}), access-checked (a denial audited) and audited as
 * {@link AuditAction#CACHE_INVALIDATED}. Thread-safe.
 */
public final class SyncCaches {
  private final CoordinatorCaches caches;
  private final Access access;
  private final AuditLog audit;

  SyncCaches(CoordinatorCaches caches, Access access, AuditLog audit) {
    this.caches = caches;
    this.access = access;
    this.audit = audit;
  }

  /** Drops one entry; the next read loads it again. Idempotent. */
  public void invalidate(Principal principal, CacheKey key) {
    access.authorize(principal, Operation.MANAGE_CACHE, null);
    if (key.cache() == CacheKey.Cache.AVAILABILITY) {
      caches.invalidateAvailability(ClinicianId.of(key.id()));
    } else {
      caches.invalidateServiceTypes(ConnectorId.of(key.id()));
    }
    audit.record(principal.userId(), AuditAction.CACHE_INVALIDATED, key.id(),
        Map.of("cache", key.cache().name()));
  }

  /** Drops every entry of both caches. */
  public void invalidateAll(Principal principal) {
    access.authorize(principal, Operation.MANAGE_CACHE, null);
    caches.invalidateAll();
    audit.record(principal.userId(), AuditAction.CACHE_INVALIDATED, "", Map.of("cache", "all"));
  }
}
