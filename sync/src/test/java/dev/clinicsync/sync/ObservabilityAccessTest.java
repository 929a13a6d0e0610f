package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.access.AccessDeniedException;
import dev.clinicsync.core.access.AccessPolicy;
import dev.clinicsync.core.access.Operation;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditEvent;
import dev.clinicsync.core.memory.InMemoryAuditSink;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.testkit.MutableClock;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Metrics, alerts and event counters")
class ObservabilityAccessTest {
  static final Principal ADMIN = Principal.admin("u-admin");
  static final Principal DESK = Principal.frontDesk("u-desk");
  static final Principal LEE_SELF = Principal.therapist("u-lee", LEE);

  final InMemoryAuditSink audit = new InMemoryAuditSink();
  final FakeConnector feed = new FakeConnector("zocdoc-main", SourceSystem.ZOCDOC);
  final SyncCoordinator coordinator = SyncCoordinator.builder().connectors(feed).auditSink(audit)
      .clinicianDirectory(Fixtures.clinicians()).clock(new MutableClock(NOW))
      // even a policy granting therapists more for themselves keeps metrics administrative
      .accessPolicy(AccessPolicy.DEFAULT.allowingTherapistsOwn(Operation.EDIT_AVAILABILITY))
      .build();

  @AfterEach
  void close() {
    coordinator.close();
  }

  static Stream<Arguments> reads() {
    return Stream.of(
        Arguments.of("metrics", (BiConsumer<SyncCoordinator, Principal>) SyncCoordinator::metrics),
        Arguments.of("alerts", (BiConsumer<SyncCoordinator, Principal>) SyncCoordinator::alerts),
        Arguments.of("eventStats", (BiConsumer<SyncCoordinator, Principal>) SyncCoordinator::eventStats),
        Arguments.of("observability().metrics",
            (BiConsumer<SyncCoordinator, Principal>) (c, p) -> c.observability().metrics(p)),
        Arguments.of("observability().alerts",
            (BiConsumer<SyncCoordinator, Principal>) (c, p) -> c.observability().alerts(p)),
        Arguments.of("observability().requireReader",
            (BiConsumer<SyncCoordinator, Principal>) (c, p) -> c.observability().requireReader(p)),
        Arguments.of("events().stats",
            (BiConsumer<SyncCoordinator, Principal>) (c, p) -> c.events().stats(p)));
  }

  private List<AuditEvent> denials() {
    return audit.read(1, 10_000).stream().filter(e -> e.action() == AuditAction.ACCESS_DENIED).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reads")
  @DisplayName("refuse front desk and therapists, auditing each denial as VIEW_METRICS")
  void refusedToNonAdmins(String name, BiConsumer<SyncCoordinator, Principal> read) {
    coordinator.syncNow(ADMIN, feed.id());
    for (Principal p : new Principal[] {DESK, LEE_SELF}) {
      assertThatThrownBy(() -> read.accept(coordinator, p)).isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("VIEW_METRICS");
    }
    assertThat(denials()).hasSize(2).allSatisfy(e -> {
      assertThat(e.details()).containsEntry("operation", "VIEW_METRICS");
      assertThat(e.subject()).isEmpty();
    }).extracting(AuditEvent::actor).containsExactly("u-desk", "u-lee");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reads")
  @DisplayName("answer an admin, without an audit event for the read")
  void allowedToAdmins(String name, BiConsumer<SyncCoordinator, Principal> read) {
    long before = audit.read(1, 10_000).size();
    read.accept(coordinator, ADMIN);
    assertThat(audit.read(1, 10_000)).hasSize((int) before);
  }

  @Test
  @DisplayName("are the same numbers through the coordinator and through its facet")
  void facetAndCoordinatorAgree() {
    coordinator.syncNow(ADMIN, feed.id());
    assertThat(coordinator.observability().metrics(ADMIN).sync(feed.id()))
        .isEqualTo(coordinator.metrics(ADMIN).sync(feed.id()));
    assertThat(coordinator.observability().alerts(ADMIN)).isEqualTo(coordinator.alerts(ADMIN));
    assertThat(coordinator.events().stats(ADMIN).published()).isEqualTo(coordinator.eventStats(ADMIN).published());
  }
}
