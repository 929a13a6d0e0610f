package dev.clinicsync.sync;

import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.audit.AuditAction;

/**
 * A change could not be written together with its audit event, so it was undone: the audit sink
 * refused the event (an outage, a full disk). The sync that tried it fails without committing its
 * cursor; the next sync applies the change again, and audits it then.
 */
public class ChangeNotAuditedException extends StorageException {
  private static final long serialVersionUID = 1L;

  private final AuditAction action;

  /**
   * @param action the event that could not be written
   * @param subject the id it was about
   * @param cause why the audit sink refused it
   */
  public ChangeNotAuditedException(AuditAction action, String subject, Throwable cause) {
    super("the audit event " + action + " of " + subject + " could not be written (" + cause.getClass().getSimpleName()
        + "); the change was undone", cause);
    this.action = action;
  }

  /** The event that could not be written. */
  public AuditAction action() {
    return action;
  }
}
