package dev.clinicsync.connectors.simplepractice.internal;

/**
 * Why a whole feed could not be read. Internal: the connector turns it into a public, typed
 * {@link dev.clinicsync.core.ConnectorException} naming the feed (never its URL).
 */
public final class FeedProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The kinds of whole-feed failure. */
  public enum Kind {
    /** Larger than the configured maximum. */
    TOO_LARGE,
    /** Parsing and expansion did not finish before the configured deadline. */
    DEADLINE_EXCEEDED,
    /** The stream ended before END:VCALENDAR. */
    TRUNCATED,
    /** Not an iCalendar stream, or broken syntax before its end. */
    MALFORMED
  }

  private final Kind kind;

  /**
   * @param kind what went wrong
   * @param detail a PHI-free description (line numbers and limits, never content)
   */
  public FeedProblem(Kind kind, String detail) {
    super(detail, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
