package dev.clinicsync.connectors.icsfeed;

/**
 * A feed that needs more than one of its per-feed limits allows: more instances than
 * {@code max-instances-per-feed}, or more recurrence expansion steps than
 * {@code max-expansion-steps-per-feed} (see {@link IcsFeedConfig}). Nothing of the feed
 * is applied and the cursor does not advance; retrying the same feed fails the same way, so an
 * admin raises the limit or has the calendar cleaned up. {@link #limit()} names the limit, never
 * the feed's content or URL.
 */
public final class FeedLimitExceededException extends FeedRejectedException {
  private static final long serialVersionUID = 1L;

  private final String limit;
  private final long limitValue;

  /**
   * @param connectorId the connector instance
   * @param feedName the feed's configured, PHI-free name
   * @param limit the configuration key of the limit ("max-instances-per-feed")
   * @param limitValue its configured value
   * @param detail a PHI-free detail naming the limit
   * @param httpStatus the HTTP status of the download
   */
  public FeedLimitExceededException(String connectorId, String feedName, String limit, long limitValue,
      String detail, int httpStatus) {
    super(connectorId, feedName, Reason.LIMIT_EXCEEDED, detail, httpStatus, null);
    this.limit = limit;
    this.limitValue = limitValue;
  }

  /** The configuration key of the limit the feed ran into, e.g. {@code max-expansion-steps-per-feed}. */
  public String limit() {
    return limit;
  }

  /** The limit's configured value. */
  public long limitValue() {
    return limitValue;
  }
}
