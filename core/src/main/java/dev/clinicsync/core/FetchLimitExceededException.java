package dev.clinicsync.core;

/**
 * A fetch went past one of its {@link dev.clinicsync.core.connector.FetchLimits}: too many pages
 * (a page-token loop, an endless run of fresh tokens), too many records, or too long. The sync of
 * that connector fails with nothing applied; other connectors keep syncing. Not retryable as is:
 * the same vendor answer would exceed the limit again.
 */
public class FetchLimitExceededException extends PermanentConnectorException {
  private static final long serialVersionUID = 1L;

  /** The limit that was exceeded. */
  public enum Limit {
    /** Pages per fetch. */
    PAGES,
    /** Records (changes, echoes and issues) per fetch. */
    RECORDS,
    /** Elapsed time per fetch. */
    DURATION
  }

  private final Limit limit;
  private final long value;

  /**
   * @param connectorId the connector whose fetch was stopped
   * @param limit which limit
   * @param value the configured value of the limit (a count, or milliseconds for {@link Limit#DURATION})
   */
  public FetchLimitExceededException(String connectorId, Limit limit, long value) {
    super(connectorId, "fetch stopped: more than " + value + (limit == Limit.DURATION ? " ms" : " " + limit.name().toLowerCase())
        + " in one fetch (limit " + limit + ")", 0, null, null);
    this.limit = limit;
    this.value = value;
  }

  /** Which limit was exceeded. */
  public Limit limit() {
    return limit;
  }

  /** The configured value of that limit. */
  public long value() {
    return value;
  }
}
