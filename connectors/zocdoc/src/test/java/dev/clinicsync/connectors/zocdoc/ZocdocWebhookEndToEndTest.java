package dev.clinicsync.connectors.zocdoc;

import static dev.clinicsync.connectors.zocdoc.WebhookSigner.KEY_NAME;
import static dev.clinicsync.connectors.zocdoc.WebhookSigner.notice;
import static dev.clinicsync.connectors.zocdoc.WebhookSigner.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clinicsync.core.access.AccessDeniedException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditEvent;
import dev.clinicsync.core.audit.AuditKeys;
import dev.clinicsync.core.memory.InMemoryAppointmentStore;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.sync.BookingRequest;
import dev.clinicsync.sync.SchedulingConflictException;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.sync.AuditQuery;
import dev.clinicsync.sync.SyncCoordinator;
import dev.clinicsync.sync.SyncMode;
import dev.clinicsync.sync.SyncOutcome;
import dev.clinicsync.sync.SyncReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Zocdoc webhook → coordinator → store")
class ZocdocWebhookEndToEndTest {
  static final Principal ADMIN = Principal.admin("admin-1");
  static final Principal WEBHOOK = Principal.admin("zocdoc-webhook");
  static final ClinicianId QUINCY = ClinicianId.of("dr-quincy");
  static final Instant MONDAY_NINE = Instant.parse("2026-03-02T14:00:00Z");

  private final CappedZocdocStub zocdoc = new CappedZocdocStub();
  private final ZocdocTestSetup setup = new ZocdocTestSetup();
  private final InMemoryAppointmentStore store = new InMemoryAppointmentStore();
  private SyncCoordinator coordinator;
  private ZocdocWebhookHandler handler;
  private ZocdocConnector connector;

  @BeforeEach
  void wire() {
    setup.secrets.put(AuditKeys.DEFAULT_SECRET_NAME, Secret.of("audit-hmac-key-of-at-least-32-bytes-000"));
    setup.secrets.put(KEY_NAME, Secret.of(WebhookSigner.KEY));
    setup.clinicians.save(Clinician.of(QUINCY, "Dr. Quincy", ZocdocPayloads.NEW_YORK,
        WeeklyAvailability.builder().weekdays(LocalTimeRange.of("08:00", "20:00")).build()).withExternalIds(Set.of(ExternalIdentity.of(SourceSystem.ZOCDOC, ZocdocPayloads.PROVIDER))));
    connector = setup.connector(setup.config(zocdoc.baseUrl(), zocdoc.target(), Map.of()));
    coordinator = SyncCoordinator.builder().clock(setup.sleeper.clock()).secretStore(setup.secrets)
        .clinicianDirectory(setup.clinicians).appointmentStore(store).connectors(connector)
        .window(Duration.ofDays(1), Duration.ofDays(14)).build();
    handler = ZocdocWebhookHandler.builder(connector.id(), setup.secrets, KEY_NAME, setup.sleeper.clock(),
        (id, ids) -> accepted(coordinator.refresh(WEBHOOK, id, ids))).build();
    for (int i = 1; i <= 10; i++) {
      zocdoc.put(ZocdocPayloads.appointment(ZocdocPayloads.id(i), MONDAY_NINE.plus(Duration.ofHours(i))));
    }
  }

  /** Applied, or held for an admin by the mass-deletion guard: either way Zocdoc need not redeliver. */
  private static boolean accepted(SyncReport report) {
    return report.outcome() == SyncOutcome.APPLIED || report.outcome() == SyncOutcome.HELD;
  }

  @AfterEach
  void stop() {
    coordinator.close();
    zocdoc.close();
  }

  private Optional<Appointment> stored(int n) {
    return store.findBySource(SourceRef.of(SourceSystem.ZOCDOC, ZocdocPayloads.id(n)));
  }

  private Instant now() {
    return setup.sleeper.clock().instant();
  }

  @Test
  @DisplayName("a signed notice fetches that one appointment and the store follows: cancelled, gone, the rest untouched")
  void noticeUpdatesTheStore() {
    assertThat(coordinator.syncNow(ADMIN, connector.id()).created()).isEqualTo(10);
    int callsAfterSync = zocdoc.listCalls();

    ObjectNode cancelled = ZocdocPayloads.appointment(ZocdocPayloads.id(2), MONDAY_NINE.plus(Duration.ofHours(2)),
        Duration.ofMinutes(30), "cancelled");
    cancelled.put("last_modified_time_utc", "2026-03-01T12:00:05.000Z");
    zocdoc.put(cancelled);
    zocdoc.remove(ZocdocPayloads.id(3));
    // changed too, but no notice names it: a targeted refresh must leave it alone
    zocdoc.put(ZocdocPayloads.appointment(ZocdocPayloads.id(1), MONDAY_NINE.plus(Duration.ofHours(5))));

    WebhookResult first = handler.handle(signed(notice(ZocdocPayloads.id(2), "cancelled", now()), now()));
    WebhookResult second = handler.handle(signed(notice(ZocdocPayloads.id(3), "cancelled", now()), now()));

    assertThat(first.outcome()).isEqualTo(WebhookResult.Outcome.REFRESHED);
    assertThat(second.outcome()).isEqualTo(WebhookResult.Outcome.REFRESHED);
    assertThat(stored(2)).hasValueSatisfying(a -> assertThat(a.status()).isEqualTo(AppointmentStatus.CANCELLED));
    assertThat(stored(3)).as("the appointment Zocdoc no longer shows").isEmpty();
    assertThat(stored(1)).hasValueSatisfying(a -> assertThat(a.start()).isEqualTo(MONDAY_NINE.plus(Duration.ofHours(1))));
    assertThat(zocdoc.listCalls()).as("list calls: a notice fetches by id, never the whole window").isEqualTo(callsAfterSync);

    List<AuditEvent> events = coordinator.auditTrail(ADMIN, AuditQuery.first(200)).events();
    assertThat(events).filteredOn(e -> e.action() == AuditAction.SYNC_COMPLETED)
        .filteredOn(e -> "TARGETED".equals(e.details().get("mode")))
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.actor()).isEqualTo(Principal.SYSTEM.userId()));
    assertThat(events.toString()).doesNotContain(ZocdocPayloads.LAST).doesNotContain(ZocdocPayloads.PHONE);
  }

  @Test
  @DisplayName("a notice about an appointment never synced before creates it")
  void noticeCreates() {
    zocdoc.put(ZocdocPayloads.appointment(ZocdocPayloads.id(7), MONDAY_NINE.plus(Duration.ofHours(7)),
        Duration.ofMinutes(30), "pending_booking"));
    handler.handle(signed(notice(ZocdocPayloads.id(7), "created", now()), now()));
    assertThat(stored(7)).hasValueSatisfying(a -> {
      assertThat(a.status()).isEqualTo(AppointmentStatus.PENDING);
      assertThat(a.connector()).contains(connector.id());
    });
  }

  @Test
  @DisplayName("a targeted refresh is access-checked like syncNow, and reports its mode")
  void refreshIsAccessChecked() {
    assertThatThrownBy(() -> coordinator.refresh(Principal.frontDesk("desk-1"), connector.id(), Set.of(ZocdocPayloads.id(1))))
        .isInstanceOf(AccessDeniedException.class);
    SyncReport report = coordinator.refresh(ADMIN, connector.id(), Set.of(ZocdocPayloads.id(1)));
    assertThat(report.mode()).isEqualTo(SyncMode.TARGETED);
    assertThat(report.outcome()).isEqualTo(SyncOutcome.APPLIED);
    assertThat(report.created()).isEqualTo(1);
    assertThat(report.cursorAdvanced()).isFalse();
  }

  @Test
  @DisplayName("when the vendor fails, the notice is refused for redelivery and nothing changes")
  void vendorFailureAsksForRedelivery() {
    zocdoc.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
        com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/v1/appointments/.+")).atPriority(1)
        .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503)));
    WebhookRejectedException e = org.assertj.core.api.Assertions.catchThrowableOfType(WebhookRejectedException.class,
        () -> handler.handle(signed(notice(ZocdocPayloads.id(1), "updated", now()), now())));
    assertThat(e.reason()).isEqualTo(WebhookRejectedException.Reason.RETRY_LATER);
    assertThat(stored(1)).isEmpty();
  }

  @Test
  @DisplayName("a pending booking holds its slot against a new booking; a failed booking frees it")
  void pendingHoldsFailedFrees() {
    Instant tuesdayTen = Instant.parse("2026-03-03T15:00:00Z");
    zocdoc.put(ZocdocPayloads.appointment(ZocdocPayloads.id(21), tuesdayTen, Duration.ofMinutes(30), "pending_booking"));
    zocdoc.put(ZocdocPayloads.appointment(ZocdocPayloads.id(22), tuesdayTen.plus(Duration.ofHours(1)),
        Duration.ofMinutes(30), "booking_failed"));
    coordinator.syncNow(ADMIN, connector.id());
    Principal desk = Principal.frontDesk("desk-1");
    assertThatThrownBy(() -> coordinator.book(desk, BookingRequest.builder(QUINCY,
        TimeWindow.of(tuesdayTen, Duration.ofMinutes(30))).build())).isInstanceOf(SchedulingConflictException.class);
    assertThat(coordinator.book(desk, BookingRequest.builder(QUINCY,
        TimeWindow.of(tuesdayTen.plus(Duration.ofHours(1)), Duration.ofMinutes(30))).build())).isNotNull();
  }
}
