package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.TUESDAY_9AM;
import static dev.clinicsync.sync.Fixtures.appt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.connector.ConnectorCapabilities;
import dev.clinicsync.core.connector.ConnectorCapabilities.Capability;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.connector.SourceRecord;
import dev.clinicsync.core.memory.InMemoryAppointmentStore;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The coordinator and a connector's polling floor")
class PollingFloorSyncTest {
  private static final Principal ADMIN = Principal.admin("u-admin");
  private static final Duration FLOOR = Duration.ofMinutes(5);

  private final MutableClock clock = new MutableClock(NOW);

  /**
   * A vendor that may be read at most every five minutes: asked sooner, it repeats its last answer
   * and marks the page as a replay (what the Kareo connector does).
   */
  static final class FlooredConnector implements SourceConnector {
    final List<SourceRecord> records = new ArrayList<>();
    final Clock clock;
    int vendorReads;
    private @Nullable Instant lastRead;
    private List<SourceRecord> lastAnswer = List.of();

    FlooredConnector(Clock clock) {
      this.clock = clock;
    }

    @Override
    public ConnectorId id() {
      return ConnectorId.of("kareo-main");
    }

    @Override
    public SourceSystem system() {
      return SourceSystem.KAREO;
    }

    @Override
    public ConnectorCapabilities capabilities() {
      return ConnectorCapabilities.of(FLOOR, Capability.FULL_FETCH);
    }

    @Override
    public FetchPage fetch(FetchRequest request) {
      FetchPage.Builder page = FetchPage.builder();
      Instant now = clock.instant();
      if (lastRead != null && now.isBefore(lastRead.plus(FLOOR))) {
        lastAnswer.forEach(page::upsert);
        return page.replayOf(lastRead).build();
      }
      vendorReads++;
      lastRead = now;
      lastAnswer = List.copyOf(records);
      lastAnswer.forEach(page::upsert);
      return page.build();
    }
  }

  @Test
  @DisplayName("an on-demand sync sooner than the floor is answered from the connector's last read, says so, and deletes nothing")
  void soonerIsReplayed() {
    FlooredConnector kareo = new FlooredConnector(clock);
    for (int i = 0; i < 3; i++) {
      kareo.records.add(SourceRecord.of(appt(SourceSystem.KAREO, "k-" + i, "v1", LEE,
          TUESDAY_9AM.plus(Duration.ofHours(i)), 50)));
    }
    InMemoryAppointmentStore store = new InMemoryAppointmentStore();
    SyncCoordinator c = SyncCoordinator.builder().connectors(kareo).appointmentStore(store)
        .clinicianDirectory(Fixtures.clinicians()).clock(clock).build();

    SyncReport first = c.syncNow(ADMIN, kareo.id());
    assertThat(first.mode()).isEqualTo(SyncMode.FULL);
    assertThat(first.created()).isEqualTo(3);

    kareo.records.remove(0); // gone at the vendor, but the vendor is not asked again yet
    clock.advance(Duration.ofMinutes(2));
    SyncReport second = c.syncNow(ADMIN, kareo.id());
    assertThat(second.mode()).isEqualTo(SyncMode.FULL_REPLAYED);
    assertThat(second.succeeded()).isTrue();
    assertThat(second.unchanged()).isEqualTo(3);
    assertThat(second.deleted()).isZero();
    assertThat(kareo.vendorReads).isEqualTo(1);

    clock.advance(Duration.ofMinutes(3));
    SyncReport third = c.syncNow(ADMIN, kareo.id());
    assertThat(third.mode()).isEqualTo(SyncMode.FULL);
    assertThat(third.deleted()).isEqualTo(1);
    assertThat(kareo.vendorReads).isEqualTo(2);
    assertThat(store.find(AppointmentQuery.ALL)).hasSize(2);
  }

  @Test
  @DisplayName("the schedule never runs a floored connector more often than its floor")
  void scheduleRespectsTheFloor() {
    FlooredConnector kareo = new FlooredConnector(clock);
    SyncCoordinator c = SyncCoordinator.builder().connectors(kareo).defaultInterval(Duration.ofMinutes(1))
        .clinicianDirectory(Fixtures.clinicians()).clock(clock).build();
    assertThat(c.interval(kareo.id())).isEqualTo(FLOOR);
    assertThatThrownBy(() -> SyncCoordinator.builder().connectors(new FlooredConnector(clock))
        .interval(ConnectorId.of("kareo-main"), Duration.ofMinutes(4)).clock(clock).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("polling floor");
  }
}
