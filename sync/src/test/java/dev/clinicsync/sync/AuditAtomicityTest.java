package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.TUESDAY_9AM;
import static dev.clinicsync.sync.Fixtures.appt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditEvent;
import dev.clinicsync.core.audit.AuditSink;
import dev.clinicsync.core.memory.InMemoryAppointmentStore;
import dev.clinicsync.core.memory.InMemoryAuditSink;
import dev.clinicsync.core.memory.InMemorySyncStateStore;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.phi.AesGcmPhiVault;
import dev.clinicsync.core.phi.PhiField;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A sync's data change and its audit event are written together or not at all (issue 12 §5). */
@DisplayName("A sync's changes and their audit events")
class AuditAtomicityTest {
  private static final Principal ADMIN = Principal.admin("u-admin");

  /** An audit sink that refuses one append, the n-th from when it is armed. */
  static final class FailingAuditSink implements AuditSink {
    final InMemoryAuditSink delegate = new InMemoryAuditSink();
    private int countdown = -1;

    void failOnAppend(int n) {
      countdown = n;
    }

    @Override
    public void append(AuditEvent event) {
      if (countdown > 0 && --countdown == 0) {
        throw new StorageException("simulated audit-store outage");
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

  private final MutableClock clock = new MutableClock(NOW);
  private FakeConnector zocdoc;
  private InMemoryAppointmentStore store;
  private FailingAuditSink audit;
  private InMemorySyncStateStore state;
  private AesGcmPhiVault vault;
  private SyncCoordinator coordinator;

  @BeforeEach
  void wire() {
    zocdoc = new FakeConnector("zocdoc-main", SourceSystem.ZOCDOC);
    store = new InMemoryAppointmentStore();
    audit = new FailingAuditSink();
    state = new InMemorySyncStateStore(clock);
    vault = AesGcmPhiVault.withRandomKey();
    coordinator = SyncCoordinator.builder().connectors(zocdoc).appointmentStore(store).auditSink(audit)
        .syncStateStore(state).phiVault(vault).clinicianDirectory(Fixtures.clinicians()).clock(clock).build();
  }

  private static Appointment nth(int i, String version) {
    return appt(SourceSystem.ZOCDOC, "zd-" + i, version, LEE, TUESDAY_9AM.plus(Duration.ofMinutes(30L * i)), 45);
  }

  /** How many events of an action each subject has. */
  private Map<String, Long> eventsBySubject(AuditAction action) {
    return audit.read(1, 10_000).stream().filter(e -> e.action() == action)
        .collect(Collectors.groupingBy(AuditEvent::subject, Collectors.counting()));
  }

  private void assertEveryStoredRecordHasItsEvent() {
    Map<String, Long> created = eventsBySubject(AuditAction.CREATE_APPOINTMENT);
    assertThat(store.find(AppointmentQuery.ALL)).allSatisfy(a ->
        assertThat(created).as("the creation of %s is audited", a.id()).containsEntry(a.id().value(), 1L));
  }

  @Test
  @DisplayName("when the third event cannot be written, its record is undone, the sync fails typed, and the retry audits everything once")
  void createUndone() {
    for (int i = 0; i < 5; i++) {
      zocdoc.put(nth(i, "v1"), PhiRecord.builder().put(PhiField.PATIENT_NAME, "Jane " + i).build());
    }
    audit.failOnAppend(3);
    SyncReport failed = coordinator.syncNow(ADMIN, zocdoc.id());
    assertThat(failed.outcome()).isEqualTo(SyncOutcome.FAILED);
    assertThat(failed.failure()).hasValueSatisfying(f -> assertThat(f).isInstanceOf(ChangeNotAuditedException.class));
    assertThat(failed.created()).as("applied before the failure, each with its event").isEqualTo(2);
    assertThat(store.count()).isEqualTo(2);
    assertEveryStoredRecordHasItsEvent();
    assertThat(state.cursor(zocdoc.id())).as("cursor not committed").isEmpty();
    Appointment undone = nth(2, "v1");
    assertThat(store.findBySource(undone.source())).isEmpty();
    assertThat(vault.get(undone.id())).as("its PHI went with it").isEmpty();
    assertThat(eventsBySubject(AuditAction.SYNC_FAILED)).containsEntry("zocdoc-main", 1L);

    SyncReport retry = coordinator.syncNow(ADMIN, zocdoc.id());
    assertThat(retry.outcome()).isEqualTo(SyncOutcome.APPLIED);
    assertThat(retry.created()).isEqualTo(3);
    assertThat(retry.unchanged()).isEqualTo(2);
    assertThat(store.count()).isEqualTo(5);
    assertEveryStoredRecordHasItsEvent();
    assertThat(eventsBySubject(AuditAction.CREATE_APPOINTMENT)).hasSize(5).allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
    assertThat(coordinator.auditTrail(ADMIN, AuditQuery.first(100)).verification().isIntact()).isTrue();
  }

  @Test
  @DisplayName("an update whose event cannot be written is rolled back to what the store held before")
  void updateUndone() {
    for (int i = 0; i < 3; i++) {
      zocdoc.put(nth(i, "v1"));
    }
    coordinator.syncNow(ADMIN, zocdoc.id());
    Appointment before = store.findBySource(nth(1, "v1").source()).orElseThrow();
    zocdoc.put(nth(1, "v2").toBuilder().status(AppointmentStatus.CONFIRMED).build());
    audit.failOnAppend(1);
    SyncReport failed = coordinator.syncNow(ADMIN, zocdoc.id());
    assertThat(failed.failure()).containsInstanceOf(ChangeNotAuditedException.class);
    Appointment after = store.findBySource(before.source()).orElseThrow();
    assertThat(after.status()).isEqualTo(AppointmentStatus.SCHEDULED);
    assertThat(after.source().version()).contains("v1");
    assertThat(eventsBySubject(AuditAction.UPDATE_APPOINTMENT)).isEmpty();

    SyncReport retry = coordinator.syncNow(ADMIN, zocdoc.id());
    assertThat(retry.updated()).isEqualTo(1);
    assertThat(store.findBySource(before.source()).orElseThrow().status()).isEqualTo(AppointmentStatus.CONFIRMED);
    assertThat(eventsBySubject(AuditAction.UPDATE_APPOINTMENT)).containsExactly(Map.entry(before.id().value(), 1L));
  }

  @Test
  @DisplayName("a deletion whose event cannot be written is undone: the record and its PHI stay until the retry")
  void deletionUndone() {
    zocdoc.put(nth(0, "v1"), PhiRecord.builder().put(PhiField.PATIENT_NAME, "Jane").build());
    zocdoc.put(nth(1, "v1"));
    coordinator.syncNow(ADMIN, zocdoc.id());
    Appointment gone = store.findBySource(nth(0, "v1").source()).orElseThrow();
    zocdoc.remove(gone.source());
    audit.failOnAppend(1);
    assertThat(coordinator.syncNow(ADMIN, zocdoc.id()).failure()).containsInstanceOf(ChangeNotAuditedException.class);
    assertThat(store.findBySource(gone.source())).isPresent();
    assertThat(vault.get(gone.id())).isPresent();

    assertThat(coordinator.syncNow(ADMIN, zocdoc.id()).deleted()).isEqualTo(1);
    assertThat(store.findBySource(gone.source())).isEmpty();
    assertThat(vault.get(gone.id())).isEmpty();
    assertThat(eventsBySubject(AuditAction.DELETE_APPOINTMENT)).containsExactly(Map.entry(gone.id().value(), 1L));
  }

  @Test
  @DisplayName("after an undone change, conflict ids name only stored appointments, and the engine matches the store")
  void conflictsConsistentAfterUndo() {
    for (int i = 0; i < 4; i++) { // all four overlap one another
      zocdoc.put(appt(SourceSystem.ZOCDOC, "zd-" + i, "v1", LEE, TUESDAY_9AM.plus(Duration.ofMinutes(5L * i)), 60));
    }
    audit.failOnAppend(3);
    coordinator.syncNow(ADMIN, zocdoc.id());
    List<Appointment> stored = store.find(AppointmentQuery.ALL);
    assertThat(stored).hasSize(2);
    Function<Appointment, Object> ids = Appointment::id;
    assertThat(stored).allSatisfy(a -> assertThat(a.conflictIds()).hasSize(1)
        .allSatisfy(id -> assertThat(stored).extracting(ids).contains(id)));
    AppointmentView booked = coordinator.book(ADMIN, BookingRequest.builder(LEE,
        dev.clinicsync.core.model.TimeWindow.of(TUESDAY_9AM.plus(Duration.ofMinutes(70)), Duration.ofMinutes(5))).build());
    assertThat(booked.conflictIds()).as("the undone records block nothing").isEmpty();
  }
}
