package dev.clinicsync.connectors.kit;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import java.time.Duration;

/**
 * How long to wait before each retry: exponential growth from an initial delay, capped, with
 * optional "full jitter" (a uniformly random wait between zero and the exponential ceiling, as
 * AWS's backoff study recommends), and a maximum number of attempts (the first call included).
 *
 * <p>A value: build one with the validated static factories and derive variants with the
 * {@code with...} methods.
 *
 * <pre>{@code
 * Backoff b = Backoff.exponential(Duration.ofMillis(200), Duration.ofSeconds(30), 5);
 * Duration wait = b.delayBeforeRetry(1, random.nextDouble()); // in [0, 200 ms)
 * }</pre>
 *
 * @param initialDelay the ceiling before the first retry, positive
 * @param multiplier the growth of the ceiling per retry, at least 1
 * @param maxDelay the cap of every wait, at least {@code initialDelay}
 * @param maxAttempts how many calls at most, the first included; 1 means no retry
 * @param jitter whether waits are jittered
 */
public record Backoff(Duration initialDelay, double multiplier, Duration maxDelay, int maxAttempts, Jitter jitter) {

  /** How a wait is drawn from its exponential ceiling. */
  public enum Jitter {
    /** Wait exactly the ceiling. */
    NONE,
    /** Wait a uniformly random duration in {@code [0, ceiling)}. */
    FULL
  }

  /** A sensible default for vendor REST calls: 500 ms doubling, 30 s cap, 5 attempts, full jitter. */
  public static final Backoff DEFAULT = exponential(Duration.ofMillis(500), Duration.ofSeconds(30), 5);

  public Backoff {
    Checks.notNull(initialDelay, "backoff initial delay");
    Checks.notNull(maxDelay, "backoff max delay");
    Checks.notNull(jitter, "backoff jitter");
    if (initialDelay.isNegative() || initialDelay.isZero()) {
      throw new ValidationException("backoff initial delay must be positive: " + initialDelay);
    }
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new ValidationException("backoff max delay " + maxDelay + " must not be shorter than the initial delay " + initialDelay);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new ValidationException("backoff multiplier must be a finite number of at least 1: " + multiplier);
    }
    if (maxAttempts < 1) {
      throw new ValidationException("backoff max attempts must be at least 1: " + maxAttempts);
    }
  }

  /** Doubling from {@code initialDelay}, capped at {@code maxDelay}, with full jitter. */
  public static Backoff exponential(Duration initialDelay, Duration maxDelay, int maxAttempts) {
    return new Backoff(initialDelay, 2.0, maxDelay, maxAttempts, Jitter.FULL);
  }

  /** Millisecond overload of {@link #exponential(Duration, Duration, int)}. */
  public static Backoff exponential(long initialDelayMillis, long maxDelayMillis, int maxAttempts) {
    return exponential(Duration.ofMillis(initialDelayMillis), Duration.ofMillis(maxDelayMillis), maxAttempts);
  }

  /** The same delay before every retry, without jitter. */
  public static Backoff fixed(Duration delay, int maxAttempts) {
    return new Backoff(delay, 1.0, delay, maxAttempts, Jitter.NONE);
  }

  /** One attempt, never a retry. */
  public static Backoff noRetries() {
    return fixed(Duration.ofMillis(1), 1);
  }

  public Backoff withMultiplier(double newMultiplier) {
    return new Backoff(initialDelay, newMultiplier, maxDelay, maxAttempts, jitter);
  }

  public Backoff withMaxAttempts(int attempts) {
    return new Backoff(initialDelay, multiplier, maxDelay, attempts, jitter);
  }

  public Backoff withJitter(Jitter newJitter) {
    return new Backoff(initialDelay, multiplier, maxDelay, maxAttempts, newJitter);
  }

  /** Whether another call may follow the given number of calls already made. */
  public boolean allowsAnotherAttempt(int attemptsMade) {
    return attemptsMade < maxAttempts;
  }

  /**
   * The exponential ceiling before retry number {@code retry} (1 for the first retry):
   * {@code min(maxDelay, initialDelay * multiplier^(retry-1))}.
   */
  public Duration ceiling(int retry) {
    if (retry < 1) {
      throw new ValidationException("retry number must be at least 1: " + retry);
    }
    double nanos = initialDelay.toNanos() * Math.pow(multiplier, retry - 1.0);
    long cap = maxDelay.toNanos();
    return Duration.ofNanos(nanos >= cap ? cap : (long) nanos);
  }

  /**
   * The wait before retry number {@code retry}, given a uniform random number in {@code [0, 1)}
   * (ignored without jitter), so the choice of randomness stays with the caller and tests.
   */
  public Duration delayBeforeRetry(int retry, double random01) {
    if (!(random01 >= 0.0 && random01 < 1.0)) {
      throw new ValidationException("random number must be in [0, 1): " + random01);
    }
    Duration ceiling = ceiling(retry);
    return jitter == Jitter.NONE ? ceiling : Duration.ofNanos((long) (ceiling.toNanos() * random01));
  }
}
