package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.TUESDAY_9AM;
import static dev.clinicsync.sync.Fixtures.WEEK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.conflict.Provenance;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.memory.InMemoryAuditSink;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A SimplePractice session and its copy in Google (SimplePractice's own calendar sync, read from a
 * calendar marked as receiving it) are one visit in the aggregated calendar: a linked duplicate,
 * not a conflict; front desk sees the copy's source system only.
 */
class SyncCopyDuplicateTest {
  static final Principal ADMIN = Principal.admin("u-admin");
  static final Principal DESK = Principal.frontDesk("u-desk");

  final CountingAppointmentStore store = new CountingAppointmentStore();
  final FakeConnector simplePractice = new FakeConnector("sp-lee", SourceSystem.SIMPLEPRACTICE);
  final FakeConnector google = new FakeConnector("google-lee", SourceSystem.GOOGLE);
  SyncCoordinator coordinator;
  Appointment session;

  @BeforeEach
  void wire() {
    coordinator = SyncCoordinator.builder().connectors(simplePractice, google).appointmentStore(store)
        .auditSink(new InMemoryAuditSink()).clinicianDirectory(Fixtures.clinicians()).clock(new MutableClock(NOW))
        .build();
    simplePractice.put(Fixtures.appt(SourceSystem.SIMPLEPRACTICE, "sp-appt-5eed0042@simplepractice.com", "v1", LEE,
        TUESDAY_9AM, 50));
    // the copy SimplePractice's sync wrote, at the session's times, and a personal event after it
    google.putBusy(BusyBlock.timed(SourceRef.of(SourceSystem.GOOGLE, "spsync5c0b0001_20260303T140000Z", "\"3391\""),
        "lee.sessions@group.calendar.google.com", LEE, TUESDAY_9AM, TUESDAY_9AM.plus(Duration.ofMinutes(50)))
        .asCopyOf(SourceSystem.SIMPLEPRACTICE));
    google.putBusy(BusyBlock.timed(SourceRef.of(SourceSystem.GOOGLE, "gev00000007xdentist", "\"3392\""),
        "lee.sessions@group.calendar.google.com", LEE, TUESDAY_9AM.plus(Duration.ofMinutes(40)),
        TUESDAY_9AM.plus(Duration.ofMinutes(100))));
    coordinator.syncAll(ADMIN);
    session = store.findBySource(SourceRef.of(SourceSystem.SIMPLEPRACTICE, "sp-appt-5eed0042@simplepractice.com"))
        .orElseThrow();
  }

  CalendarEntry entry(Principal p) {
    return coordinator.aggregatedCalendar(p, AppointmentQuery.builder().window(WEEK).clinician(LEE).build())
        .entries().stream().filter(e -> e.appointment().id().equals(session.id())).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("the copy is listed as a linked duplicate of the session, and only the personal event as a conflict")
  void linked() {
    CalendarEntry e = entry(ADMIN);
    assertThat(e.hasDuplicates()).isTrue();
    assertThat(e.duplicates()).isEmpty();
    assertThat(e.duplicateBusyBlocks()).singleElement().satisfies(c -> {
      assertThat(c.kind()).isEqualTo(ConflictKind.DUPLICATE);
      assertThat(c.otherSource()).contains(SourceSystem.GOOGLE);
      assertThat(c.full().orElseThrow().provenance()).isInstanceOfSatisfying(Provenance.ExternalBusy.class,
          b -> assertThat(b.source().externalId()).isEqualTo("spsync5c0b0001_20260303T140000Z"));
    });
    assertThat(e.conflicts()).singleElement().satisfies(c -> {
      assertThat(c.kind()).isEqualTo(ConflictKind.EXTERNAL_BUSY);
      assertThat(c.window().start()).isEqualTo(TUESDAY_9AM.plus(Duration.ofMinutes(40)));
    });
    assertThat(coordinator.aggregatedCalendar(ADMIN, AppointmentQuery.in(WEEK)).busyBlocks())
        .filteredOn(b -> b.copyOf().isPresent()).singleElement()
        .satisfies(b -> assertThat(b.copyOf()).contains(SourceSystem.SIMPLEPRACTICE));
  }

  @Test
  @DisplayName("front desk sees the copy's source system, never its event id or calendar")
  void frontDesk() {
    CalendarEntry e = entry(DESK);
    assertThat(e.duplicateBusyBlocks()).singleElement().satisfies(c -> {
      assertThat(c.otherSource()).contains(SourceSystem.GOOGLE);
      assertThat(c.full()).isEmpty();
    });
    assertThat(e.toString()).doesNotContain("spsync5c0b0001", "lee.sessions@group.calendar.google.com");
  }

  @Test
  @DisplayName("a booking over the session is refused: the session and its copy are busy time for anyone else")
  void bookingOverTheSession() {
    assertThat(coordinator.check(ADMIN, LEE, session.window())).extracting(ConflictView::kind)
        .containsExactlyInAnyOrder(ConflictKind.OVERLAP, ConflictKind.EXTERNAL_BUSY, ConflictKind.EXTERNAL_BUSY);
  }
}
