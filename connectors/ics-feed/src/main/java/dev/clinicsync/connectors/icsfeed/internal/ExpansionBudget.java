package dev.clinicsync.connectors.icsfeed.internal;

/**
 * What one feed read has spent of its {@link ExpansionLimits}: expansion steps and instances.
 * One per read, used by one thread. Exceeding a per-feed limit throws a
 * {@link FeedProblem.Kind#LIMIT_EXCEEDED} problem naming the limit; the per-series limits are
 * checked by the callers, which turn a series over them into a record issue.
 */
public final class ExpansionBudget {
  private final ExpansionLimits limits;
  private long steps;
  private long instances;

  public ExpansionBudget(ExpansionLimits limits) {
    this.limits = limits;
  }

  public ExpansionLimits limits() {
    return limits;
  }

  /** Spends expansion steps of the feed's budget. */
  void chargeSteps(long n) {
    steps = RecurrenceExpander.add(steps, n);
    if (steps > limits.maxStepsPerFeed()) {
      throw FeedProblem.limitExceeded(ExpansionLimits.STEPS_PER_FEED, limits.maxStepsPerFeed(),
          "the expansion steps the feed's recurrence rules need");
    }
  }

  /** Counts instances the feed defines. */
  void countInstances(long n) {
    instances += n;
    if (instances > limits.maxInstancesPerFeed()) {
      throw FeedProblem.limitExceeded(ExpansionLimits.INSTANCES_PER_FEED, limits.maxInstancesPerFeed(),
          "the instances the feed defines");
    }
  }

  /** Steps spent so far. */
  public long steps() {
    return steps;
  }

  /** Instances counted so far. */
  public long instances() {
    return instances;
  }
}
