package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CoordinatorLifecycleTest {
  private final MutableClock clock = new MutableClock(NOW);

  /** Records what is scheduled and runs nothing by itself; the test runs tasks when it chooses. */
  static final class RecordingScheduler extends ScheduledThreadPoolExecutor {
    final List<Long> delaysMillis = new ArrayList<>();
    final List<Runnable> tasks = new ArrayList<>();

    RecordingScheduler() {
      super(1);
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      delaysMillis.add(unit.toMillis(delay));
      tasks.add(command);
      return super.schedule(() -> { }, 365, TimeUnit.DAYS);
    }

    synchronized Runnable task(int i) {
      return tasks.get(i);
    }
  }

  @Test
  @DisplayName("build() names every configuration problem at once")
  void validation() {
    FakeConnector a = new FakeConnector("dup", SourceSystem.ZOCDOC);
    FakeConnector b = new FakeConnector("dup", SourceSystem.KAREO);
    FakeConnector kareo = new FakeConnector("kareo-main", SourceSystem.KAREO, Duration.ofMinutes(5));
    assertThatThrownBy(() -> SyncCoordinator.builder().connectors(a, b, kareo)
        .connectorConfigs(ConnectorConfig.of("acme-1", "acme-ehr", Map.of()))
        .interval(ConnectorId.of("kareo-main"), Duration.ofMinutes(1))
        .interval(ConnectorId.of("ghost"), Duration.ofMinutes(1))
        .massDeletionGuard(1.5, 0)
        .jitter(2)
        .build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems()).satisfiesExactlyInAnyOrder(
            p -> assertThat(p).contains("connector id dup is used twice"),
            p -> assertThat(p).contains("patient-token HMAC key"),
            p -> assertThat(p).contains("kareo-main").contains("below its polling floor PT5M"),
            p -> assertThat(p).contains("unknown connector ghost"),
            p -> assertThat(p).contains("mass-deletion share"),
            p -> assertThat(p).contains("mass-deletion minimum"),
            p -> assertThat(p).contains("jitter")));
  }

  @Test
  @DisplayName("fetch limits are required, and default to FetchLimits.DEFAULTS")
  void fetchLimits() {
    assertThatThrownBy(() -> SyncCoordinator.builder().fetchLimits(null).build())
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.problems()).singleElement().asString().contains("fetch limits"));
    FakeConnector endless = new FakeConnector("endless", SourceSystem.ZOCDOC) {
      private int page;

      @Override
      public synchronized dev.clinicsync.core.connector.FetchPage fetch(dev.clinicsync.core.connector.FetchRequest r) {
        return dev.clinicsync.core.connector.FetchPage.builder().nextPageToken("t" + ++page).build();
      }
    };
    SyncReport r = SyncCoordinator.builder().connectors(endless).clock(clock).build()
        .syncNow(Principal.admin("u"), endless.id());
    assertThat(r.errors()).singleElement().asString()
        .contains("more than " + dev.clinicsync.core.connector.FetchLimits.DEFAULTS.maxPages() + " pages");
  }

  @Test
  @DisplayName("an unknown connector type in configuration is named")
  void unknownType() {
    dev.clinicsync.core.memory.InMemorySecretStore secrets = new dev.clinicsync.core.memory.InMemorySecretStore();
    secrets.put(dev.clinicsync.core.phi.PatientTokenizer.DEFAULT_KEY_NAME,
        dev.clinicsync.core.store.Secret.of("0123456789abcdef0123456789abcdef"));
    secrets.put(dev.clinicsync.core.audit.AuditKeys.DEFAULT_SECRET_NAME, dev.clinicsync.core.audit.AuditKeys.newKey());
    assertThatThrownBy(() -> SyncCoordinator.builder().secretStore(secrets)
        .connectorConfigs(ConnectorConfig.of("acme-1", "acme-ehr", Map.of())).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("acme-1").hasMessageContaining("'acme-ehr'");
  }

  @Test
  @DisplayName("a host secret store without the audit key is named as a problem")
  void auditKeyMissing() {
    assertThatThrownBy(() -> SyncCoordinator.builder().secretStore(new dev.clinicsync.core.memory.InMemorySecretStore())
        .clock(clock).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("clinicsync/audit-hmac/v1");
  }

  @Test
  @DisplayName("intervals default sensibly and never fall below a connector's polling floor")
  void intervals() {
    FakeConnector zocdoc = new FakeConnector("zocdoc-main", SourceSystem.ZOCDOC);
    FakeConnector kareo = new FakeConnector("kareo-main", SourceSystem.KAREO, Duration.ofMinutes(30));
    SyncCoordinator c = SyncCoordinator.builder().connectors(zocdoc, kareo).clock(clock).build();
    assertThat(c.interval(zocdoc.id())).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.interval(kareo.id())).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  @DisplayName("nothing is scheduled before start(); start schedules each connector with jitter; close stops")
  void schedule() {
    FakeConnector zocdoc = new FakeConnector("zocdoc-main", SourceSystem.ZOCDOC);
    FakeConnector kareo = new FakeConnector("kareo-main", SourceSystem.KAREO, Duration.ofMinutes(30));
    RecordingScheduler scheduler = new RecordingScheduler();
    SyncCoordinator c = SyncCoordinator.builder().connectors(zocdoc, kareo).clock(clock).executor(scheduler)
        .jitter(0.2).random(new Random(42)).build();
    assertThat(scheduler.delaysMillis).isEmpty();
    c.start();
    c.start();
    assertThat(scheduler.delaysMillis).as("one first run per connector, spread by jitter").hasSize(2)
        .allSatisfy(d -> assertThat(d).isBetween(0L, Duration.ofMinutes(6).toMillis()));
    assertThat(scheduler.delaysMillis.get(0)).isNotEqualTo(scheduler.delaysMillis.get(1));

    scheduler.task(1).run(); // kareo's first run fires
    assertThat(kareo.fetches).isEqualTo(1);
    assertThat(scheduler.delaysMillis).hasSize(3);
    assertThat(scheduler.delaysMillis.get(2)).as("next run: at least the floor, at most floor + jitter")
        .isBetween(Duration.ofMinutes(30).toMillis(), Duration.ofMinutes(36).toMillis());
    c.close();
    scheduler.task(2).run();
    assertThat(scheduler.delaysMillis).as("nothing scheduled after close").hasSize(3);
    scheduler.shutdownNow();
    assertThatThrownBy(c::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("the default executor starts no thread until a sync is scheduled")
  void noThreadsBeforeStart() {
    long before = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("clinicsync-sync")).count();
    SyncCoordinator c = SyncCoordinator.builder().connectors(new FakeConnector("z", SourceSystem.ZOCDOC)).clock(clock).build();
    long after = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("clinicsync-sync")).count();
    assertThat(after).isEqualTo(before);
    c.close();
  }

  @Test
  @DisplayName("close waits for an in-flight sync and closes connectors")
  void closeWaits() throws Exception {
    java.util.concurrent.CountDownLatch inFetch = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean closedConnector = new java.util.concurrent.atomic.AtomicBoolean();
    FakeConnector slow = new FakeConnector("slow", SourceSystem.ZOCDOC) {
      @Override
      public dev.clinicsync.core.connector.FetchPage fetch(dev.clinicsync.core.connector.FetchRequest request) {
        inFetch.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return super.fetch(request);
      }

      @Override
      public void close() {
        closedConnector.set(true);
      }
    };
    SyncCoordinator c = SyncCoordinator.builder().connectors(slow).clock(clock).build();
    Thread sync = new Thread(() -> c.syncNow(Principal.admin("u"), slow.id()));
    sync.start();
    assertThat(inFetch.await(10, TimeUnit.SECONDS)).isTrue();
    Thread closer = new Thread(c::close);
    closer.start();
    closer.join(200);
    assertThat(closer.isAlive()).as("close waits for the in-flight sync").isTrue();
    assertThat(closedConnector).isFalse();
    release.countDown();
    closer.join(10_000);
    sync.join(10_000);
    assertThat(closer.isAlive()).isFalse();
    assertThat(closedConnector).isTrue();
  }
}
