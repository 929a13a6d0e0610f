package dev.clinicsync.sync.internal;

import dev.clinicsync.conflict.ConflictEngine;
import dev.clinicsync.core.access.AccessPolicy;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.access.Operation;
import dev.clinicsync.core.audit.AuditLog;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.phi.PhiVault;
import dev.clinicsync.core.store.AppointmentStore;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * What the host-operation side ({@link Scheduling}, {@link CalendarReader}) reads and writes. The
 * sync path does not use it: each of its parts ({@link SyncJob}, {@link ConnectorReader},
 * {@link SyncPlanner}, {@link ChangeApplier}, {@link HeldPlans}, {@link DeletionGuard}) takes its
 * own collaborators explicitly.
 *
 * @param store appointments
 * @param phiVault the PHI part of each record
 * @param engine the conflict index
 * @param busyBlocks the read index of the stored busy blocks
 * @param locks per-clinician locks
 * @param conflicts keeps conflict ids current
 * @param audit the audit trail
 * @param clock the clock
 * @param policy the access policy
 */
public record Wiring(
    AppointmentStore store,
    PhiVault phiVault,
    ConflictEngine engine,
    BusyBlockIndex busyBlocks,
    ClinicianLocks locks,
    ConflictMaintainer conflicts,
    AuditLog audit,
    Clock clock,
    AccessPolicy policy) {

  /** Checks access; a denial is audited, then thrown. */
  public void authorize(Principal principal, Operation operation, @Nullable ClinicianId target) {
    Access.authorize(policy, audit, principal, operation, target);
  }
}
