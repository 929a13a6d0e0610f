package dev.clinicsync.core.audit;

import dev.clinicsync.core.StorageException;
import org.jspecify.annotations.Nullable;

/**
 * {@link AuditLog#record} could not append its event: the {@link AuditSink} failed, or other
 * writers kept taking the next sequence number. The audited operation must be treated as not
 * audited: undo it, or retry it with its audit event. When the sink failed part-way (a lost
 * connection after a commit) the event may nonetheless be stored; {@link #attemptedSequence()}
 * says which sequence to look for.
 */
public class AuditAppendException extends StorageException {
  private static final long serialVersionUID = 1L;

  private final long attemptedSequence;

  public AuditAppendException(String message, long attemptedSequence, @Nullable Throwable cause) {
    super(message, cause);
    this.attemptedSequence = attemptedSequence;
  }

  /** The sequence number the failed append would have had; 0 when the head could not even be read. */
  public long attemptedSequence() {
    return attemptedSequence;
  }
}
