package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.TUESDAY_9AM;
import static dev.clinicsync.sync.Fixtures.WEEK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.OverrideReason;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.phi.AesGcmPhiVault;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.phi.PhiVault;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue #12 §5: an audited operation stores its change and its audit event together or neither.
 * During an audit-store outage a booking, reschedule, cancel or resolution is undone and refused
 * with a {@link StorageException}; the same call succeeds once the store is back.
 */
class AuditOutageTest {
  static final Principal ADMIN = Principal.admin("u-admin");
  static final Principal DESK = Principal.frontDesk("u-desk");

  /** The default vault, remembering which ids ever held PHI. */
  static final class WatchedVault implements PhiVault {
    final PhiVault vault = AesGcmPhiVault.withRandomKey();
    final Set<AppointmentId> written = new HashSet<>();

    @Override
    public synchronized void put(AppointmentId id, PhiRecord record) {
      written.add(id);
      vault.put(id, record);
    }

    @Override
    public synchronized Optional<PhiRecord> get(AppointmentId id) {
      return vault.get(id);
    }

    @Override
    public synchronized boolean delete(AppointmentId id) {
      return vault.delete(id);
    }
  }

  final FlakyAuditSink audit = new FlakyAuditSink();
  final CountingAppointmentStore store = new CountingAppointmentStore();
  final WatchedVault vault = new WatchedVault();
  SyncCoordinator coordinator;

  @BeforeEach
  void wire() {
    coordinator = SyncCoordinator.builder().appointmentStore(store).auditSink(audit).phiVault(vault)
        .clinicianDirectory(Fixtures.clinicians()).clock(new MutableClock(NOW)).build();
  }

  static TimeWindow slot(int minutesAfterNine) {
    return TimeWindow.of(TUESDAY_9AM.plus(Duration.ofMinutes(minutesAfterNine)), Duration.ofMinutes(60));
  }

  Appointment stored(AppointmentView v) {
    return store.findById(v.id()).orElseThrow();
  }

  /** Runs the call during an outage, expecting it refused and nothing of it audited. */
  StorageException duringOutage(Supplier<?> call) {
    int events = audit.all().size();
    audit.outage();
    StorageException e = catchThrowableOfType(call::get, StorageException.class);
    audit.recover();
    assertThat(e).isNotNull().hasMessageContaining("audit trail");
    assertThat(audit.all()).hasSize(events);
    return e;
  }

  @Test
  @DisplayName("a booking during the outage leaves no appointment and no PHI; the retry books the slot")
  void booking() {
    BookingRequest request = BookingRequest.builder(LEE, slot(0)).patient(Fixtures.patient(3))
        .phi(PhiRecord.builder().put(PhiField.PATIENT_NAME, "Jane Q").build()).build();
    StorageException e = duringOutage(() -> coordinator.book(DESK, request));
    assertThat(e.getMessage()).contains("CREATE_APPOINTMENT", "undone").doesNotContain("Jane");
    assertThat(store.count()).isZero();
    assertThat(vault.written).singleElement().satisfies(id -> assertThat(vault.get(id)).isEmpty());

    AppointmentView retried = coordinator.book(DESK, request);
    assertThat(stored(retried).conflictIds()).isEmpty();
    assertThat(vault.get(retried.id())).isPresent();
    assertThat(audit.all()).filteredOn(ev -> ev.action() == AuditAction.CREATE_APPOINTMENT).singleElement()
        .satisfies(ev -> assertThat(ev.subject()).isEqualTo(retried.id().value()));
    assertThat(coordinator.auditTrail(ADMIN, AuditQuery.first(100)).verification().isIntact()).isTrue();
  }

  @Test
  @DisplayName("a booking over a conflict during the outage leaves its partner's conflict ids as they were")
  void bookingOverConflict() {
    AppointmentView first = coordinator.book(DESK, BookingRequest.builder(LEE, slot(0)).build());
    BookingRequest over = BookingRequest.builder(LEE, slot(30)).overrideConflicts(OverrideReason.URGENT_CARE).build();
    duringOutage(() -> coordinator.book(ADMIN, over));
    assertThat(store.count()).isEqualTo(1);
    assertThat(stored(first).conflictIds()).isEmpty();
    AppointmentView second = coordinator.book(ADMIN, over);
    assertThat(stored(first).conflictIds()).containsExactly(second.id());
  }

  @Test
  @DisplayName("a reschedule during the outage leaves the appointment in its old slot, which still blocks")
  void reschedule() {
    AppointmentView a = coordinator.book(DESK, BookingRequest.builder(LEE, slot(0)).build());
    Appointment before = stored(a);
    duringOutage(() -> coordinator.reschedule(DESK, a.id(), slot(180)));
    assertThat(stored(a).window()).isEqualTo(before.window());
    assertThat(catchThrowableOfType(() -> coordinator.book(DESK, BookingRequest.builder(LEE, slot(0)).build()),
        SchedulingConflictException.class)).as("the old slot is still taken").isNotNull();
    assertThat(coordinator.reschedule(DESK, a.id(), slot(180)).window()).as("the retry").isEqualTo(slot(180));
    coordinator.book(DESK, BookingRequest.builder(LEE, slot(0)).build()); // the old slot is free now
  }

  @Test
  @DisplayName("a cancel during the outage leaves the appointment booked and its conflicts in place")
  void cancel() {
    AppointmentView a = coordinator.book(DESK, BookingRequest.builder(LEE, slot(0)).build());
    AppointmentView b = coordinator.book(ADMIN, BookingRequest.builder(LEE, slot(0))
        .overrideConflicts(OverrideReason.INTENDED_OVERLAP).build());
    duringOutage(() -> coordinator.cancel(DESK, b.id()));
    assertThat(stored(b).status()).isEqualTo(AppointmentStatus.SCHEDULED);
    assertThat(stored(a).conflictIds()).containsExactly(b.id());
    assertThat(coordinator.cancel(DESK, b.id()).status()).isEqualTo(AppointmentStatus.CANCELLED);
    assertThat(stored(a).conflictIds()).isEmpty();
  }

  @Test
  @DisplayName("a resolution during the outage changes neither appointment")
  void resolution() {
    AppointmentView existing = coordinator.book(DESK, BookingRequest.builder(LEE, slot(0)).build());
    AppointmentView fresh = coordinator.book(ADMIN, BookingRequest.builder(LEE, slot(0))
        .overrideConflicts(OverrideReason.URGENT_CARE).build());
    Appointment existingBefore = stored(existing);
    Appointment freshBefore = stored(fresh);

    duringOutage(() -> coordinator.resolveConflict(ADMIN, Resolution.acceptOverride(OverrideReason.SAME_VISIT),
        fresh.id(), existing.id()));
    duringOutage(() -> coordinator.resolveConflict(DESK, Resolution.cancelExisting(), fresh.id(), existing.id()));
    duringOutage(() -> coordinator.resolveConflict(DESK, Resolution.reschedule(fresh.id(), slot(180)),
        fresh.id(), existing.id()));
    for (Appointment before : new Appointment[] {existingBefore, freshBefore}) {
      Appointment now = store.findById(before.id()).orElseThrow();
      assertThat(now.toBuilder().revision(0).build()).isEqualTo(before.toBuilder().revision(0).build());
    }
    assertThat(coordinator.resolveConflict(DESK, Resolution.cancelExisting(), fresh.id(), existing.id()))
        .allSatisfy(v -> assertThat(v.conflictIds()).isEmpty());
  }

  @Test
  @DisplayName("a calendar read that cannot be audited returns nothing")
  void read() {
    coordinator.book(DESK, BookingRequest.builder(LEE, slot(0)).build());
    duringOutage(() -> coordinator.aggregatedCalendar(DESK, AppointmentQuery.in(WEEK)));
    assertThat(coordinator.aggregatedCalendar(DESK, AppointmentQuery.in(WEEK)).entries()).hasSize(1);
  }
}
