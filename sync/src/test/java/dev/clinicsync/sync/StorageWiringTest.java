package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.TUESDAY_9AM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditSink;
import dev.clinicsync.core.memory.InMemoryAppointmentStore;
import dev.clinicsync.core.memory.InMemoryAuditSink;
import dev.clinicsync.core.memory.InMemoryBusyBlockStore;
import dev.clinicsync.core.memory.InMemorySyncStateStore;
import dev.clinicsync.core.memory.InMemoryWriteQueue;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.AppointmentChange;
import dev.clinicsync.core.store.AppointmentChanges;
import dev.clinicsync.core.store.AppointmentStore;
import dev.clinicsync.core.store.BusyBlockStore;
import dev.clinicsync.core.store.ClinicianLocks;
import dev.clinicsync.core.backend.Storage;
import dev.clinicsync.core.store.SyncStateStore;
import dev.clinicsync.core.store.Transactions;
import dev.clinicsync.core.store.WriteQueue;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code builder.storage(s)}: one call wires every store of a backend, as the eight calls would. */
@DisplayName("Wiring a storage backend with one builder call")
class StorageWiringTest {
  private static final Principal DESK = Principal.frontDesk("u-desk");
  private static final TimeWindow SLOT = TimeWindow.of(TUESDAY_9AM, Duration.ofMinutes(50));

  private final MutableClock clock = new MutableClock(NOW);
  private final Recording storage = new Recording(clock);
  private final List<SyncCoordinator> built = new ArrayList<>();

  @AfterEach
  void close() {
    built.forEach(SyncCoordinator::close);
  }

  private SyncCoordinatorBuilder builder() {
    return SyncCoordinator.builder().clinicianDirectory(Fixtures.clinicians()).clock(clock);
  }

  private SyncCoordinator build(SyncCoordinatorBuilder b) {
    SyncCoordinator c = b.build();
    built.add(c);
    return c;
  }

  @Test
  @DisplayName("a booking is saved, audited, locked and committed in the backend's stores")
  void bookingUsesEveryStore() {
    SyncCoordinator clinic = build(builder().storage(storage));
    AppointmentView booked = clinic.book(DESK, BookingRequest.builder(LEE, SLOT).build());

    assertThat(storage.appointments.findById(booked.id())).isPresent();
    assertThat(storage.audit.last()).isPresent();
    assertThat(storage.transactionsRun.get()).isPositive();
    assertThat(storage.locked).contains(LEE);
    assertThat(storage.changesRead.get()).as("the change sequence is followed from build on").isPositive();
  }

  @Test
  @DisplayName("a later call for one store replaces only that store")
  void laterCallReplacesOne() {
    InMemoryAppointmentStore own = new InMemoryAppointmentStore();
    SyncCoordinator clinic = build(builder().storage(storage).appointmentStore(own));
    AppointmentView booked = clinic.book(DESK, BookingRequest.builder(LEE, SLOT).build());

    assertThat(own.findById(booked.id())).isPresent();
    assertThat(storage.appointments.findById(booked.id())).isEmpty();
    assertThat(storage.audit.last()).as("the audit trail still goes to the backend").isPresent();
  }

  @Test
  @DisplayName("a backend of one process (no locks, no change sequence) still wires its stores")
  void oneProcessBackend() {
    Storage plain = new Recording(clock) {
      @Override
      public ClinicianLocks clinicianLocks() {
        return ClinicianLocks.none();
      }

      @Override
      public AppointmentChanges changes() {
        return AppointmentChanges.none();
      }

      @Override
      public Transactions transactions() {
        return Transactions.direct();
      }
    };
    SyncCoordinator clinic = build(builder().storage(plain));
    AppointmentView booked = clinic.book(DESK, BookingRequest.builder(LEE, SLOT).build());
    assertThat(plain.appointments().findById(booked.id())).isPresent();
  }

  @Test
  @DisplayName("no storage is a typed error naming it")
  void nullRefused() {
    assertThatThrownBy(() -> builder().storage(nullStorage()))
        .isInstanceOf(ValidationException.class).hasMessageContaining("storage");
  }

  @SuppressWarnings("NullAway")
  private static Storage nullStorage() {
    return null;
  }

  /** In-memory stores that record the transactions, locks and change reads the coordinator makes. */
  private static class Recording implements Storage {
    final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore();
    final InMemoryBusyBlockStore busy = new InMemoryBusyBlockStore();
    final InMemorySyncStateStore state;
    final InMemoryAuditSink audit = new InMemoryAuditSink();
    final InMemoryWriteQueue queue;
    final AtomicInteger transactionsRun = new AtomicInteger();
    final AtomicInteger changesRead = new AtomicInteger();
    final List<ClinicianId> locked = new ArrayList<>();

    Recording(MutableClock clock) {
      this.state = new InMemorySyncStateStore(clock);
      this.queue = new InMemoryWriteQueue(clock);
    }

    @Override
    public AppointmentStore appointments() {
      return appointments;
    }

    @Override
    public BusyBlockStore busyBlocks() {
      return busy;
    }

    @Override
    public SyncStateStore syncState() {
      return state;
    }

    @Override
    public AuditSink audit() {
      return audit;
    }

    @Override
    public WriteQueue writeQueue() {
      return queue;
    }

    @Override
    public Transactions transactions() {
      return new Transactions() {
        @Override
        public <T> T inTransaction(Supplier<T> work) {
          transactionsRun.incrementAndGet();
          return work.get();
        }
      };
    }

    @Override
    public ClinicianLocks clinicianLocks() {
      return clinician -> {
        synchronized (locked) {
          locked.add(clinician);
        }
      };
    }

    @Override
    public AppointmentChanges changes() {
      return new AppointmentChanges() {
        @Override
        public List<AppointmentChange> since(long afterChangeId, int limit) {
          changesRead.incrementAndGet();
          return List.of();
        }

        @Override
        public long latest() {
          changesRead.incrementAndGet();
          return 0;
        }
      };
    }
  }
}
