package dev.clinicsync.connectors.icsfeed;

import dev.clinicsync.core.RetryableConnectorException;

/**
 * The feed ended before END:VCALENDAR: the download was cut short, or the vendor sent a partial
 * file. Nothing of it is used — in particular no event is taken as deleted — and the next sync
 * tries again. Names the feed by its configured name, never by its URL.
 */
public class FeedTruncatedException extends RetryableConnectorException {
  private static final long serialVersionUID = 1L;

  private final String feedName;

  /**
   * @param connectorId the connector instance
   * @param feedName the feed's configured, PHI-free name
   * @param detail a PHI-free detail
   * @param httpStatus the HTTP status of the download
   */
  public FeedTruncatedException(String connectorId, String feedName, String detail, int httpStatus) {
    super(connectorId, "iCalendar feed '" + feedName + "' is truncated: " + detail
        + "; nothing was applied", httpStatus, null, null, null);
    this.feedName = feedName;
  }

  /** The feed's configured name. */
  public String feedName() {
    return feedName;
  }
}
