package dev.clinicsync.sync;

import dev.clinicsync.core.access.Operation;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditLog;
import dev.clinicsync.sync.internal.Access;
import java.util.List;
import java.util.Map;

/**
 * Administering what syncs decided, from {@link SyncCoordinator#admin()}: the plans the
 * mass-deletion guard holds for review ({@link Operation#MANAGE_SYNC_PLANS}) and the audit trail
 * ({@link Operation#VIEW_AUDIT}). Admins only: every call is checked by the access policy, and a
 * denial is audited, then thrown as an {@link dev.clinicsync.core.access.AccessDeniedException}.
 * Thread-safe.
 */
public final class SyncAdmin {
  private final Access access;
  private final AuditLog audit;
  private final SyncRunner runner;

  SyncAdmin(Access access, AuditLog audit, SyncRunner runner) {
    this.access = access;
    this.audit = audit;
    this.runner = runner;
  }

  /** Plans held by the mass-deletion guard, each with its planned changes. */
  public List<SyncPlan> heldPlans(Principal principal) {
    access.authorize(principal, Operation.MANAGE_SYNC_PLANS, null);
    return runner.job().heldPlans();
  }

  /** Applies a held plan as a sync would, audited; its report is published to listeners. */
  public SyncReport applyPlan(Principal principal, String planId) {
    access.authorize(principal, Operation.MANAGE_SYNC_PLANS, null);
    return runner.published(runner.job().applyPlan(planId, principal));
  }

  /** Discards a held plan, audited; the next sync reads the source again. */
  public void discardPlan(Principal principal, String planId) {
    access.authorize(principal, Operation.MANAGE_SYNC_PLANS, null);
    runner.job().discardPlan(planId, principal);
  }

  /** A page of the audit trail and the verification of the whole chain; the read itself is audited. */
  public AuditTrail auditTrail(Principal principal, AuditQuery query) {
    access.authorize(principal, Operation.VIEW_AUDIT, null);
    audit.record(principal.userId(), AuditAction.VIEW_AUDIT, "",
        Map.of("from", Long.toString(query.fromSequence()), "limit", Integer.toString(query.limit())));
    return new AuditTrail(audit.read(query.fromSequence(), query.limit()), audit.verify());
  }
}
