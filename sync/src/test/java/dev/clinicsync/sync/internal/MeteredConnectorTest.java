package dev.clinicsync.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.connector.ConnectorCapabilities;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.MirrorWrite;
import dev.clinicsync.core.connector.MirrorWriter;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.connector.WriteEcho;
import dev.clinicsync.core.connector.WriteOutcome;
import dev.clinicsync.core.memory.InMemoryWriteQueue;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.testkit.MutableClock;
import dev.clinicsync.sync.metrics.AlertThresholds;
import dev.clinicsync.sync.metrics.CallOutcome;
import dev.clinicsync.sync.metrics.ConnectorOperation;
import dev.clinicsync.sync.metrics.MetricsRecorder;
import dev.clinicsync.sync.metrics.OperationMetrics;
import dev.clinicsync.sync.metrics.Ticker;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A metered connector")
class MeteredConnectorTest {
  static final ConnectorId GCAL = ConnectorId.of("gcal-lee");
  final MutableClock clock = MutableClock.at("2026-03-02T12:00:00Z");
  final List<String> recorded = new ArrayList<>();
  final CoordinatorMetrics metrics = new CoordinatorMetrics(clock, Ticker.of(clock), AlertThresholds.DEFAULTS,
      new InMemoryWriteQueue(clock), Map.of(GCAL, Duration.ofMinutes(15)), new MetricsRecorder() {
        @Override
        public void connectorCall(ConnectorId c, ConnectorOperation op, CallOutcome outcome, Duration latency) {
          recorded.add(c + " " + op.tag() + " " + outcome.tag() + " " + latency);
        }
      }, t -> {});

  @Test
  @DisplayName("overrides every method of the connector SPI, defaults included, so none falls back to a default")
  void overridesEverySpiMethod() throws Exception {
    for (Method m : SourceConnector.class.getMethods()) {
      if (Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      Method own = MeteredConnector.class.getMethod(m.getName(), m.getParameterTypes());
      assertThat(own.getDeclaringClass()).as("MeteredConnector overrides %s", m.getName())
          .isEqualTo(MeteredConnector.class);
    }
  }

  @Test
  @DisplayName("times fetches exactly on the injected ticker and passes answers and exceptions through unchanged")
  void fetches() {
    FetchPage page = FetchPage.empty();
    PermanentConnectorException refused = new PermanentConnectorException(GCAL.value(), "bad request", 400, "req-1", null);
    SourceConnector fake = new SourceConnector() {
      int n;

      @Override
      public ConnectorId id() {
        return GCAL;
      }

      @Override
      public SourceSystem system() {
        return SourceSystem.GOOGLE;
      }

      @Override
      public ConnectorCapabilities capabilities() {
        return ConnectorCapabilities.of(Duration.ZERO, ConnectorCapabilities.Capability.FULL_FETCH);
      }

      @Override
      public FetchPage fetch(FetchRequest request) {
        clock.advance(Duration.ofMillis(250));
        if (n++ == 1) {
          throw refused;
        }
        return page;
      }
    };
    SourceConnector metered = MeteredConnector.wrap(fake, metrics);
    FetchRequest request = FetchRequest.full(TimeWindow.of(clock.instant(), Duration.ofDays(1)));
    assertThat(metered.fetch(request)).isSameAs(page);
    assertThatThrownBy(() -> metered.fetch(request)).isSameAs(refused);
    assertThat(MeteredConnector.wrap(metered, metrics)).as("wrapped once").isSameAs(metered);

    OperationMetrics fetch = metrics.snapshot().operation(GCAL, ConnectorOperation.FETCH).orElseThrow();
    assertThat(fetch.calls()).isEqualTo(2);
    assertThat(fetch.errors()).isEqualTo(1);
    assertThat(fetch.latency().p50()).isEqualTo(Duration.ofMillis(250));
    assertThat(fetch.latency().max()).isEqualTo(Duration.ofMillis(250));
    assertThat(recorded).containsExactly("gcal-lee fetch success PT0.25S", "gcal-lee fetch error PT0.25S");
  }

  @Test
  @DisplayName("counts each mirror operation on its own, an unknown outcome (a timeout) as an error")
  void mirrorWrites() {
    SourceRef remote = SourceRef.of(SourceSystem.GOOGLE, "evt-1", "v1");
    MirrorWriter writer = new MirrorWriter() {
      @Override
      public WriteOutcome create(MirrorWrite write) {
        return new WriteOutcome.Written(remote, true);
      }

      @Override
      public WriteOutcome update(MirrorWrite write, String expectedVersion) {
        return new WriteOutcome.Unknown(remote);
      }

      @Override
      public WriteOutcome cancel(String target, AppointmentId appointment, String expectedVersion) {
        return new WriteOutcome.Cancelled(remote);
      }

      @Override
      public Optional<WriteEcho> read(String target, AppointmentId appointment) {
        return Optional.empty();
      }
    };
    MirrorWriter metered = MeteredConnector.wrap(GCAL, writer, metrics);
    AppointmentId id = AppointmentId.random();
    MirrorWrite write = MirrorWrite.of(id, "primary", TimeWindow.of(Instant.parse("2026-03-03T14:00:00Z"),
        Duration.ofMinutes(50)), ZoneId.of("America/New_York"));
    metered.create(write);
    metered.update(write, "v1");
    metered.cancel("primary", id, "v1");
    metered.read("primary", id);

    var snapshot = metrics.snapshot();
    assertThat(snapshot.operations()).extracting(OperationMetrics::operation).containsExactly(
        ConnectorOperation.MIRROR_CREATE, ConnectorOperation.MIRROR_UPDATE, ConnectorOperation.MIRROR_CANCEL,
        ConnectorOperation.MIRROR_READ);
    assertThat(snapshot.operations()).extracting(OperationMetrics::errors).containsExactly(0L, 1L, 0L, 0L);
  }
}
