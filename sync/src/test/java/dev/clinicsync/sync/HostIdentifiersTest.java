package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.TUESDAY_9AM;
import static dev.clinicsync.sync.Fixtures.WEEK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.memory.InMemoryAuditSink;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue #12 §6: host-supplied strings that land in the calendar or the audit trail are identifiers. */
class HostIdentifiersTest {
  static final Principal DESK = Principal.frontDesk("u-desk");
  static final String ADDRESS = "Dr Jane Doe's home, 12 Elm St";
  static final TimeWindow SLOT = TimeWindow.of(TUESDAY_9AM, Duration.ofMinutes(50));

  final InMemoryAuditSink audit = new InMemoryAuditSink();
  final CountingAppointmentStore store = new CountingAppointmentStore();
  SyncCoordinator coordinator;

  @BeforeEach
  void wire() {
    coordinator = SyncCoordinator.builder().appointmentStore(store).auditSink(audit)
        .clinicianDirectory(Fixtures.clinicians()).clock(new MutableClock(NOW)).build();
    CapturedLogs.clear();
  }

  @Test
  @DisplayName("a location that is an address is refused naming the field; the value is in no message, record, audit event or log line")
  void addressRefused() {
    assertThat(CapturedLogs.installed()).as("log lines are captured").isTrue();
    Throwable viaBuilder = catchThrowable(() -> coordinator.book(DESK,
        BookingRequest.builder(LEE, SLOT).locationId(ADDRESS).build()));
    Throwable viaConstructor = catchThrowable(() -> new BookingRequest(LEE, SLOT, Optional.empty(),
        AppointmentType.CONSULT, AppointmentStatus.SCHEDULED, Optional.of(ADDRESS), Optional.empty(), Optional.empty()));

    for (Throwable t : new Throwable[] {viaBuilder, viaConstructor}) {
      assertThat(t).isInstanceOf(ValidationException.class).hasMessageContaining("booking location id");
      assertThat(t.getMessage() + t).doesNotContain("Jane", "Elm", ADDRESS);
    }
    assertThat(store.count()).isZero();
    assertThat(audit.read(1, 1_000).toString()).doesNotContain("Jane", "Elm");
    assertThat(CapturedLogs.lines()).noneMatch(l -> l.contains("Jane") || l.contains("Elm"));
  }

  @Test
  @DisplayName("a sync plan id that is not an identifier is refused naming the field, never echoed or audited")
  void planIdRefused() {
    Principal admin = Principal.admin("u-admin");
    for (Throwable t : new Throwable[] {catchThrowable(() -> coordinator.applyPlan(admin, ADDRESS)),
        catchThrowable(() -> coordinator.discardPlan(admin, ADDRESS))}) {
      assertThat(t).isInstanceOf(ValidationException.class).hasMessageContaining("sync plan id");
      assertThat(t.getMessage() + t).doesNotContain("Jane", "Elm");
    }
    assertThat(audit.read(1, 1_000).toString()).doesNotContain("Jane", "Elm");
    assertThat(CapturedLogs.lines()).noneMatch(l -> l.contains("Jane") || l.contains("Elm"));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"annex 2", "main\n", "=HYPERLINK(x)", "suite#4", "Zimmer-\u00fc"})
  @DisplayName("any location that is not an identifier is refused")
  void notIdentifiers(String location) {
    assertThat(catchThrowable(() -> BookingRequest.builder(LEE, SLOT).locationId(location).build()))
        .isInstanceOf(ValidationException.class).hasMessageContaining("booking location id");
  }

  @Test
  @DisplayName("a location id is stored and shown in the calendar")
  void identifierAccepted() {
    AppointmentView booked = coordinator.book(DESK, BookingRequest.builder(LEE, SLOT).locationId("annex-2").build());
    assertThat(booked.locationId()).contains("annex-2");
    assertThat(coordinator.aggregatedCalendar(DESK, AppointmentQuery.builder().window(WEEK).location("annex-2").build())
        .entries()).singleElement().satisfies(e -> assertThat(e.appointment().id()).isEqualTo(booked.id()));
  }
}
