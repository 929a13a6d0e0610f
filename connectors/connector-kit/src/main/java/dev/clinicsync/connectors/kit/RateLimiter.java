package dev.clinicsync.connectors.kit;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.connector.ConnectorConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A client-side token bucket, one per connector instance: {@code permitsPerSecond} refill
 * continuously up to {@code burst}. {@link #acquire()} reserves a permit and waits (through the
 * injected {@link Sleeper}) until it is due, so tests move a clock instead of sleeping.
 *
 * <p>Configure per vendor: athenahealth publishes about 10 requests/s per app; Zocdoc publishes
 * nothing, so its connector starts conservatively and lets configuration raise it.
 * Thread-safe; waiting happens outside the lock.
 */
public final class RateLimiter {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final double permitsPerSecond;
  private final int burst;
  private final Clock clock;
  private final Sleeper sleeper;
  private final double nanosPerPermit;

  private double storedPermits;
  private Instant lastRefill;

  private RateLimiter(double permitsPerSecond, int burst, Clock clock, Sleeper sleeper) {
    if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
      throw new ValidationException("rate limit must be a positive number of requests per second: " + permitsPerSecond);
    }
    if (burst < 1) {
      throw new ValidationException("rate limit burst must be at least 1: " + burst);
    }
    this.permitsPerSecond = permitsPerSecond;
    this.burst = burst;
    this.clock = Checks.notNull(clock, "rate limiter clock");
    this.sleeper = Checks.notNull(sleeper, "rate limiter sleeper");
    this.nanosPerPermit = NANOS_PER_SECOND / permitsPerSecond;
    this.storedPermits = burst;
    this.lastRefill = clock.instant();
  }

  /** A bucket refilling {@code permitsPerSecond} and holding at most {@code burst} permits (full at start). */
  public static RateLimiter of(double permitsPerSecond, int burst, Clock clock, Sleeper sleeper) {
    return new RateLimiter(permitsPerSecond, burst, clock, sleeper);
  }

  /** A bucket with a burst of one second's worth of permits (at least 1). */
  public static RateLimiter perSecond(double permitsPerSecond, Clock clock, Sleeper sleeper) {
    return of(permitsPerSecond, Math.max(1, (int) Math.floor(permitsPerSecond)), clock, sleeper);
  }

  /** Config key: requests per second ({@code rate-limit.per-second}). */
  public static final String PER_SECOND = "rate-limit.per-second";
  /** Config key: the bucket size ({@code rate-limit.burst}). */
  public static final String BURST = "rate-limit.burst";

  /**
   * The bucket a connector's configuration asks for, {@code defaultPerSecond} (the vendor's
   * published or conservative limit) when it does not say.
   */
  public static RateLimiter fromConfig(ConnectorConfig config, double defaultPerSecond, Clock clock, Sleeper sleeper) {
    double perSecond = config.decimal(PER_SECOND, defaultPerSecond);
    int burst = config.integer(BURST, Math.max(1, (int) Math.floor(perSecond)));
    return of(perSecond, burst, clock, sleeper);
  }

  /**
   * Takes one permit, waiting until one is due.
   *
   * @throws InterruptedException when interrupted while waiting
   */
  public void acquire() throws InterruptedException {
    Duration wait = reserve();
    if (!wait.isZero()) {
      sleeper.sleep(wait);
    }
  }

  /** Takes one permit only if one is available now. */
  public synchronized boolean tryAcquire() {
    refill();
    if (storedPermits >= 1.0) {
      storedPermits -= 1.0;
      return true;
    }
    return false;
  }

  /** Reserves the next permit and says how long to wait for it (zero when available now). */
  synchronized Duration reserve() {
    refill();
    storedPermits -= 1.0;
    if (storedPermits >= 0) {
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil(-storedPermits * nanosPerPermit));
  }

  private void refill() {
    Instant now = clock.instant();
    if (now.isAfter(lastRefill)) {
      long elapsed = Duration.between(lastRefill, now).toNanos();
      storedPermits = Math.min(burst, storedPermits + elapsed / nanosPerPermit);
      lastRefill = now;
    }
  }

  public double permitsPerSecond() {
    return permitsPerSecond;
  }

  public int burst() {
    return burst;
  }

  @Override
  public String toString() {
    return "RateLimiter[" + permitsPerSecond + "/s, burst " + burst + "]";
  }
}
