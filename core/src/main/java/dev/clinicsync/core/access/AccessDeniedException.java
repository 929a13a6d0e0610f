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
    this(principal, operation, target, target == null ? "" : " for clinician " + target);
  }

  private AccessDeniedException(Principal principal, Operation operation, @Nullable ClinicianId target, String what) {
    super("user " + principal.userId() + " (" + principal.role() + ") may not " + operation + what);
    this.userId = principal.userId();
    this.role = principal.role();
    this.operation = operation;
    this.target = target;
  }

  /**
   * A refused operation on an appointment named by its id. It names neither the appointment nor its
   * clinician, and has no {@link #target()}: a principal who may not see every clinician's
   * appointments gets exactly this for another clinician's appointment and for an id that does not
   * exist, so the refusal tells them nothing about which ids exist or whose they are.
   */
  public static AccessDeniedException forAppointment(Principal principal, Operation operation) {
    return new AccessDeniedException(principal, operation, null, " on this appointment");
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
