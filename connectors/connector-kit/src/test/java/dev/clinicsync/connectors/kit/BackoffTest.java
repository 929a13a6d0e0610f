package dev.clinicsync.connectors.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.ValidationException;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1), 6);

  @Test
  @DisplayName("the ceiling doubles from the initial delay and stops at the cap")
  void ceilingGrowsAndIsCapped() {
    assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.ceiling(4)).isEqualTo(Duration.ofMillis(800));
    assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.ceiling(60)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  @DisplayName("full jitter draws a wait between zero and the ceiling")
  void fullJitter() {
    assertThat(backoff.delayBeforeRetry(3, 0.0)).isZero();
    assertThat(backoff.delayBeforeRetry(3, 0.5)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.delayBeforeRetry(3, 0.999)).isLessThan(Duration.ofMillis(400));
  }

  @Test
  @DisplayName("without jitter the wait is the ceiling")
  void noJitter() {
    Backoff plain = backoff.withJitter(Backoff.Jitter.NONE).withMultiplier(3);
    assertThat(plain.delayBeforeRetry(2, 0.1)).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  @DisplayName("max attempts counts the first call")
  void attempts() {
    assertThat(backoff.allowsAnotherAttempt(5)).isTrue();
    assertThat(backoff.allowsAnotherAttempt(6)).isFalse();
    assertThat(Backoff.noRetries().allowsAnotherAttempt(1)).isFalse();
    assertThat(Backoff.exponential(10, 100, 2).initialDelay()).isEqualTo(Duration.ofMillis(10));
  }

  @Test
  @DisplayName("invalid backoffs are refused with a message naming the value")
  void validation() {
    assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, Duration.ofSeconds(1), 3))
        .isInstanceOf(ValidationException.class).hasMessageContaining("initial delay");
    assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1), 3))
        .isInstanceOf(ValidationException.class).hasMessageContaining("max delay");
    assertThatThrownBy(() -> backoff.withMultiplier(0.5)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> backoff.withMaxAttempts(0)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> backoff.delayBeforeRetry(1, 1.0)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> backoff.ceiling(0)).isInstanceOf(ValidationException.class);
  }
}
