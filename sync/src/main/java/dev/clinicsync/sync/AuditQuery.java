package dev.clinicsync.sync;

import dev.clinicsync.core.ValidationException;

/**
 * A page of the audit trail.
 *
 * @param fromSequence the first event's sequence number (1 for the start)
 * @param limit at most this many events
 */
public record AuditQuery(long fromSequence, int limit) {
  public AuditQuery {
    if (fromSequence < 1 || limit < 1 || limit > 10_000) {
      throw new ValidationException("audit query needs fromSequence >= 1 and 1 <= limit <= 10000");
    }
  }

  /** The first {@code limit} events. */
  public static AuditQuery first(int limit) {
    return new AuditQuery(1, limit);
  }
}
