package dev.clinicsync.core.store;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import java.time.Instant;

/**
 * A time-limited claim on a named job ("sync:zocdoc-main"), so that one node of several runs it.
 *
 * @param name what is claimed
 * @param owner who holds it (a node id)
 * @param expiresAt when the claim lapses unless renewed
 * @param fencingToken increases with every new acquisition, so a stale holder can be told apart
 */
public record Lease(String name, String owner, Instant expiresAt, long fencingToken) {
  public Lease {
    Checks.notBlank(name, "lease name");
    Checks.notBlank(owner, "lease owner");
    Checks.notNull(expiresAt, "lease expiry");
    if (fencingToken <= 0) {
      throw new ValidationException("lease fencing token must be positive: " + fencingToken);
    }
  }
}
