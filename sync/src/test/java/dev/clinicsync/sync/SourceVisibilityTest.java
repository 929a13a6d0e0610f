package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.KIM;
import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.TUESDAY_9AM;
import static dev.clinicsync.sync.Fixtures.WEEK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.conflict.Provenance;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.memory.InMemoryAuditSink;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Issue #12 §6: front desk sees the source system of every record, never the vendor's side of it
 * (external ids, versions, provider ids, metadata, calendar ids) — in calendar entries, conflict
 * provenance, refused bookings and resolution results. Admins see everything; a therapist sees
 * their own in full.
 */
class SourceVisibilityTest {
  static final Principal ADMIN = Principal.admin("u-admin");
  static final Principal DESK = Principal.frontDesk("u-desk");
  static final Principal LEE_SELF = Principal.therapist("u-lee", LEE);
  /** Everything vendor-side planted in the records; none of it may reach front desk. */
  static final String[] VENDOR_SIDE = {"zd-ext-4711", "etag-4711", "prov-4711", "R12-4711", "evt-4711",
      "lee.personal@example.com", "zd-ext-kim-4712"};

  final CountingAppointmentStore store = new CountingAppointmentStore();
  final FakeConnector zocdoc = new FakeConnector("zocdoc-main", SourceSystem.ZOCDOC);
  final FakeConnector google = new FakeConnector("google-lee", SourceSystem.GOOGLE);
  SyncCoordinator coordinator;
  Appointment zocdocLee;

  @BeforeEach
  void wire() {
    coordinator = SyncCoordinator.builder().connectors(zocdoc, google).appointmentStore(store)
        .auditSink(new InMemoryAuditSink()).clinicianDirectory(Fixtures.clinicians()).clock(new MutableClock(NOW))
        .build();
    zocdoc.put(Fixtures.appt(SourceSystem.ZOCDOC, "zd-ext-4711", "etag-4711", LEE, TUESDAY_9AM, 60).toBuilder()
        .vendorProviderId("prov-4711").putSourceMetadata("visit_reason_code", "R12-4711").build());
    zocdoc.put(Fixtures.appt(SourceSystem.ZOCDOC, "zd-ext-kim-4712", "etag-4711", KIM, TUESDAY_9AM, 60));
    google.putBusy(BusyBlock.timed(SourceRef.of(SourceSystem.GOOGLE, "evt-4711", "etag-4711"),
        "lee.personal@example.com", LEE, TUESDAY_9AM.plus(Duration.ofMinutes(30)), TUESDAY_9AM.plus(Duration.ofHours(2))));
    coordinator.syncAll(ADMIN);
    zocdocLee = store.findBySource(SourceRef.of(SourceSystem.ZOCDOC, "zd-ext-4711")).orElseThrow();
  }

  static TimeWindow slot(int minutesAfterNine, int minutes) {
    return TimeWindow.of(TUESDAY_9AM.plus(Duration.ofMinutes(minutesAfterNine)), Duration.ofMinutes(minutes));
  }

  CalendarEntry leeEntry(Principal p) {
    return coordinator.aggregatedCalendar(p, AppointmentQuery.builder().window(WEEK).clinician(LEE).build())
        .entries().stream().filter(e -> e.appointment().id().equals(zocdocLee.id())).findFirst().orElseThrow();
  }

  @Nested
  @DisplayName("front desk")
  class FrontDesk {
    @Test
    @DisplayName("calendar entries, their conflicts and busy blocks name the source system only")
    void calendar() {
      CalendarView view = coordinator.aggregatedCalendar(DESK, AppointmentQuery.in(WEEK));
      assertThat(view.entries()).hasSize(2).allSatisfy(e -> {
        assertThat(e.appointment().sourceSystem()).isEqualTo(SourceSystem.ZOCDOC);
        assertThat(e.appointment().full()).isEmpty();
        assertThat(e.conflicts()).allSatisfy(c -> assertThat(c.full()).isEmpty());
      });
      assertThat(leeEntry(DESK).conflicts()).singleElement().satisfies(c -> {
        assertThat(c.kind()).isEqualTo(ConflictKind.EXTERNAL_BUSY);
        assertThat(c.otherSource()).contains(SourceSystem.GOOGLE);
      });
      assertThat(view.busyBlocks()).singleElement().satisfies(b -> {
        assertThat(b.sourceSystem()).isEqualTo(SourceSystem.GOOGLE);
        assertThat(b.full()).isEmpty();
      });
      assertThat(view.toString()).doesNotContain(VENDOR_SIDE);
    }

    @Test
    @DisplayName("a refused booking's conflicts name the other side's system, not its vendor ids")
    void refusedBooking() {
      SchedulingConflictException e = catchThrowableOfType(
          () -> coordinator.book(DESK, BookingRequest.builder(LEE, slot(15, 30)).build()), SchedulingConflictException.class);
      assertThat(e.conflicts()).extracting(ConflictView::kind)
          .containsExactlyInAnyOrder(ConflictKind.OVERLAP, ConflictKind.EXTERNAL_BUSY);
      assertThat(e.ofKind(ConflictKind.OVERLAP)).singleElement().satisfies(c -> {
        assertThat(c.otherAppointment()).contains(zocdocLee.id());
        assertThat(c.otherSource()).contains(SourceSystem.ZOCDOC);
      });
      assertThat(e.conflicts()).allSatisfy(c -> assertThat(c.full()).isEmpty());
      assertThat(e + " " + e.conflicts()).doesNotContain(VENDOR_SIDE);
    }

    @Test
    @DisplayName("resolution, reschedule and cancel results show the source system only")
    void results() {
      AppointmentView walkIn = coordinator.book(ADMIN, BookingRequest.builder(LEE, slot(0, 60))
          .overrideConflicts(dev.clinicsync.core.model.OverrideReason.URGENT_CARE).build());
      List<AppointmentView> after = coordinator.resolveConflict(DESK,
          Resolution.reschedule(zocdocLee.id(), slot(300, 60)), walkIn.id(), zocdocLee.id());
      assertThat(after).allSatisfy(v -> assertThat(v.full()).isEmpty());
      assertThat(after.get(1).sourceSystem()).isEqualTo(SourceSystem.ZOCDOC);
      AppointmentView moved = coordinator.reschedule(DESK, zocdocLee.id(), slot(360, 60));
      AppointmentView cancelled = coordinator.cancel(DESK, zocdocLee.id());
      assertThat(List.of(moved, cancelled)).allSatisfy(v -> assertThat(v.full()).isEmpty());
      assertThat(after + " " + moved + " " + cancelled).doesNotContain(VENDOR_SIDE);
    }
  }

  @Nested
  @DisplayName("admins")
  class Admins {
    @Test
    @DisplayName("see every record in full: source refs, provider ids, metadata, provenance and calendars")
    void everything() {
      CalendarEntry e = leeEntry(ADMIN);
      Appointment full = e.appointment().full().orElseThrow();
      assertThat(full.source()).isEqualTo(SourceRef.of(SourceSystem.ZOCDOC, "zd-ext-4711", "etag-4711"));
      assertThat(full.vendorProviderId()).contains("prov-4711");
      assertThat(full.sourceMetadata()).containsEntry("visit_reason_code", "R12-4711");
      assertThat(e.conflicts()).singleElement().satisfies(c -> assertThat(c.full().orElseThrow().provenance())
          .isInstanceOfSatisfying(Provenance.ExternalBusy.class, b -> {
            assertThat(b.source().externalId()).isEqualTo("evt-4711");
            assertThat(b.calendarId()).isEqualTo("lee.personal@example.com");
          }));
      assertThat(coordinator.aggregatedCalendar(ADMIN, AppointmentQuery.in(WEEK)).busyBlocks()).singleElement()
          .satisfies(b -> assertThat(b.full().orElseThrow().calendarId()).isEqualTo("lee.personal@example.com"));
      SchedulingConflictException refused = catchThrowableOfType(
          () -> coordinator.book(ADMIN, BookingRequest.builder(LEE, slot(15, 30)).build()), SchedulingConflictException.class);
      assertThat(refused.conflicts()).allSatisfy(c -> assertThat(c.full()).isPresent());
    }

    @Test
    @DisplayName("even in full, a view's toString prints no vendor ids (they must not reach logs)")
    void toStringIsSafe() {
      CalendarView view = coordinator.aggregatedCalendar(ADMIN, AppointmentQuery.in(WEEK));
      assertThat(view.entries()).allSatisfy(e -> assertThat(e.appointment().full()).isPresent());
      assertThat(view.toString()).doesNotContain(VENDOR_SIDE);
    }
  }

  @Nested
  @DisplayName("therapists")
  class Therapists {
    @Test
    @DisplayName("see their own appointments, conflicts and busy blocks in full")
    void ownInFull() {
      CalendarView view = coordinator.aggregatedCalendar(LEE_SELF, AppointmentQuery.in(WEEK));
      assertThat(view.entries()).singleElement().satisfies(e -> {
        assertThat(e.appointment().full().orElseThrow().source().externalId()).isEqualTo("zd-ext-4711");
        assertThat(e.conflicts()).allSatisfy(c -> assertThat(c.full()).isPresent());
      });
      assertThat(view.busyBlocks()).singleElement().satisfies(b -> assertThat(b.full()).isPresent());
      assertThat(view.toString()).doesNotContain("zd-ext-kim-4712");
    }
  }
}
