package dev.clinicsync.sync.internal;

import dev.clinicsync.conflict.ConflictEngine;
import dev.clinicsync.core.access.AccessDeniedException;
import dev.clinicsync.core.access.AccessPolicy;
import dev.clinicsync.core.access.Operation;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditLog;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.store.AppointmentStore;
import dev.clinicsync.core.store.ClinicianDirectory;
import dev.clinicsync.core.phi.PhiVault;
import dev.clinicsync.core.store.SyncStateStore;
import java.time.Clock;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Everything the coordinator's parts share, wired once by the builder.
 *
 * @param store appointments
 * @param syncState cursors and leases
 * @param phiVault the PHI part of each record
 * @param clinicians the clinician directory
 * @param engine the conflict index
 * @param busyBlocks the known busy blocks
 * @param locks per-clinician locks
 * @param conflicts keeps conflict ids current
 * @param audit the audit trail
 * @param clock the clock
 * @param policy the access policy
 * @param options sync settings
 */
public record Wiring(
    AppointmentStore store,
    SyncStateStore syncState,
    PhiVault phiVault,
    ClinicianDirectory clinicians,
    ConflictEngine engine,
    BusyBlockRegistry busyBlocks,
    ClinicianLocks locks,
    ConflictMaintainer conflicts,
    AuditLog audit,
    Clock clock,
    AccessPolicy policy,
    SyncOptions options) {

  /** Checks access; a denial is audited, then thrown. */
  public void authorize(Principal principal, Operation operation, @Nullable ClinicianId target) {
    if (!policy.isAllowed(principal, operation, target)) {
      audit.record(principal.userId(), AuditAction.ACCESS_DENIED, target == null ? "" : target.value(),
          Map.of("operation", operation.name(), "role", principal.role().name()));
      throw new AccessDeniedException(principal, operation, target);
    }
  }
}
