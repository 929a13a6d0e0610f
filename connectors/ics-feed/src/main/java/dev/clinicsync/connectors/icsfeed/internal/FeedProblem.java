package dev.clinicsync.connectors.icsfeed.internal;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
    MALFORMED,
    /** The feed needs more than a per-feed limit allows ({@link #limit()} names it). */
    LIMIT_EXCEEDED
  }

  private final Kind kind;
  private final String detail;
  private final @Nullable String limit;
  private final long limitValue;

  /**
   * @param kind what went wrong
   * @param detail a PHI-free description (line numbers and limits, never content)
   */
  public FeedProblem(Kind kind, String detail) {
    this(kind, detail, null, 0);
  }

  private FeedProblem(Kind kind, String detail, @Nullable String limit, long limitValue) {
    super(detail, null, false, false);
    this.kind = kind;
    this.detail = detail;
    this.limit = limit;
    this.limitValue = limitValue;
  }

  /**
   * A {@link Kind#LIMIT_EXCEEDED} problem.
   *
   * @param limit the configuration key of the limit ("max-instances-per-feed")
   * @param limitValue its configured value
   * @param what what needed more, PHI-free ("the feed's recurring series")
   */
  public static FeedProblem limitExceeded(String limit, long limitValue, String what) {
    return new FeedProblem(Kind.LIMIT_EXCEEDED, what + " exceed " + limit + " (" + limitValue + ")", limit, limitValue);
  }

  /** The PHI-free description given when the problem was raised; never null. */
  @Override
  public String getMessage() {
    return detail;
  }

  public Kind kind() {
    return kind;
  }

  /** The configuration key of the limit a {@link Kind#LIMIT_EXCEEDED} problem ran into. */
  public Optional<String> limit() {
    return Optional.ofNullable(limit);
  }

  /** The configured value of {@link #limit()}; 0 for other kinds. */
  public long limitValue() {
    return limitValue;
  }
}
