package dev.clinicsync.connectors.zocdoc;

import dev.clinicsync.core.ClinicSyncException;
import dev.clinicsync.core.Checks;

/**
 * A webhook request {@link ZocdocWebhookHandler} refused, with why and the HTTP status the host
 * should answer. The message names the rule, never a header value or anything from the body.
 */
public class WebhookRejectedException extends ClinicSyncException {
  private static final long serialVersionUID = 1L;

  /** Why a request was refused. */
  public enum Reason {
    /** No signature header. HTTP 401. */
    UNSIGNED(401),
    /** A signature that does not verify under the shared key (or is not in the expected encoding). HTTP 401. */
    BAD_SIGNATURE(401),
    /** Its {@code webhook_timestamp} is outside the tolerance of the time it was received. HTTP 401. */
    STALE(401),
    /** The same signed notice was accepted before. HTTP 409. */
    REPLAYED(409),
    /** Signed, but not a readable notice (not JSON, no appointment id, no timestamp). HTTP 400. */
    MALFORMED(400),
    /** Larger than the handler reads. HTTP 413. */
    TOO_LARGE(413),
    /** Valid, but the refresh could not run now (another node holds the sync lease, the vendor failed); redeliver. HTTP 503. */
    RETRY_LATER(503);

    private final int httpStatus;

    Reason(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    public int httpStatus() {
      return httpStatus;
    }
  }

  private final Reason reason;

  public WebhookRejectedException(Reason reason, String message) {
    super("Zocdoc webhook refused (" + Checks.notNull(reason, "reason") + "): " + message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** The status the host should answer with. */
  public int httpStatus() {
    return reason.httpStatus();
  }
}
