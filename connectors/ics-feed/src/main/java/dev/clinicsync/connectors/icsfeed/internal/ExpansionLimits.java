package dev.clinicsync.connectors.icsfeed.internal;

import dev.clinicsync.core.ValidationException;

/**
 * How much recurrence expansion one feed read may do, per series and per feed, by instance count
 * and by work. Work is counted in <em>expansion steps</em>: roughly one candidate date built,
 * filtered or sorted by ical4j's {@code Recur} (a step is well under a microsecond; see
 * {@link RecurrenceExpander} for the cost model). Counting candidates rather than emitted
 * instances is what stops a {@code FREQ=YEARLY} rule listing every BYMONTH, BYMONTHDAY, BYHOUR,
 * BYMINUTE and BYSECOND value: it emits few instances but builds millions of candidates a year.
 *
 * @param maxInstancesPerSeries the most instances one series may define (RRULE instances around
 *     the window, plus RDATEs and overrides); more makes the series a skipped record
 * @param maxStepsPerSeries the most expansion steps one series (or one VTIMEZONE observance) may
 *     need; more makes the series a skipped record without expanding it
 * @param maxInstancesPerFeed the most instances the whole feed may define; more fails the read
 * @param maxStepsPerFeed the most expansion steps the whole feed may need; more fails the read
 */
public record ExpansionLimits(
    int maxInstancesPerSeries, long maxStepsPerSeries, int maxInstancesPerFeed, long maxStepsPerFeed) {

  /** Default of {@code max-instances-per-series}. */
  public static final int DEFAULT_MAX_INSTANCES_PER_SERIES = 1_000;
  /** Default of {@code max-expansion-steps-per-series} (about half a second of ical4j's work). */
  public static final long DEFAULT_MAX_STEPS_PER_SERIES = 1_000_000;
  /** Default of {@code max-instances-per-feed}. */
  public static final int DEFAULT_MAX_INSTANCES_PER_FEED = 100_000;
  /** Default of {@code max-expansion-steps-per-feed} (a few seconds of ical4j's work). */
  public static final long DEFAULT_MAX_STEPS_PER_FEED = 20_000_000;

  /** The configuration keys, as named in errors and issues. */
  public static final String INSTANCES_PER_SERIES = "max-instances-per-series";
  public static final String STEPS_PER_SERIES = "max-expansion-steps-per-series";
  public static final String INSTANCES_PER_FEED = "max-instances-per-feed";
  public static final String STEPS_PER_FEED = "max-expansion-steps-per-feed";

  /** The defaults. */
  public static final ExpansionLimits DEFAULTS = new ExpansionLimits(DEFAULT_MAX_INSTANCES_PER_SERIES,
      DEFAULT_MAX_STEPS_PER_SERIES, DEFAULT_MAX_INSTANCES_PER_FEED, DEFAULT_MAX_STEPS_PER_FEED);

  public ExpansionLimits {
    positive(maxInstancesPerSeries, INSTANCES_PER_SERIES);
    positive(maxStepsPerSeries, STEPS_PER_SERIES);
    positive(maxInstancesPerFeed, INSTANCES_PER_FEED);
    positive(maxStepsPerFeed, STEPS_PER_FEED);
  }

  /** The defaults with another per-series instance limit. */
  public static ExpansionLimits withInstancesPerSeries(int maxInstancesPerSeries) {
    return new ExpansionLimits(maxInstancesPerSeries, DEFAULT_MAX_STEPS_PER_SERIES, DEFAULT_MAX_INSTANCES_PER_FEED,
        DEFAULT_MAX_STEPS_PER_FEED);
  }

  private static void positive(long v, String key) {
    if (v < 1) {
      throw new ValidationException(key + " must be positive: " + v);
    }
  }
}
