package dev.clinicsync.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.connector.ServiceType;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The coordinator's Caffeine caches")
class CoordinatorCachesTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T12:00:00Z"));

  @Test
  @DisplayName("hold at most their maximum size, however many keys are read")
  void bounded() {
    CoordinatorCaches caches = new CoordinatorCaches(clock, Duration.ofMinutes(15), Duration.ofHours(1), 3);
    for (int i = 0; i < 50; i++) {
      caches.serviceTypes(ConnectorId.of("c-" + i), () -> List.of(ServiceType.of("t", "Type", Duration.ofMinutes(30))));
    }
    assertThat(caches.size()).isLessThanOrEqualTo(3);
  }

  @Test
  @DisplayName("expire by the coordinator's clock, not the wall clock")
  void tickerFollowsTheClock() {
    CoordinatorCaches caches = new CoordinatorCaches(clock, Duration.ofMinutes(15), Duration.ofHours(1), 100);
    ConnectorId c = ConnectorId.of("athena-main");
    caches.serviceTypes(c, List::of);
    assertThat(caches.holdsServiceTypes(c)).isTrue();
    clock.advance(Duration.ofMinutes(59).plusSeconds(59));
    assertThat(caches.holdsServiceTypes(c)).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(caches.holdsServiceTypes(c)).isFalse();
    assertThat(caches.size()).isZero();
  }
}
