package dev.clinicsync.core.access;

import dev.clinicsync.core.model.ClinicianId;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The one place that decides who may do what:
 * <ul>
 *   <li>admins may do everything;
 *   <li>front desk views every calendar and clinician, books, reschedules, cancels and resolves
 *       conflicts for every clinician, but sees no source metadata and no PHI, may not override a
 *       conflict, and administers nothing;
 *   <li>therapists view their own calendar, profile, source metadata and PHI, link their own
 *       external account, and nothing else.
 * </ul>
 * Immutable and thread-safe.
 */
public final class AccessPolicy {

  /** The rules above. */
  public static final AccessPolicy DEFAULT = new AccessPolicy();

  private static final Set<Operation> FRONT_DESK = EnumSet.of(
      Operation.VIEW_CALENDAR, Operation.VIEW_CLINICIAN, Operation.BOOK, Operation.RESCHEDULE,
      Operation.CANCEL, Operation.RESOLVE_CONFLICT);

  private static final Set<Operation> THERAPIST_OWN = EnumSet.of(
      Operation.VIEW_CALENDAR, Operation.VIEW_CLINICIAN, Operation.VIEW_SOURCE_METADATA, Operation.VIEW_PHI,
      Operation.CONNECT_ACCOUNT);

  private AccessPolicy() {}

  /**
   * Whether the principal may perform the operation, for a clinician when the operation concerns
   * one ({@code target}) or across clinicians when {@code target} is null.
   */
  public boolean isAllowed(Principal principal, Operation operation, @Nullable ClinicianId target) {
    switch (principal.role()) {
      case ADMIN:
        return true;
      case FRONT_DESK:
        return FRONT_DESK.contains(operation);
      case THERAPIST:
        return THERAPIST_OWN.contains(operation) && target != null && principal.isClinician(target);
      default:
        return false;
    }
  }

  /**
   * Whether the principal may perform the operation for every clinician at once (an unfiltered
   * calendar, say). Therapists never may: they see only their own.
   */
  public boolean isAllowedForAll(Principal principal, Operation operation) {
    return isAllowed(principal, operation, null);
  }

  /**
   * Fails unless allowed.
   *
   * @throws AccessDeniedException naming the user, role and operation
   */
  public void check(Principal principal, Operation operation, @Nullable ClinicianId target) {
    if (!isAllowed(principal, operation, target)) {
      throw new AccessDeniedException(principal, operation, target);
    }
  }
}
