package dev.clinicsync.core.access;

import dev.clinicsync.core.ClinicSyncException;
import dev.clinicsync.core.model.ClinicianId;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The access policy refused an operation. Names the user, role and operation; nothing more. */
public class AccessDeniedException extends ClinicSyncException {
  private static final long serialVersionUID = 1L;

  private final String userId;
  private final Role role;
  private final Operation operation;
  private final @Nullable ClinicianId target;

  public AccessDeniedException(Principal principal, Operation operation, @Nullable ClinicianId target) {
    super("user " + principal.userId() + " (" + principal.role() + ") may not " + operation
        + (target == null ? "" : " for clinician " + target));
    this.userId = principal.userId();
    this.role = principal.role();
    this.operation = operation;
    this.target = target;
  }

  public String userId() {
    return userId;
  }

  public Role role() {
    return role;
  }

  public Operation operation() {
    return operation;
  }

  /** The clinician the operation concerned, when it concerned one. */
  public Optional<ClinicianId> target() {
    return Optional.ofNullable(target);
  }
}
