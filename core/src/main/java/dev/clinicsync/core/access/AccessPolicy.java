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
 *       conflict, and administers nothing (no syncs, plans, write queue, audit trail, caches or
 *       metrics);
 *   <li>therapists view their own calendar, profile, source metadata and PHI, link their own
 *       external account, and nothing else — unless a host grants them more for themselves with
 *       {@link #allowingTherapistsOwn} (editing their own working hours, say).
 * </ul>
 * Immutable and thread-safe.
 */
public final class AccessPolicy {

  private static final Set<Operation> FRONT_DESK = EnumSet.of(
      Operation.VIEW_CALENDAR, Operation.VIEW_CLINICIAN, Operation.BOOK, Operation.RESCHEDULE,
      Operation.CANCEL, Operation.RESOLVE_CONFLICT, Operation.VIEW_SERVICE_TYPES);

  private static final Set<Operation> THERAPIST_OWN = EnumSet.of(
      Operation.VIEW_CALENDAR, Operation.VIEW_CLINICIAN, Operation.VIEW_SOURCE_METADATA, Operation.VIEW_PHI,
      Operation.CONNECT_ACCOUNT);

  /** Operations about no one clinician in particular: never granted to therapists. */
  private static final Set<Operation> ADMINISTRATIVE = EnumSet.of(
      Operation.RUN_SYNC, Operation.MANAGE_SYNC_PLANS, Operation.MANAGE_WRITE_QUEUE, Operation.VIEW_AUDIT,
      Operation.MANAGE_CACHE, Operation.VIEW_METRICS);

  /** The rules above. */
  public static final AccessPolicy DEFAULT = new AccessPolicy();

  private final Set<Operation> therapistOwn;

  private AccessPolicy() {
    this(THERAPIST_OWN);
  }

  private AccessPolicy(Set<Operation> therapistOwn) {
    this.therapistOwn = Set.copyOf(therapistOwn);
  }

  /**
   * A policy like this one that also lets therapists perform {@code operations} for themselves —
   * their own clinician id only, never another's and never across clinicians:
   * {@code AccessPolicy.DEFAULT.allowingTherapistsOwn(Operation.EDIT_AVAILABILITY)} lets a therapist
   * edit their own working hours and time off.
   *
   * @throws dev.clinicsync.core.ValidationException for an administrative operation (running syncs,
   *     held plans, the write queue, the audit trail, caches, metrics), which concerns no one
   *     clinician
   */
  public AccessPolicy allowingTherapistsOwn(Operation... operations) {
    EnumSet<Operation> own = EnumSet.copyOf(therapistOwn);
    for (Operation op : operations) {
      dev.clinicsync.core.Checks.notNull(op, "operation");
      if (ADMINISTRATIVE.contains(op)) {
        throw new dev.clinicsync.core.ValidationException("operation " + op
            + " is administrative and cannot be granted to therapists for themselves");
      }
      own.add(op);
    }
    return new AccessPolicy(own);
  }

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
        return therapistOwn.contains(operation) && target != null && principal.isClinician(target);
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
