package dev.clinicsync.core.model;

import dev.clinicsync.core.Checks;
import java.time.Instant;

/**
 * An accepted conflict: the SDK's own bookkeeping, kept in a typed field of the
 * {@link Appointment} (never in vendor metadata) so that it outlives syncs of the record.
 *
 * @param reason why it was accepted, from a fixed list
 * @param userId who accepted it (the principal's user id, an identifier)
 * @param at when
 */
public record ConflictOverride(OverrideReason reason, String userId, Instant at) {
  public ConflictOverride {
    Checks.notNull(reason, "override reason");
    Checks.identifier(userId, "override user id");
    Checks.notNull(at, "override time");
  }

  public static ConflictOverride of(OverrideReason reason, String userId, Instant at) {
    return new ConflictOverride(reason, userId, at);
  }
}
