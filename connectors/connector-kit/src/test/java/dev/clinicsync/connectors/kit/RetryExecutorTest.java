package dev.clinicsync.connectors.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.connectors.tck.RecordingSleeper;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.RetryableConnectorException;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RetryExecutorTest {
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final Backoff backoff = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 4)
      .withJitter(Backoff.Jitter.NONE);
  private final RetryExecutor retries = RetryExecutor.of(backoff, sleeper, new SplittableRandom(1));

  private static RetryableConnectorException retryable(Duration retryAfter) {
    return new RetryableConnectorException("c", "busy", 503, null, retryAfter, null);
  }

  @Test
  @DisplayName("a retryable failure is retried after the backoff until the call succeeds")
  void retriesUntilSuccess() {
    AtomicInteger calls = new AtomicInteger();
    String result = retries.call(() -> {
      if (calls.incrementAndGet() < 3) {
        throw retryable(null);
      }
      return "ok";
    });
    assertThat(result).isEqualTo("ok");
    assertThat(calls).hasValue(3);
    assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  @DisplayName("the last retryable failure is thrown when the attempts run out")
  void givesUp() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> retries.call(() -> {
      calls.incrementAndGet();
      throw retryable(null);
    })).isInstanceOf(RetryableConnectorException.class);
    assertThat(calls).hasValue(4);
    assertThat(sleeper.waits()).hasSize(3);
  }

  @Test
  @DisplayName("the vendor's Retry-After wins when it is longer than the backoff")
  void honoursRetryAfter() {
    AtomicInteger calls = new AtomicInteger();
    retries.run(() -> {
      if (calls.incrementAndGet() == 1) {
        throw retryable(Duration.ofSeconds(30));
      }
    });
    assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  @DisplayName("a Retry-After beyond the limit is not waited for")
  void retryAfterTooLong() {
    RetryExecutor strict = retries.withMaxRetryAfter(Duration.ofSeconds(10));
    assertThatThrownBy(() -> strict.run(() -> {
      throw retryable(Duration.ofMinutes(5));
    })).isInstanceOf(RetryableConnectorException.class);
    assertThat(sleeper.waits()).isEmpty();
  }

  @Test
  @DisplayName("a permanent failure passes through at once")
  void permanentNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> retries.run(() -> {
      calls.incrementAndGet();
      throw new PermanentConnectorException("c", "bad request", 400, null, null);
    })).isInstanceOf(PermanentConnectorException.class);
    assertThat(calls).hasValue(1);
  }

  @Test
  @DisplayName("an interrupt while waiting stops the retries and keeps the interrupt flag")
  void interrupted() {
    RetryExecutor r = RetryExecutor.of(backoff, d -> {
      throw new InterruptedException();
    }, new SplittableRandom(1));
    try {
      assertThatThrownBy(() -> r.run(() -> {
        throw retryable(null);
      })).isInstanceOf(RetryableConnectorException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  @DisplayName("jittered waits stay within the exponential ceiling")
  void jittered() {
    RetryExecutor jittery = RetryExecutor.of(backoff.withJitter(Backoff.Jitter.FULL), sleeper, new SplittableRandom(7));
    assertThatThrownBy(() -> jittery.run(() -> {
      throw retryable(null);
    })).isInstanceOf(RetryableConnectorException.class);
    assertThat(sleeper.waits()).hasSize(3);
    assertThat(sleeper.waits().get(0)).isLessThan(Duration.ofMillis(100));
    assertThat(sleeper.waits().get(2)).isLessThan(Duration.ofMillis(400));
  }
}
