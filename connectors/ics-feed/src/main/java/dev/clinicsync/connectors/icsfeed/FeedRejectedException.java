package dev.clinicsync.connectors.icsfeed;

import dev.clinicsync.core.PermanentConnectorException;
import org.jspecify.annotations.Nullable;

/**
 * A feed that was read whole but cannot be used: larger than the configured maximum, not
 * iCalendar, too slow to parse within the deadline (ical4j has looped on some inputs), or needing
 * more recurrence expansion than its limits allow ({@link FeedLimitExceededException}). Names
 * the feed by its configured name, never by its URL, which is a secret. Retrying the same feed
 * will fail the same way; an admin has to look.
 */
public class FeedRejectedException extends PermanentConnectorException {
  private static final long serialVersionUID = 1L;

  /** Why the feed was rejected. */
  public enum Reason {
    /** Larger than {@code max-feed-bytes}. */
    TOO_LARGE,
    /** Not parsed within {@code parse-deadline}. */
    PARSE_DEADLINE_EXCEEDED,
    /** Not well-formed iCalendar. */
    MALFORMED,
    /** Needs more than a per-feed limit allows; thrown as {@link FeedLimitExceededException}. */
    LIMIT_EXCEEDED
  }

  private final String feedName;
  private final Reason reason;

  /**
   * @param connectorId the connector instance
   * @param feedName the feed's configured, PHI-free name
   * @param reason why
   * @param detail a PHI-free detail (limits, line numbers)
   * @param httpStatus the HTTP status of the download, 0 when none
   * @param cause the underlying failure
   */
  public FeedRejectedException(String connectorId, String feedName, Reason reason, String detail, int httpStatus,
      @Nullable Throwable cause) {
    super(connectorId, "iCalendar feed '" + feedName + "' rejected (" + reason + "): " + detail,
        httpStatus, null, cause);
    this.feedName = feedName;
    this.reason = reason;
  }

  /** The feed's configured name. */
  public String feedName() {
    return feedName;
  }

  public Reason reason() {
    return reason;
  }
}
