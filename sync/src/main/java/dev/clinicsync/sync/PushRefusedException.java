package dev.clinicsync.sync;

import dev.clinicsync.core.ClinicSyncException;
import dev.clinicsync.core.Checks;

/**
 * A push notification the coordinator refused: the host should answer it with a client error and
 * do nothing else. The message names the reason (and, for a malformed one, the header), never a
 * header value.
 */
public class PushRefusedException extends ClinicSyncException {
  private static final long serialVersionUID = 1L;

  /** Why the notification was refused. */
  public enum Reason {
    /** No connector recognises the request as its vendor's notification. */
    NOT_A_NOTIFICATION,
    /** A vendor's notification with a missing or malformed header. */
    MALFORMED,
    /** The channel is not one this coordinator opened, or it has expired or been stopped. */
    UNKNOWN_CHANNEL,
    /** The channel token is missing or wrong, or the resource is not the channel's. */
    BAD_TOKEN
  }

  private final Reason reason;

  public PushRefusedException(Reason reason, String detail) {
    super("push notification refused (" + Checks.notNull(reason, "push refusal reason") + "): " + detail);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
