package dev.clinicsync.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.conflict.ConflictEngine;
import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.access.AccessPolicy;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditKeys;
import dev.clinicsync.core.audit.AuditLog;
import dev.clinicsync.core.memory.InMemoryAppointmentStore;
import dev.clinicsync.core.memory.InMemoryAuditSink;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.OverrideReason;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.phi.AesGcmPhiVault;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.phi.PhiVault;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.store.AppointmentStore;
import dev.clinicsync.core.store.Transactions;
import dev.clinicsync.core.store.UpsertResult;
import dev.clinicsync.core.testkit.MutableClock;
import dev.clinicsync.sync.AppointmentView;
import dev.clinicsync.sync.BookingRequest;
import dev.clinicsync.sync.Resolution;
import dev.clinicsync.sync.SchedulingConflictException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Host operations on stores that roll back (a transaction per operation): a conflict the database
 * refuses is tried again a bounded number of times, and whatever a rollback cannot undo (the PHI
 * put first) is undone by hand; every decision is taken after re-reading the stores around the slot.
 */
@DisplayName("Scheduling inside store transactions")
class SchedulingTransactionsTest {
  static final ClinicianId LEE = ClinicianId.of("dr-lee");
  static final Instant TUESDAY_9AM = Instant.parse("2026-03-03T14:00:00Z");
  static final TimeWindow SLOT = TimeWindow.of(TUESDAY_9AM, Duration.ofHours(1));
  static final Principal ADMIN = Principal.admin("u-admin");
  static final PhiRecord PHI = PhiRecord.of(Map.of(PhiField.PATIENT_NAME, "Jane Q. Doe"));

  /** The in-memory store, refusing the next {@code refusals} saves as a concurrent write or failing with {@code failure}. */
  static final class RefusingStore implements AppointmentStore {
    final InMemoryAppointmentStore delegate = new InMemoryAppointmentStore();
    int refusals;
    int saves;
    RuntimeException failure;
    RuntimeException deleteFailure;
    final List<AppointmentId> written = new ArrayList<>();

    @Override
    public Optional<Appointment> findById(AppointmentId id) {
      return delegate.findById(id);
    }

    @Override
    public Optional<Appointment> findBySource(SourceRef source) {
      return delegate.findBySource(source);
    }

    @Override
    public List<Appointment> find(AppointmentQuery query) {
      return delegate.find(query);
    }

    @Override
    public Appointment save(Appointment appointment) {
      saves++;
      if (failure != null) {
        throw failure;
      }
      if (refusals > 0) {
        refusals--;
        throw new StorageConflictException(appointment.id().value(), "another node wrote the appointment first");
      }
      Appointment saved = delegate.save(appointment);
      written.add(saved.id());
      return saved;
    }

    @Override
    public UpsertResult upsertBySource(Appointment appointment) {
      return delegate.upsertBySource(appointment);
    }

    @Override
    public Optional<Appointment> delete(AppointmentId id) {
      if (deleteFailure != null) {
        throw deleteFailure;
      }
      return delegate.delete(id);
    }

    @Override
    public long count() {
      return delegate.count();
    }
  }

  /** A vault remembering what was put and deleted. */
  static final class RecordingVault implements PhiVault {
    final PhiVault delegate = AesGcmPhiVault.withRandomKey();
    final List<AppointmentId> puts = new ArrayList<>();
    final List<AppointmentId> deletes = new ArrayList<>();

    @Override
    public void put(AppointmentId id, PhiRecord record) {
      puts.add(id);
      delegate.put(id, record);
    }

    @Override
    public Optional<PhiRecord> get(AppointmentId id) {
      return delegate.get(id);
    }

    @Override
    public boolean delete(AppointmentId id) {
      deletes.add(id);
      return delegate.delete(id);
    }
  }

  /** Stores that "roll back": counted transactions (the in-memory store cannot really roll back). */
  static final class CountingTransactions implements Transactions {
    int transactions;
    /** How many of the next commits fail, and with what (the database refusing the commit itself). */
    int failingCommits;
    RuntimeException commitFailure = new IllegalStateException("commit failed");
    /** Undoes a failed commit's store writes (the in-memory store cannot roll back itself). */
    Runnable rollback = () -> { };

    @Override
    public <T> T inTransaction(Supplier<T> work) {
      transactions++;
      T result = work.get();
      if (failingCommits > 0) {
        failingCommits--;
        rollback.run();
        throw commitFailure;
      }
      return result;
    }
  }

  final MutableClock clock = MutableClock.at("2026-03-02T12:00:00Z");
  final RefusingStore store = new RefusingStore();
  final RecordingVault vault = new RecordingVault();
  final ConflictEngine engine = ConflictEngine.builder().build();
  final CountingTransactions transactions = new CountingTransactions();
  final List<TimeWindow> rechecked = new ArrayList<>();
  final FailingAuditSink auditSink = new FailingAuditSink();
  EventHub hub = EventHub.none();

  /** The in-memory audit sink, failing every append while {@code failing}. */
  static final class FailingAuditSink implements dev.clinicsync.core.audit.AuditSink {
    final InMemoryAuditSink events = new InMemoryAuditSink();
    boolean failing;

    @Override
    public void append(dev.clinicsync.core.audit.AuditEvent event) {
      if (failing) {
        throw new java.io.UncheckedIOException(new java.io.IOException("audit store unreachable"));
      }
      events.append(event);
    }

    @Override
    public Optional<dev.clinicsync.core.audit.AuditEvent> last() {
      return events.last();
    }

    @Override
    public List<dev.clinicsync.core.audit.AuditEvent> read(long fromSequence, int limit) {
      return events.read(fromSequence, limit);
    }
  }
  StoreRecheck recheck = (clinician, slot) -> rechecked.add(slot);

  SchedulingTransactionsTest() {
    InMemoryClinicianDirectory.of(Clinician.of(LEE, "Dr Lee", ZoneId.of("America/New_York"),
        WeeklyAvailability.builder().weekdays(LocalTimeRange.of("08:00", "18:00")).build()))
        .all().forEach(engine::updateClinician);
  }

  private Scheduling scheduling(boolean transactional) {
    return scheduling(transactional, AccessPolicy.DEFAULT);
  }

  private Scheduling scheduling(boolean transactional, AccessPolicy policy) {
    ClinicianLocks locks = new ClinicianLocks();
    Wiring wiring = new Wiring(store, vault, engine, new BusyBlockIndex(), locks, new ConflictMaintainer(engine, store),
        new AuditLog(auditSink, AuditKeys.inProcess(), clock), clock, policy);
    Transact tx = transactional
        ? new Transact(transactions, dev.clinicsync.core.store.ClinicianLocks.none(), locks)
        : Transact.direct(locks);
    return new Scheduling(wiring, null, tx, (clinician, slot) -> recheck.around(clinician, slot), hub);
  }

  private static BookingRequest booking(TimeWindow slot) {
    return BookingRequest.builder(LEE, slot).phi(PHI).build();
  }

  @Test
  @DisplayName("a booking the database refuses as a concurrent write is tried three times in all, and its PHI is forgotten each time")
  void refusedBookingTriedThreeTimes() {
    store.refusals = Integer.MAX_VALUE;
    Scheduling scheduling = scheduling(true);

    assertThatThrownBy(() -> scheduling.book(ADMIN, booking(SLOT))).isInstanceOf(StorageConflictException.class);

    assertThat(transactions.transactions).as("attempts").isEqualTo(Scheduling.CONFLICT_ATTEMPTS).isEqualTo(3);
    assertThat(vault.puts).hasSize(3);
    assertThat(vault.deletes).as("every attempt's PHI is forgotten").isEqualTo(vault.puts);
    assertThat(vault.delegate.get(vault.puts.get(0))).isEmpty();
  }

  @Test
  @DisplayName("a booking refused twice stands after its third attempt, PHI and all")
  void refusedTwiceThenBooked() {
    store.refusals = 2;
    Scheduling scheduling = scheduling(true);

    AppointmentView booked = scheduling.book(ADMIN, booking(SLOT));

    assertThat(transactions.transactions).isEqualTo(3);
    assertThat(store.findById(booked.id())).isPresent();
    assertThat(vault.get(booked.id())).contains(PHI);
    assertThat(engine.size()).isEqualTo(1);
  }

  @Test
  @DisplayName("without transactions a refused booking is not tried again, and its PHI is forgotten")
  void directStoresDoNotRetry() {
    store.refusals = 1;
    Scheduling scheduling = scheduling(false);

    assertThatThrownBy(() -> scheduling.book(ADMIN, booking(SLOT))).isInstanceOf(StorageConflictException.class);

    assertThat(store.saves).isEqualTo(1);
    assertThat(vault.deletes).isEqualTo(vault.puts).hasSize(1);
  }

  @Test
  @DisplayName("any other failure inside the transaction is thrown at once and the booking's PHI is forgotten")
  void otherFailureForgetsPhi() {
    store.failure = new IllegalStateException("connection lost");
    Scheduling scheduling = scheduling(true);

    assertThatThrownBy(() -> scheduling.book(ADMIN, booking(SLOT))).isInstanceOf(IllegalStateException.class);

    assertThat(transactions.transactions).isEqualTo(1);
    assertThat(vault.puts).hasSize(1);
    assertThat(vault.deletes).isEqualTo(vault.puts);
    assertThat(vault.delegate.get(vault.puts.get(0))).isEmpty();
  }

  @Test
  @DisplayName("a booking decides after re-reading the stores around its slot: another node's booking there is a conflict")
  void bookingRechecksTheStores() {
    Scheduling scheduling = scheduling(true);
    AppointmentId elsewhere = AppointmentId.random();
    recheck = (clinician, slot) -> {
      Appointment other = Appointment.builder().id(elsewhere).source(SourceRef.of(SourceSystem.INTERNAL, elsewhere.value()))
          .clinicianId(clinician).window(slot).build();
      store.delegate.save(other);
      engine.apply(List.of(other), List.of());
    };

    assertThatThrownBy(() -> scheduling.book(ADMIN, booking(SLOT))).isInstanceOf(SchedulingConflictException.class);
  }

  @Test
  @DisplayName("a reschedule re-reads the stores around the new slot")
  void rescheduleRechecksTheNewSlot() {
    Scheduling scheduling = scheduling(true);
    AppointmentView booked = scheduling.book(ADMIN, booking(SLOT));
    TimeWindow later = TimeWindow.of(TUESDAY_9AM.plus(Duration.ofHours(3)), Duration.ofHours(1));
    rechecked.clear();

    scheduling.reschedule(ADMIN, booked.id(), later, Optional.empty());

    assertThat(rechecked).containsExactly(later);
  }

  @Test
  @DisplayName("a resolution re-reads the stores around both appointments, and moves the one it names")
  void resolutionRechecksBothAndMovesTheNamedOne() {
    Scheduling scheduling = scheduling(true);
    TimeWindow overlapping = TimeWindow.of(TUESDAY_9AM.plus(Duration.ofMinutes(30)), Duration.ofHours(1));
    AppointmentView existing = scheduling.book(ADMIN, booking(SLOT));
    AppointmentView created = scheduling.book(ADMIN, BookingRequest.builder(LEE, overlapping)
        .overrideConflicts(OverrideReason.INTENDED_OVERLAP).build());
    TimeWindow free = TimeWindow.of(TUESDAY_9AM.plus(Duration.ofHours(4)), Duration.ofHours(1));
    rechecked.clear();

    scheduling.resolve(ADMIN, Resolution.reschedule(existing.id(), free), created.id(), existing.id());

    assertThat(rechecked).startsWith(overlapping, SLOT).contains(free);
    assertThat(store.findById(existing.id()).orElseThrow().window()).isEqualTo(free);
    assertThat(store.findById(created.id()).orElseThrow().window()).isEqualTo(overlapping);
  }

  @Test
  @DisplayName("a resolution that moves the new appointment leaves the existing one where it was")
  void resolutionMovesTheNewOne() {
    Scheduling scheduling = scheduling(true);
    TimeWindow overlapping = TimeWindow.of(TUESDAY_9AM.plus(Duration.ofMinutes(30)), Duration.ofHours(1));
    AppointmentView existing = scheduling.book(ADMIN, booking(SLOT));
    AppointmentView created = scheduling.book(ADMIN, BookingRequest.builder(LEE, overlapping)
        .overrideConflicts(OverrideReason.INTENDED_OVERLAP).build());
    TimeWindow free = TimeWindow.of(TUESDAY_9AM.plus(Duration.ofHours(4)), Duration.ofHours(1));

    scheduling.resolve(ADMIN, Resolution.reschedule(created.id(), free), created.id(), existing.id());

    assertThat(store.findById(created.id()).orElseThrow().window()).isEqualTo(free);
    assertThat(store.findById(existing.id()).orElseThrow().window()).isEqualTo(SLOT);
  }

  @Test
  @DisplayName("a reschedule into another appointment's time brings that appointment's conflict ids up to date")
  void rescheduleRefreshesTheNewPartner() {
    Scheduling scheduling = scheduling(true);
    AppointmentView nine = scheduling.book(ADMIN, booking(SLOT));
    AppointmentView eleven = scheduling.book(ADMIN, booking(TimeWindow.of(TUESDAY_9AM.plus(Duration.ofHours(2)),
        Duration.ofHours(1))));

    scheduling.reschedule(ADMIN, eleven.id(), TimeWindow.of(TUESDAY_9AM.plus(Duration.ofMinutes(30)), Duration.ofHours(1)),
        Optional.of(OverrideReason.INTENDED_OVERLAP));

    assertThat(store.findById(nine.id()).orElseThrow().conflictIds()).containsExactly(eleven.id());
  }

  /** A therapist allowed to resolve their own conflicts, and to cancel but not to reschedule. */
  private static final Principal LEE_HERSELF = Principal.therapist("u-lee", LEE);

  private AppointmentId[] conflictingPair(Scheduling scheduling) {
    AppointmentView existing = scheduling.book(ADMIN, booking(SLOT));
    AppointmentView created = scheduling.book(ADMIN, BookingRequest.builder(LEE,
        TimeWindow.of(TUESDAY_9AM.plus(Duration.ofMinutes(30)), Duration.ofHours(1)))
        .overrideConflicts(OverrideReason.INTENDED_OVERLAP).build());
    return new AppointmentId[] {created.id(), existing.id()};
  }

  @Test
  @DisplayName("a resolution that cancels needs the right to cancel, besides the right to resolve")
  void cancellingResolutionNeedsCancel() {
    Scheduling scheduling = scheduling(true, AccessPolicy.DEFAULT.allowingTherapistsOwn(
        dev.clinicsync.core.access.Operation.RESOLVE_CONFLICT));
    AppointmentId[] pair = conflictingPair(scheduling);

    assertThatThrownBy(() -> scheduling.resolve(LEE_HERSELF, Resolution.cancelNew(), pair[0], pair[1]))
        .isInstanceOf(dev.clinicsync.core.access.AccessDeniedException.class);
    assertThat(store.findById(pair[0]).orElseThrow().status()).isNotEqualTo(
        dev.clinicsync.core.model.AppointmentStatus.CANCELLED);
  }

  @Test
  @DisplayName("a resolution that cancels asks for the right to cancel, one that moves for the right to reschedule")
  void eachResolutionAsksForItsOwnRight() {
    Scheduling scheduling = scheduling(true, AccessPolicy.DEFAULT.allowingTherapistsOwn(
        dev.clinicsync.core.access.Operation.RESOLVE_CONFLICT, dev.clinicsync.core.access.Operation.CANCEL));
    AppointmentId[] pair = conflictingPair(scheduling);
    TimeWindow free = TimeWindow.of(TUESDAY_9AM.plus(Duration.ofHours(4)), Duration.ofHours(1));

    assertThatThrownBy(() -> scheduling.resolve(LEE_HERSELF, Resolution.reschedule(pair[0], free), pair[0], pair[1]))
        .isInstanceOf(dev.clinicsync.core.access.AccessDeniedException.class);
    scheduling.resolve(LEE_HERSELF, Resolution.cancelNew(), pair[0], pair[1]);
    assertThat(store.findById(pair[0]).orElseThrow().status()).isEqualTo(
        dev.clinicsync.core.model.AppointmentStatus.CANCELLED);
  }

  @Test
  @DisplayName("a booking publishes its created event once audited; a booking undone for want of an audit event publishes nothing")
  void eventsOnlyForAuditedBookings() {
    hub = new EventHub(Runnable::run, 100);
    List<dev.clinicsync.sync.events.CoordinatorEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    hub.subscribe(seen::add);
    Scheduling scheduling = scheduling(false);

    AppointmentView booked = scheduling.book(ADMIN, booking(SLOT));
    auditSink.failing = true;
    assertThatThrownBy(() -> scheduling.book(ADMIN, booking(TimeWindow.of(TUESDAY_9AM.plus(Duration.ofHours(2)),
        Duration.ofHours(1))))).isInstanceOf(dev.clinicsync.core.StorageException.class);

    assertThat(seen).singleElement().isInstanceOfSatisfying(dev.clinicsync.sync.events.AppointmentCreated.class,
        e -> assertThat(e.appointment()).isEqualTo(booked.id()));
  }

  @Test
  @DisplayName("a booking whose audit event fails is undone; when undoing fails too, the error says so and carries the cause")
  void failedUndoIsReported() {
    Scheduling scheduling = scheduling(false);
    auditSink.failing = true;
    IllegalStateException undoFailure = new IllegalStateException("store unreachable");
    store.deleteFailure = undoFailure;

    assertThatThrownBy(() -> scheduling.book(ADMIN, booking(SLOT)))
        .isInstanceOf(dev.clinicsync.core.StorageException.class)
        .hasMessageContaining("undoing the change failed too")
        .satisfies(e -> assertThat(e.getSuppressed()).contains(undoFailure))
        .hasMessageNotContaining("Jane");
    assertThat(vault.deletes).as("the PHI is still forgotten").isEqualTo(vault.puts).hasSize(1);
  }

  @Test
  @DisplayName("a booking whose audit event fails is undone whole, and the error says the change was undone")
  void undoneBookingIsReported() {
    Scheduling scheduling = scheduling(false);
    auditSink.failing = true;

    assertThatThrownBy(() -> scheduling.book(ADMIN, booking(SLOT)))
        .isInstanceOf(dev.clinicsync.core.StorageException.class)
        .hasMessageContaining("the change was undone");
    assertThat(store.count()).isZero();
    assertThat(vault.deletes).isEqualTo(vault.puts).hasSize(1);
  }

  @Test
  @DisplayName("a booking whose commit the database refuses is not kept in the index and its PHI is forgotten")
  void failedCommitForgetsPhi() {
    transactions.failingCommits = 1;
    Scheduling scheduling = scheduling(true);

    assertThatThrownBy(() -> scheduling.book(ADMIN, booking(SLOT))).isInstanceOf(IllegalStateException.class);

    assertThat(transactions.transactions).isEqualTo(1);
    assertThat(vault.deletes).isEqualTo(vault.puts).hasSize(1);
    assertThat(vault.delegate.get(vault.puts.get(0))).isEmpty();
    assertThat(engine.size()).isZero();
  }

  @Test
  @DisplayName("a commit refused as a serialization conflict is tried again, each refused attempt's PHI forgotten")
  void conflictingCommitRetried() {
    transactions.failingCommits = 2;
    transactions.commitFailure = new StorageConflictException("commit", "could not serialize access");
    transactions.rollback = () -> {
      store.written.forEach(store.delegate::delete);
      store.written.clear();
    };
    Scheduling scheduling = scheduling(true);

    AppointmentView booked = scheduling.book(ADMIN, booking(SLOT));

    assertThat(transactions.transactions).isEqualTo(3);
    assertThat(vault.puts).hasSize(3);
    assertThat(vault.deletes).containsExactlyElementsOf(vault.puts.subList(0, 2));
    assertThat(vault.get(booked.id())).contains(PHI);
  }
}
