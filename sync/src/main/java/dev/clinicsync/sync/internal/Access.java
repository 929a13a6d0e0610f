package dev.clinicsync.sync.internal;

import dev.clinicsync.core.access.AccessDeniedException;
import dev.clinicsync.core.access.AccessPolicy;
import dev.clinicsync.core.access.Operation;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditLog;
import dev.clinicsync.core.model.ClinicianId;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The access check of every host operation: a denial is audited, then thrown. */
public final class Access {
  private final AccessPolicy policy;
  private final AuditLog audit;

  public Access(AccessPolicy policy, AuditLog audit) {
    this.policy = policy;
    this.audit = audit;
  }

  /** Checks access; a denial is audited, then thrown. */
  public void authorize(Principal principal, Operation operation, @Nullable ClinicianId target) {
    authorize(policy, audit, principal, operation, target);
  }

  static void authorize(AccessPolicy policy, AuditLog audit, Principal principal, Operation operation,
      @Nullable ClinicianId target) {
    if (!policy.isAllowed(principal, operation, target)) {
      audit.record(principal.userId(), AuditAction.ACCESS_DENIED, target == null ? "" : target.value(),
          Map.of("operation", operation.name(), "role", principal.role().name()));
      throw new AccessDeniedException(principal, operation, target);
    }
  }
}
