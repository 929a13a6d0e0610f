package dev.clinicsync.connectors.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.connectors.tck.RecordingSleeper;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.connector.ConnectorConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final RecordingSleeper sleeper = new RecordingSleeper();

  @Test
  @DisplayName("a full bucket lets a burst through, then paces requests at the rate")
  void burstThenPace() throws InterruptedException {
    RateLimiter limiter = RateLimiter.of(10, 3, sleeper.clock(), sleeper);
    for (int i = 0; i < 3; i++) {
      limiter.acquire();
    }
    assertThat(sleeper.waits()).isEmpty();
    limiter.acquire();
    limiter.acquire();
    assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(100));
  }

  @Test
  @DisplayName("permits refill with time, up to the burst")
  void refill() throws InterruptedException {
    RateLimiter limiter = RateLimiter.of(2, 2, sleeper.clock(), sleeper);
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();
    sleeper.advance(Duration.ofMillis(500));
    assertThat(limiter.tryAcquire()).isTrue();
    sleeper.advance(Duration.ofHours(1));
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();
  }

  @Test
  @DisplayName("100 requests at 10 per second take 9.7 seconds after a burst of 3")
  void sustainedRate() throws InterruptedException {
    RateLimiter limiter = RateLimiter.of(10, 3, sleeper.clock(), sleeper);
    for (int i = 0; i < 100; i++) {
      limiter.acquire();
    }
    assertThat(sleeper.total()).isEqualTo(Duration.ofMillis(9700));
  }

  @Test
  @DisplayName("the rate and burst come from the connector configuration, with a vendor default")
  void fromConfig() {
    ConnectorConfig config = ConnectorConfig.of("zd", "zocdoc", Map.of("rate-limit.per-second", "2.5"));
    RateLimiter limiter = RateLimiter.fromConfig(config, 10, sleeper.clock(), sleeper);
    assertThat(limiter.permitsPerSecond()).isEqualTo(2.5);
    assertThat(limiter.burst()).isEqualTo(2);
    assertThat(RateLimiter.fromConfig(ConnectorConfig.of("a", "athenahealth", Map.of()), 10, sleeper.clock(), sleeper)
        .permitsPerSecond()).isEqualTo(10);
  }

  @Test
  @DisplayName("nonsense rates are refused")
  void validation() {
    assertThatThrownBy(() -> RateLimiter.of(0, 1, sleeper.clock(), sleeper)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> RateLimiter.of(1, 0, sleeper.clock(), sleeper)).isInstanceOf(ValidationException.class);
  }
}
