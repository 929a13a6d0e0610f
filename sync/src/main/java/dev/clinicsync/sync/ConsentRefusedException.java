package dev.clinicsync.sync;

import dev.clinicsync.core.ClinicSyncException;
import dev.clinicsync.core.Checks;

/**
 * A consent callback the coordinator refused before talking to the vendor. The message names the
 * reason, never the state or code presented. Audited as {@code CONSENT_REFUSED}.
 */
public class ConsentRefusedException extends ClinicSyncException {
  private static final long serialVersionUID = 1L;

  /** Why the callback was refused. */
  public enum Reason {
    /** No consent was begun with this state, or it was used already (states are single-use). */
    UNKNOWN_STATE,
    /** The state expired before the callback came. */
    EXPIRED_STATE,
    /** The state was issued to another user or for another clinician. */
    OTHER_USER
  }

  private final Reason reason;

  public ConsentRefusedException(Reason reason) {
    super("consent callback refused: " + describe(Checks.notNull(reason, "consent refusal reason")));
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  private static String describe(Reason reason) {
    switch (reason) {
      case UNKNOWN_STATE:
        return "the state is unknown or was used already; begin the consent again";
      case EXPIRED_STATE:
        return "the state expired; begin the consent again";
      default:
        return "the state was issued to another user";
    }
  }
}
