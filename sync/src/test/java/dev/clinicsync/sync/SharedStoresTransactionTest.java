package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.TUESDAY_9AM;
import static dev.clinicsync.sync.Fixtures.appt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditEvent;
import dev.clinicsync.core.audit.AuditKeys;
import dev.clinicsync.core.audit.AuditSink;
import dev.clinicsync.core.connector.MirrorWriter;
import dev.clinicsync.core.connector.WriteOutcome;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.testkit.MutableClock;
import dev.clinicsync.jdbc.Dialect;
import dev.clinicsync.jdbc.JdbcStores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Coordinators on the JDBC stores (H2 and embedded PostgreSQL): a sync commits its upserts, audit
 * events, outbox jobs and cursor together; a booking decides under its clinician's database lock,
 * re-checked against the database, so two nodes never both accept one slot (issue 18).
 */
@DisplayName("Coordinators sharing the JDBC stores")
class SharedStoresTransactionTest {
  private static final Principal ADMIN = Principal.admin("u-admin");
  private static final Principal DESK = Principal.frontDesk("u-desk");

  private final MutableClock clock = new MutableClock(NOW);
  private final AuditKeys keys = AuditKeys.inProcess();
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  /** An audit sink that refuses the sync's summary event while armed: a failure after every upsert. */
  static final class FailingSummarySink implements AuditSink {
    final AuditSink delegate;
    final AtomicBoolean armed = new AtomicBoolean();

    FailingSummarySink(AuditSink delegate) {
      this.delegate = delegate;
    }

    @Override
    public void append(AuditEvent event) {
      if (armed.get() && event.action() == AuditAction.SYNC_COMPLETED) {
        throw new StorageException("simulated failure after the upserts");
      }
      delegate.append(event);
    }

    @Override
    public Optional<AuditEvent> last() {
      return delegate.last();
    }

    @Override
    public List<AuditEvent> read(long fromSequence, int limit) {
      return delegate.read(fromSequence, limit);
    }
  }

  /** A connector that writes mirrors (never called here: the write worker is not run), so syncs queue jobs. */
  static final class MirrorTarget extends FakeConnector {
    MirrorTarget() {
      super("google-main", SourceSystem.GOOGLE);
    }

    @Override
    public Optional<MirrorWriter> mirrorWriter() {
      return Optional.of(new MirrorWriter() {
        @Override
        public WriteOutcome create(dev.clinicsync.core.connector.MirrorWrite write) {
          throw new UnsupportedOperationException("not run in this test");
        }

        @Override
        public WriteOutcome update(dev.clinicsync.core.connector.MirrorWrite write, String expectedVersion) {
          throw new UnsupportedOperationException("not run in this test");
        }

        @Override
        public WriteOutcome cancel(String target, dev.clinicsync.core.model.AppointmentId appointment,
            String expectedVersion) {
          throw new UnsupportedOperationException("not run in this test");
        }

        @Override
        public Optional<dev.clinicsync.core.connector.WriteEcho> read(String target,
            dev.clinicsync.core.model.AppointmentId appointment) {
          return Optional.empty();
        }
      });
    }
  }

  private JdbcStores stores(Dialect dialect, boolean overlapGuard) {
    SharedDatabases.Db db = SharedDatabases.fresh(dialect);
    opened.add(db);
    JdbcStores.Builder b = JdbcStores.builder().dataSource(db.dataSource()).dialect(dialect).clock(clock);
    if (overlapGuard) {
      b.overlapGuard(true);
    }
    return b.build();
  }

  /** A coordinator node on the stores: their transactions, and their clinician locks when {@code locks}. */
  private SyncCoordinatorBuilder node(JdbcStores s, AuditSink audit, boolean locks) {
    SyncCoordinatorBuilder b = SyncCoordinator.builder()
        .appointmentStore(s.appointments())
        .busyBlockStore(s.busyBlocks())
        .syncStateStore(s.syncState())
        .writeQueue(s.writeQueue())
        .auditSink(audit)
        .auditKeys(keys)
        .clinicianDirectory(MirrorSyncTest.directory())
        .clock(clock)
        .transactions(s.transactions());
    if (locks) {
      b.clinicianLocks(s.clinicianLocks());
    }
    return b;
  }

  private SyncCoordinator built(SyncCoordinatorBuilder b) {
    SyncCoordinator c = b.build();
    opened.add(c);
    return c;
  }

  private static Appointment nth(int i) {
    return appt(SourceSystem.ZOCDOC, "zd-" + i, "v1", LEE, TUESDAY_9AM.plus(Duration.ofHours(i)), 45);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("a failure after the upserts rolls back the upserts, their audit events and outbox jobs, and leaves the cursor")
  void syncRollsBackAsAWhole(Dialect dialect) {
    JdbcStores s = stores(dialect, false);
    FakeConnector zocdoc = new FakeConnector("zocdoc-main", SourceSystem.ZOCDOC);
    for (int i = 0; i < 3; i++) {
      zocdoc.put(nth(i), PhiRecord.builder().put(PhiField.PATIENT_NAME, "Jane Roe " + i).build());
    }
    FailingSummarySink audit = new FailingSummarySink(s.audit());
    MirrorTarget google = new MirrorTarget();
    SyncCoordinator node = built(node(s, audit, true).connectors(zocdoc, google).mirrorInto(LEE, google.id()));
    audit.armed.set(true);

    SyncReport failed = node.syncNow(ADMIN, zocdoc.id());

    assertThat(failed.outcome()).isEqualTo(SyncOutcome.FAILED);
    assertThat(failed.created()).as("nothing of the rolled-back sync counts as applied").isZero();
    assertThat(s.appointments().count()).as("upserts rolled back").isZero();
    assertThat(s.audit().read(1, 100)).extracting(AuditEvent::action)
        .as("no creation events, only the failure").containsExactly(AuditAction.SYNC_FAILED);
    assertThat(s.writeQueue().stats().depth()).as("outbox jobs rolled back").isZero();
    assertThat(s.syncState().cursor(zocdoc.id())).as("cursor unchanged").isEmpty();
    assertThat(s.changes().latest()).as("no change reached the change sequence").isZero();
    // the index was set back too (availability reads only the index): the rolled-back record's slot is free
    TimeWindow slot = nth(1).window();
    assertThat(node.availability(DESK, AvailabilityQuery.builder().window(slot).clinician(LEE)
        .duration(slot.length()).build()).first()).as("slot free in the index after the rollback").isPresent();
    node.book(DESK, BookingRequest.builder(LEE, slot).build());

    audit.armed.set(false);
    SyncReport retried = node.syncNow(ADMIN, zocdoc.id());
    assertThat(retried.outcome()).isEqualTo(SyncOutcome.APPLIED);
    assertThat(retried.created()).isEqualTo(3);
    assertThat(s.audit().read(1, 100)).extracting(AuditEvent::action)
        .filteredOn(AuditAction.CREATE_APPOINTMENT::equals).as("3 synced records and the booking").hasSize(4);
    assertThat(s.appointments().find(AppointmentQuery.builder().source(SourceSystem.ZOCDOC).build())).hasSize(3);
    assertThat(s.writeQueue().stats().depth()).as("one mirror job per synced record plus the booking's").isEqualTo(4);
    assertThat(s.syncState().cursor(zocdoc.id())).isPresent();
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("two nodes booking the same slot at once: one succeeds, the other gets a clean conflict naming it")
  void oneSlotTwoNodes(Dialect dialect) throws Exception {
    JdbcStores s = stores(dialect, false);
    SyncCoordinator a = built(node(s, s.audit(), true));
    SyncCoordinator b = built(node(s, s.audit(), true));
    race(s, a, b, 12);
  }

  @Test
  @DisplayName("on PostgreSQL without clinician locks, the overlap guard and the racing inserts' deadlock still end as one booking and one clean conflict")
  void overlapGuardAlone() throws Exception {
    JdbcStores s = stores(Dialect.POSTGRESQL, true);
    SyncCoordinator a = built(node(s, s.audit(), false));
    SyncCoordinator b = built(node(s, s.audit(), false));
    race(s, a, b, 12);
  }

  /** {@code rounds} times, both nodes book one new slot at once; exactly one may win each. */
  private void race(JdbcStores s, SyncCoordinator a, SyncCoordinator b, int rounds) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < rounds; round++) {
        TimeWindow slot = TimeWindow.of(TUESDAY_9AM.plus(Duration.ofMinutes(30L * round)), Duration.ofMinutes(30));
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<Object>> outcomes = new ArrayList<>();
        for (SyncCoordinator node : List.of(a, b)) {
          outcomes.add(pool.submit(() -> {
            start.await(10, TimeUnit.SECONDS);
            try {
              return node.book(DESK, BookingRequest.builder(LEE, slot).build());
            } catch (SchedulingConflictException refused) {
              return refused;
            }
          }));
        }
        List<Object> results = new ArrayList<>();
        for (Future<Object> f : outcomes) {
          results.add(f.get(60, TimeUnit.SECONDS));
        }
        assertThat(results).as("round %d", round).filteredOn(AppointmentView.class::isInstance).hasSize(1);
        assertThat(results).filteredOn(SchedulingConflictException.class::isInstance).singleElement()
            .satisfies(r -> assertThat(((SchedulingConflictException) r).conflicts())
                .extracting(ConflictView::kind).contains(ConflictKind.OVERLAP));
      }
    } finally {
      pool.shutdownNow();
    }
    assertNoOverlaps(s, LEE);
  }

  private static void assertNoOverlaps(JdbcStores s, ClinicianId clinician) {
    List<Appointment> active = s.appointments().find(AppointmentQuery.builder().clinician(clinician)
        .status(AppointmentStatus.SCHEDULED).build());
    for (int i = 0; i < active.size(); i++) {
      for (int j = i + 1; j < active.size(); j++) {
        assertThat(active.get(i).overlaps(active.get(j).window()))
            .as("%s and %s overlap", active.get(i).id(), active.get(j).id()).isFalse();
      }
    }
  }
}
