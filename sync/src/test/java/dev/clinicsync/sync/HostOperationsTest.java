package dev.clinicsync.sync;

import dev.clinicsync.core.store.AppointmentQuery;
import static dev.clinicsync.sync.Fixtures.KIM;
import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.TUESDAY_9AM;
import static dev.clinicsync.sync.Fixtures.WEEK;
import static dev.clinicsync.sync.Fixtures.appt;
import static dev.clinicsync.sync.Fixtures.busy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.AccessDeniedException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.memory.InMemoryAppointmentStore;
import dev.clinicsync.core.memory.InMemoryAuditSink;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.OverrideReason;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HostOperationsTest {
  static final Principal ADMIN = Principal.admin("u-admin");
  static final Principal DESK = Principal.frontDesk("u-desk");
  static final Principal LEE_SELF = Principal.therapist("u-lee", LEE);

  final MutableClock clock = new MutableClock(NOW);
  FakeConnector zocdoc;
  FakeConnector simplepractice;
  FakeConnector google;
  InMemoryAppointmentStore store;
  InMemoryAuditSink audit;
  SyncCoordinator coordinator;

  @BeforeEach
  void wire() {
    zocdoc = new FakeConnector("zocdoc-main", SourceSystem.ZOCDOC);
    simplepractice = new FakeConnector("sp-lee", SourceSystem.SIMPLEPRACTICE);
    google = new FakeConnector("google-lee", SourceSystem.GOOGLE);
    store = new InMemoryAppointmentStore();
    audit = new InMemoryAuditSink();
    coordinator = SyncCoordinator.builder().connectors(zocdoc, simplepractice, google).appointmentStore(store)
        .auditSink(audit).clinicianDirectory(Fixtures.clinicians()).clock(clock).build();
  }

  TimeWindow slot(Instant start, int minutes) {
    return TimeWindow.of(start, Duration.ofMinutes(minutes));
  }

  long audited(AuditAction action) {
    return audit.read(1, 100_000).stream().filter(e -> e.action() == action).count();
  }

  @Nested
  @DisplayName("conflicts across sources")
  class CrossSource {
    @Test
    @DisplayName("the Zocdoc 3 pm booking overlaps a SimplePractice session and a Google busy block, with provenance")
    void crossSourceConflict() {
      Instant threePm = Instant.parse("2026-03-03T20:00:00Z");
      Appointment zd = appt(SourceSystem.ZOCDOC, "zd-1", "v1", LEE, threePm, 50);
      Appointment sp = appt(SourceSystem.SIMPLEPRACTICE, "sp-1", "1", LEE, threePm.plus(Duration.ofMinutes(30)), 50);
      zocdoc.put(zd);
      simplepractice.put(sp);
      google.putBusy(busy("evt-dentist", LEE, threePm.minus(Duration.ofMinutes(15)), 30));
      coordinator.syncAll(ADMIN);

      Appointment storedZd = store.findBySource(zd.source()).orElseThrow();
      Appointment storedSp = store.findBySource(sp.source()).orElseThrow();
      assertThat(storedZd.conflictIds()).containsExactly(storedSp.id());
      assertThat(storedSp.conflictIds()).containsExactly(storedZd.id());

      CalendarView view = coordinator.aggregatedCalendar(ADMIN, AppointmentQuery.in(WEEK));
      CalendarEntry entry = view.entries().stream().filter(e -> e.appointment().id().equals(storedZd.id())).findFirst().orElseThrow();
      assertThat(entry.conflicts()).extracting(c -> c.kind())
          .containsExactlyInAnyOrder(ConflictKind.OVERLAP, ConflictKind.EXTERNAL_BUSY);
      assertThat(view.busyBlocks()).singleElement()
          .satisfies(b -> assertThat(b.full().orElseThrow().source().externalId()).isEqualTo("evt-dentist"));

      simplepractice.remove(sp.source());
      coordinator.syncNow(ADMIN, simplepractice.id());
      assertThat(store.findBySource(zd.source()).orElseThrow().conflictIds()).as("kept current on deletion").isEmpty();
    }

    @Test
    @DisplayName("the same visit from two sources is linked as a duplicate, not a conflict")
    void duplicates() {
      Appointment sp = appt(SourceSystem.SIMPLEPRACTICE, "sp-1", "1", LEE, TUESDAY_9AM, 50).toBuilder()
          .patient(Fixtures.patient(7)).build();
      Appointment mirrored = appt(SourceSystem.ZOCDOC, "zd-9", "1", LEE, TUESDAY_9AM, 50).toBuilder()
          .patient(Fixtures.patient(7)).build();
      simplepractice.put(sp);
      zocdoc.put(mirrored);
      coordinator.syncAll(ADMIN);
      Appointment a = store.findBySource(sp.source()).orElseThrow();
      Appointment b = store.findBySource(mirrored.source()).orElseThrow();
      assertThat(a.conflictIds()).isEmpty();
      assertThat(b.conflictIds()).isEmpty();
      CalendarEntry entry = coordinator.aggregatedCalendar(ADMIN, AppointmentQuery.in(WEEK)).entries().stream()
          .filter(e -> e.appointment().id().equals(a.id())).findFirst().orElseThrow();
      assertThat(entry.duplicates()).containsExactly(b.id());
      assertThat(entry.conflicts()).isEmpty();
    }
  }

  @Nested
  @DisplayName("aggregated calendar")
  class Calendar {
    @BeforeEach
    void data() {
      zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-lee", "v1", LEE, TUESDAY_9AM, 50));
      zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-kim", "v1", KIM, TUESDAY_9AM, 50));
      simplepractice.put(appt(SourceSystem.SIMPLEPRACTICE, "sp-lee", "1", LEE, TUESDAY_9AM.plus(Duration.ofHours(2)), 50)
          .toBuilder().status(AppointmentStatus.CANCELLED).locationId("annex").build());
      google.putBusy(busy("evt-kim", KIM, TUESDAY_9AM.plus(Duration.ofHours(4)), 30));
      google.putBusy(busy("evt-lee", LEE, TUESDAY_9AM.plus(Duration.ofHours(4)), 30));
      coordinator.syncAll(ADMIN);
    }

    @Test
    @DisplayName("admins see everything, with source metadata")
    void admin() {
      CalendarView v = coordinator.aggregatedCalendar(ADMIN, AppointmentQuery.in(WEEK));
      assertThat(v.entries()).hasSize(3);
      assertThat(v.busyBlocks()).hasSize(2);
      assertThat(v.entries()).allSatisfy(e -> assertThat(e.appointment().full().orElseThrow().sourceMetadata())
          .containsKey("visit_reason_code"));
    }

    @Test
    @DisplayName("a therapist sees only their own appointments and busy blocks, and may not ask for another's")
    void therapist() {
      CalendarView v = coordinator.aggregatedCalendar(LEE_SELF, AppointmentQuery.in(WEEK));
      assertThat(v.entries()).extracting(e -> e.appointment().clinicianId()).containsOnly(LEE).hasSize(2);
      assertThat(v.busyBlocks()).extracting(b -> b.clinicianId()).containsOnly(LEE);
      assertThatThrownBy(() -> coordinator.aggregatedCalendar(LEE_SELF,
          AppointmentQuery.builder().window(WEEK).clinician(KIM).build())).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    @DisplayName("front desk sees every clinician but no source metadata")
    void frontDesk() {
      CalendarView v = coordinator.aggregatedCalendar(DESK, AppointmentQuery.in(WEEK));
      assertThat(v.entries()).hasSize(3);
      assertThat(v.entries()).allSatisfy(e -> assertThat(e.appointment().full()).as("no source metadata").isEmpty());
      assertThat(v.busyBlocks()).hasSize(2).allSatisfy(b -> assertThat(b.full()).as("no calendar id").isEmpty());
      assertThat(coordinator.aggregatedCalendar(ADMIN, AppointmentQuery.in(WEEK)).busyBlocks())
          .allSatisfy(b -> assertThat(b.full().orElseThrow().calendarId()).isEqualTo("primary"));
    }

    @Test
    @DisplayName("a calendar query needs a window")
    void needsWindow() {
      assertThatThrownBy(() -> coordinator.aggregatedCalendar(ADMIN, AppointmentQuery.ALL))
          .isInstanceOf(ValidationException.class).hasMessageContaining("needs a window");
    }

    @Test
    @DisplayName("filters by clinician, location, source and status; every read is audited")
    void filters() {
      assertThat(coordinator.aggregatedCalendar(ADMIN, AppointmentQuery.builder().window(WEEK).clinician(KIM).build()).entries()).hasSize(1);
      assertThat(coordinator.aggregatedCalendar(ADMIN, AppointmentQuery.builder().window(WEEK).location("annex").build()).entries()).hasSize(1);
      assertThat(coordinator.aggregatedCalendar(ADMIN, AppointmentQuery.builder().window(WEEK).source(SourceSystem.ZOCDOC).build()).entries()).hasSize(2);
      assertThat(coordinator.aggregatedCalendar(ADMIN, AppointmentQuery.builder().window(WEEK).status(AppointmentStatus.CANCELLED).build()).entries()).hasSize(1);
      assertThat(audited(AuditAction.VIEW_CALENDAR)).isEqualTo(4);
    }
  }

  @Nested
  @DisplayName("booking")
  class Booking {
    @Test
    @DisplayName("a free slot is booked, its PHI kept apart, and the booking audited")
    void free() {
      AppointmentView a = coordinator.book(DESK, BookingRequest.builder(LEE, slot(TUESDAY_9AM, 50))
          .patient(Fixtures.patient(1)).phi(PhiRecord.builder().put(PhiField.PATIENT_NAME, "Jane Q").build()).build());
      assertThat(a.sourceSystem()).isEqualTo(SourceSystem.INTERNAL);
      assertThat(store.findById(a.id()).orElseThrow().revision()).isPositive();
      assertThat(audited(AuditAction.CREATE_APPOINTMENT)).isEqualTo(1);
      assertThat(audit.read(1, 100).toString()).doesNotContain("Jane");
    }

    @Test
    @DisplayName("a conflicting slot is refused with the report; back-to-back is fine")
    void refused() {
      coordinator.book(DESK, BookingRequest.builder(LEE, slot(TUESDAY_9AM, 60)).build());
      coordinator.book(DESK, BookingRequest.builder(LEE, slot(TUESDAY_9AM.plus(Duration.ofHours(1)), 60)).build());
      assertThatThrownBy(() -> coordinator.book(DESK, BookingRequest.builder(LEE, slot(TUESDAY_9AM.plus(Duration.ofMinutes(30)), 60)).build()))
          .isInstanceOfSatisfying(SchedulingConflictException.class,
              e -> assertThat(e.ofKind(ConflictKind.OVERLAP)).hasSize(2));
      assertThatThrownBy(() -> coordinator.book(DESK, BookingRequest.builder(LEE, slot(Instant.parse("2026-03-03T03:00:00Z"), 30)).build()))
          .as("22:00 in New York is outside working hours")
          .isInstanceOfSatisfying(SchedulingConflictException.class,
              e -> assertThat(e.conflicts()).extracting(c -> c.kind()).contains(ConflictKind.OUTSIDE_AVAILABILITY));
      assertThat(store.count()).isEqualTo(2);
    }

    @Test
    @DisplayName("only admins may override, with a reason; the override is audited")
    void override() {
      AppointmentView first = coordinator.book(DESK, BookingRequest.builder(LEE, slot(TUESDAY_9AM, 60)).build());
      BookingRequest overlapping = BookingRequest.builder(LEE, slot(TUESDAY_9AM, 60))
          .overrideConflicts(OverrideReason.INTENDED_OVERLAP).build();
      assertThatThrownBy(() -> coordinator.book(DESK, overlapping)).isInstanceOf(AccessDeniedException.class);
      assertThat(audited(AuditAction.ACCESS_DENIED)).isEqualTo(1);
      AppointmentView second = coordinator.book(ADMIN, overlapping);
      assertThat(second.conflictIds()).containsExactly(first.id());
      assertThat(store.findById(first.id()).orElseThrow().conflictIds()).containsExactly(second.id());
      assertThat(audit.read(1, 100)).filteredOn(e -> e.subject().equals(second.id().value())).singleElement()
          .satisfies(e -> assertThat(e.details()).containsEntry("override", "INTENDED_OVERLAP")
              .containsEntry("conflicts", "OVERLAP"));
    }

    @Test
    @DisplayName("two concurrent bookings of the same slot: exactly one wins")
    void concurrent() throws Exception {
      int threads = 8;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          int n = i;
          Callable<Boolean> task = () -> {
            go.await();
            try {
              coordinator.book(DESK, BookingRequest.builder(LEE, slot(TUESDAY_9AM.plus(Duration.ofMinutes(n)), 50)).build());
              return true;
            } catch (SchedulingConflictException e) {
              return false;
            }
          };
          results.add(pool.submit(task));
        }
        go.countDown();
        int wins = 0;
        for (Future<Boolean> f : results) {
          wins += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertThat(wins).isEqualTo(1);
        assertThat(store.count()).isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
    }

    @Test
    @DisplayName("rescheduling never conflicts with the appointment's own old slot, but refuses a taken one")
    void reschedule() {
      AppointmentView a = coordinator.book(DESK, BookingRequest.builder(LEE, slot(TUESDAY_9AM, 60)).build());
      AppointmentView b = coordinator.book(DESK, BookingRequest.builder(LEE, slot(TUESDAY_9AM.plus(Duration.ofHours(2)), 60)).build());
      AppointmentView moved = coordinator.reschedule(DESK, a.id(), slot(TUESDAY_9AM.plus(Duration.ofMinutes(30)), 60));
      assertThat(moved.start()).isEqualTo(TUESDAY_9AM.plus(Duration.ofMinutes(30)));
      assertThatThrownBy(() -> coordinator.reschedule(DESK, a.id(), slot(TUESDAY_9AM.plus(Duration.ofMinutes(150)), 60)))
          .isInstanceOf(SchedulingConflictException.class);
      assertThat(store.findById(b.id()).orElseThrow().conflictIds()).isEmpty();
      assertThat(audited(AuditAction.RESCHEDULE_APPOINTMENT)).isEqualTo(1);
    }

    @Test
    @DisplayName("cancelling frees the slot and clears the partner's conflict ids")
    void cancel() {
      AppointmentView a = coordinator.book(DESK, BookingRequest.builder(LEE, slot(TUESDAY_9AM, 60)).build());
      AppointmentView b = coordinator.book(ADMIN, BookingRequest.builder(LEE, slot(TUESDAY_9AM, 60))
          .overrideConflicts(OverrideReason.URGENT_CARE).build());
      assertThat(store.findById(a.id()).orElseThrow().conflictIds()).contains(b.id());
      coordinator.cancel(DESK, b.id());
      assertThat(store.findById(a.id()).orElseThrow().conflictIds()).isEmpty();
      assertThat(store.findById(b.id()).orElseThrow().status()).isEqualTo(AppointmentStatus.CANCELLED);
      coordinator.book(DESK, BookingRequest.builder(LEE, slot(TUESDAY_9AM.plus(Duration.ofHours(3)), 60)).build());
    }
  }

  @Nested
  @DisplayName("conflict resolution")
  class Resolve {
    AppointmentView existing;
    AppointmentView fresh;

    @BeforeEach
    void conflict() {
      existing = coordinator.book(DESK, BookingRequest.builder(LEE, slot(TUESDAY_9AM, 60)).build());
      fresh = coordinator.book(ADMIN, BookingRequest.builder(LEE, slot(TUESDAY_9AM, 60))
          .overrideConflicts(OverrideReason.URGENT_CARE).build());
    }

    @Test
    @DisplayName("cancel-new cancels the new one and clears both")
    void cancelNew() {
      List<AppointmentView> after = coordinator.resolveConflict(DESK, Resolution.cancelNew(), fresh.id(), existing.id());
      assertThat(after.get(0).status()).isEqualTo(AppointmentStatus.CANCELLED);
      assertThat(after).allSatisfy(a -> assertThat(a.conflictIds()).isEmpty());
      assertThat(audited(AuditAction.RESOLVE_CONFLICT)).isEqualTo(1);
    }

    @Test
    @DisplayName("cancel-existing cancels the existing one")
    void cancelExisting() {
      List<AppointmentView> after = coordinator.resolveConflict(DESK, Resolution.cancelExisting(), fresh.id(), existing.id());
      assertThat(after.get(1).status()).isEqualTo(AppointmentStatus.CANCELLED);
      assertThat(after.get(0).conflictIds()).isEmpty();
    }

    @Test
    @DisplayName("reschedule moves one of them to a free slot, and is re-checked")
    void reschedule() {
      List<AppointmentView> after = coordinator.resolveConflict(DESK,
          Resolution.reschedule(fresh.id(), slot(TUESDAY_9AM.plus(Duration.ofHours(2)), 60)), fresh.id(), existing.id());
      assertThat(after).allSatisfy(a -> assertThat(a.conflictIds()).isEmpty());
      assertThatThrownBy(() -> coordinator.resolveConflict(DESK, Resolution.cancelNew(), fresh.id(), existing.id()))
          .as("no longer in conflict").isInstanceOf(ValidationException.class);
    }

    @Test
    @DisplayName("accept-override keeps both, for admins only, audited without the free-text reason")
    void acceptOverride() {
      assertThatThrownBy(() -> coordinator.resolveConflict(DESK, Resolution.acceptOverride(OverrideReason.INTENDED_OVERLAP),
          fresh.id(), existing.id())).isInstanceOf(AccessDeniedException.class);
      List<AppointmentView> after = coordinator.resolveConflict(ADMIN,
          Resolution.acceptOverride(OverrideReason.INTENDED_OVERLAP), fresh.id(), existing.id());
      assertThat(after).allSatisfy(a -> {
        assertThat(a.conflictIds()).isNotEmpty();
        assertThat(a.override()).hasValueSatisfying(o -> assertThat(o.reason()).isEqualTo(OverrideReason.INTENDED_OVERLAP));
      });
      assertThat(audit.read(1, 1000)).anySatisfy(e -> {
        assertThat(e.action()).isEqualTo(AuditAction.RESOLVE_CONFLICT);
        assertThat(e.details()).containsEntry("action", "ACCEPT_OVERRIDE").containsEntry("reason", "INTENDED_OVERLAP");
      });
    }
  }

  @Test
  @DisplayName("the audit trail is for admins only, and verifies its hash chain")
  void auditTrail() {
    coordinator.book(DESK, BookingRequest.builder(LEE, slot(TUESDAY_9AM, 60)).build());
    assertThatThrownBy(() -> coordinator.auditTrail(DESK, AuditQuery.first(10))).isInstanceOf(AccessDeniedException.class);
    AuditTrail trail = coordinator.auditTrail(ADMIN, AuditQuery.first(100));
    assertThat(trail.verification().isIntact()).isTrue();
    assertThat(trail.events()).extracting(e -> e.action())
        .containsExactly(AuditAction.CREATE_APPOINTMENT, AuditAction.ACCESS_DENIED, AuditAction.VIEW_AUDIT);
  }
}
