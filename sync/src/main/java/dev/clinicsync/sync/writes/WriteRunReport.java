package dev.clinicsync.sync.writes;

import dev.clinicsync.core.ValidationException;

/**
 * What one run of the write queue did.
 *
 * @param attempted jobs claimed and run
 * @param written jobs that left the queue done (the target now matches)
 * @param retried jobs rescheduled after a retryable failure or an unknown outcome
 * @param deadLettered jobs parked after their last attempt or a permanent failure
 * @param raised jobs settled by raising a {@link MirrorIssue} instead of writing
 */
public record WriteRunReport(int attempted, int written, int retried, int deadLettered, int raised) {
  public static final WriteRunReport EMPTY = new WriteRunReport(0, 0, 0, 0, 0);

  public WriteRunReport {
    if (attempted < 0 || written < 0 || retried < 0 || deadLettered < 0 || raised < 0) {
      throw new ValidationException("write run counts must not be negative");
    }
  }

  /** The sum of two runs. */
  public WriteRunReport plus(WriteRunReport o) {
    return new WriteRunReport(attempted + o.attempted, written + o.written, retried + o.retried,
        deadLettered + o.deadLettered, raised + o.raised);
  }
}
