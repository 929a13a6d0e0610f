package dev.clinicsync.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.testkit.MutableClock;
import dev.clinicsync.sync.SyncMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The mass-deletion guard at its exact bounds (issue #22): the minimum count, the share, the end
 * of the sliding period, appointments and busy blocks counted apart, connectors counted apart.
 */
@DisplayName("The mass-deletion guard at its bounds")
class DeletionGuardBoundariesTest {
  private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
  private static final ConnectorId ZOCDOC = ConnectorId.of("zocdoc-main");
  private static final ConnectorId GOOGLE = ConnectorId.of("google-lee");
  private static final Duration DAY = Duration.ofDays(1);

  private final MutableClock clock = new MutableClock(NOW);
  /** Holds at 3 removals or more, and more than a quarter of what there was. */
  private final DeletionGuard guard = new DeletionGuard(clock, 0.25, 3, DAY);

  /** A plan of {@code connector} removing appointments and busy blocks out of what it had. */
  private static ChangeSet plan(ConnectorId connector, int removals, int live, int busyRemovals, int ownedBusy) {
    TimeWindow window = TimeWindow.of(NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(180)));
    List<BusyBlock> busy = new ArrayList<>();
    for (int i = 0; i < busyRemovals; i++) {
      Instant start = NOW.plus(Duration.ofHours(i + 1));
      busy.add(BusyBlock.timed(SourceRef.of(SourceSystem.GOOGLE, "evt-" + i), "primary", ClinicianId.of("dr-lee"),
          start, start.plus(Duration.ofMinutes(30))));
    }
    return new ChangeSet(connector, SyncMode.INCREMENTAL, false, window, List.of(), List.of(), List.of(), busy, 0,
        List.of(), Optional.empty(), live, ownedBusy, removals, List.of());
  }

  @Test
  @DisplayName("holds at exactly the minimum count when that is over the share, and not one below it")
  void minimum() {
    assertThat(guard.check(plan(ZOCDOC, 3, 4, 0, 0))).contains("appointments");
    assertThat(guard.check(plan(ZOCDOC, 2, 2, 0, 0))).as("all of them, but under the minimum").isEmpty();
    assertThat(guard.check(plan(ZOCDOC, 0, 4, 3, 4))).contains("busy_blocks");
    assertThat(guard.check(plan(ZOCDOC, 0, 4, 2, 2))).isEmpty();
  }

  @Test
  @DisplayName("holds only above the share: exactly a quarter passes, one more is held")
  void share() {
    assertThat(guard.check(plan(ZOCDOC, 5, 20, 0, 0))).as("5 of 20 is exactly a quarter").isEmpty();
    assertThat(guard.check(plan(ZOCDOC, 6, 20, 0, 0))).contains("appointments");
    assertThat(guard.check(plan(ZOCDOC, 0, 20, 5, 20))).isEmpty();
    assertThat(guard.check(plan(ZOCDOC, 0, 20, 6, 20))).contains("busy_blocks");
  }

  @Test
  @DisplayName("adds the removals applied within the period to the plan's, and to what there was")
  void cumulative() {
    guard.applied(ZOCDOC, 4, 0); // 4 of 24 applied earlier: 20 left
    assertThat(guard.check(plan(ZOCDOC, 2, 20, 0, 0))).as("6 of 24 is exactly a quarter").isEmpty();
    assertThat(guard.check(plan(ZOCDOC, 3, 20, 0, 0))).as("7 of 24").contains("appointments");
    guard.applied(ZOCDOC, 0, 4); // busy blocks alone count too
    assertThat(guard.check(plan(ZOCDOC, 0, 20, 2, 20))).isEmpty();
    assertThat(guard.check(plan(ZOCDOC, 0, 20, 3, 20))).contains("busy_blocks");
  }

  @Test
  @DisplayName("forgets removals exactly one period old, and still counts those a nanosecond younger")
  void slidingPeriod() {
    guard.applied(ZOCDOC, 4, 4);
    clock.advance(DAY.minusNanos(1));
    assertThat(guard.check(plan(ZOCDOC, 3, 20, 0, 0))).contains("appointments");
    assertThat(guard.check(plan(ZOCDOC, 0, 20, 3, 20))).contains("busy_blocks");
    clock.advance(Duration.ofNanos(1));
    assertThat(guard.check(plan(ZOCDOC, 3, 20, 0, 0))).isEmpty();
    assertThat(guard.check(plan(ZOCDOC, 0, 20, 3, 20))).isEmpty();
  }

  @Test
  @DisplayName("counts each connector apart, and starts a connector's count again once an admin applied its plan")
  void perConnectorAndApproval() {
    guard.applied(ZOCDOC, 4, 4);
    assertThat(guard.check(plan(GOOGLE, 3, 20, 0, 0))).as("another connector").isEmpty();
    assertThat(guard.check(plan(ZOCDOC, 3, 20, 0, 0))).contains("appointments");
    guard.approved(ZOCDOC);
    assertThat(guard.check(plan(ZOCDOC, 3, 20, 0, 0))).isEmpty();
    assertThat(guard.check(plan(ZOCDOC, 0, 20, 3, 20))).isEmpty();
  }

  @Test
  @DisplayName("never holds a plan that removes nothing, however much was removed before")
  void nothingRemoved() {
    guard.applied(ZOCDOC, 50, 50);
    assertThat(guard.check(plan(ZOCDOC, 0, 0, 0, 0))).isEmpty();
    DeletionGuard noMinimum = new DeletionGuard(clock, 0.0, 0, DAY);
    noMinimum.applied(ZOCDOC, 5, 5);
    assertThat(noMinimum.check(plan(ZOCDOC, 0, 10, 0, 10))).isEmpty();
  }
}
