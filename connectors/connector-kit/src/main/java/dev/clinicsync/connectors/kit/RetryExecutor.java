package dev.clinicsync.connectors.kit;

import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a call under a {@link Backoff}: a {@link RetryableConnectorException} is retried after the
 * backoff's wait or the vendor's Retry-After, whichever is longer, until the attempts run out;
 * every other exception passes through at once. The retry decision lives here only — no
 * connector sleeps on its own.
 *
 * <p>Only for idempotent calls (reads, or writes with a vendor-side idempotency key or a
 * read-back): a retried non-idempotent write may be a second write.
 *
 * <p>A Retry-After longer than {@link #maxRetryAfter()} is not waited for: the exception is
 * thrown at once and the caller (the coordinator's scheduler) comes back later.
 */
public final class RetryExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(RetryExecutor.class);

  /** Retry-After values up to this long are honoured in-line unless another limit is set. */
  public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofMinutes(2);

  private final Backoff backoff;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private final Duration maxRetryAfter;

  private RetryExecutor(Backoff backoff, Sleeper sleeper, RandomGenerator random, Duration maxRetryAfter) {
    this.backoff = Checks.notNull(backoff, "retry backoff");
    this.sleeper = Checks.notNull(sleeper, "retry sleeper");
    this.random = Checks.notNull(random, "retry random generator");
    this.maxRetryAfter = Checks.notNull(maxRetryAfter, "retry max Retry-After");
    if (maxRetryAfter.isNegative()) {
      throw new ValidationException("max Retry-After must not be negative: " + maxRetryAfter);
    }
  }

  /** Retries under {@code backoff}, waiting through {@code sleeper}, jittering with {@code random}. */
  public static RetryExecutor of(Backoff backoff, Sleeper sleeper, RandomGenerator random) {
    return new RetryExecutor(backoff, sleeper, random, DEFAULT_MAX_RETRY_AFTER);
  }

  /** Never retries. */
  public static RetryExecutor noRetries() {
    return of(Backoff.noRetries(), d -> { }, RandomGenerator.getDefault());
  }

  /** A copy that gives up at once when the vendor asks to wait longer than {@code limit}. */
  public RetryExecutor withMaxRetryAfter(Duration limit) {
    return new RetryExecutor(backoff, sleeper, random, limit);
  }

  public Backoff backoff() {
    return backoff;
  }

  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /**
   * Calls until success, a non-retryable failure, or the last attempt.
   *
   * @throws RetryableConnectorException the last retryable failure when the attempts ran out,
   *     the vendor asked for too long a wait, or the thread was interrupted while waiting (the
   *     interrupt flag is then set again)
   */
  public <T> T call(Supplier<T> call) {
    int attempts = 0;
    while (true) {
      try {
        attempts++;
        return call.get();
      } catch (RetryableConnectorException e) {
        if (!backoff.allowsAnotherAttempt(attempts)) {
          throw e;
        }
        Optional<Duration> retryAfter = e.retryAfter();
        if (retryAfter.isPresent() && retryAfter.get().compareTo(maxRetryAfter) > 0) {
          throw e;
        }
        Duration wait = backoff.delayBeforeRetry(attempts, random.nextDouble());
        if (retryAfter.isPresent() && retryAfter.get().compareTo(wait) > 0) {
          wait = retryAfter.get();
        }
        LOG.debug("{}; retry {} of {} in {}", e.getMessage(), attempts, backoff.maxAttempts() - 1, wait);
        pause(wait, e);
      }
    }
  }

  /** {@link #call(Supplier)} for calls without a result. */
  public void run(Runnable call) {
    call(() -> {
      call.run();
      return null;
    });
  }

  private void pause(Duration wait, RetryableConnectorException cause) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      cause.addSuppressed(ie);
      throw cause;
    }
  }

  @Override
  public String toString() {
    return "RetryExecutor[" + backoff + ", maxRetryAfter=" + maxRetryAfter + "]";
  }
}
