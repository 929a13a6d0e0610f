package dev.clinicsync.core.access;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.ClinicianId;
import java.util.Optional;

/**
 * The user on whose behalf an operation runs, as the host authenticated them.
 *
 * @param userId the host's user id (never a patient)
 * @param role the user's role
 * @param clinicianId the user's own clinician id; required for therapists
 */
public record Principal(String userId, Role role, Optional<ClinicianId> clinicianId) {

  public Principal {
    Checks.identifier(userId, "principal user id");
    Checks.notNull(role, "principal role");
    Checks.notNull(clinicianId, "principal clinician id");
    if (role == Role.THERAPIST && clinicianId.isEmpty()) {
      throw new ValidationException("therapist principal " + userId + " needs their own clinician id");
    }
  }

  public static Principal admin(String userId) {
    return new Principal(userId, Role.ADMIN, Optional.empty());
  }

  public static Principal frontDesk(String userId) {
    return new Principal(userId, Role.FRONT_DESK, Optional.empty());
  }

  public static Principal therapist(String userId, ClinicianId own) {
    return new Principal(userId, Role.THERAPIST, Optional.of(own));
  }

  /** The SDK itself, for work it does on its own schedule (syncs). */
  public static final Principal SYSTEM = admin("clinicsync-system");

  /** Whether this principal is the given clinician. */
  public boolean isClinician(ClinicianId id) {
    return clinicianId.map(id::equals).orElse(false);
  }
}
