package dev.clinicsync.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.ConflictOverride;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.OverrideReason;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.store.AppointmentStore;
import dev.clinicsync.core.store.UpsertResult.Outcome;
import dev.clinicsync.core.testkit.Appointments;
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

/**
 * The contract every {@link AppointmentStore} honours. Extend it and implement {@link #newStore()}
 * to return an empty store.
 */
public abstract class AppointmentStoreContract {

  /** A new, empty store. */
  protected abstract AppointmentStore newStore();

  protected AppointmentStore store;

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  @Nested
  @DisplayName("save (optimistic)")
  class Save {
    @Test
    @DisplayName("a new appointment is stored at revision 1 and found by id and by source key")
    void insert() {
      Appointment a = Appointments.booked().build();
      Appointment saved = store.save(a);
      assertThat(saved.revision()).isEqualTo(1);
      assertThat(store.findById(a.id())).contains(saved);
      assertThat(store.findBySource(a.source())).contains(saved);
      assertThat(store.findBySource(SourceRef.of(a.source().system(), a.source().externalId(), "other-version")))
          .as("lookup by source key ignores the vendor version").contains(saved);
      assertThat(store.count()).isEqualTo(1);
    }

    @Test
    @DisplayName("an update at the current revision moves it one revision on")
    void update() {
      Appointment saved = store.save(Appointments.booked().build());
      Appointment moved = store.save(saved.toBuilder().status(AppointmentStatus.CONFIRMED).build());
      assertThat(moved.revision()).isEqualTo(2);
      assertThat(store.findById(saved.id()).orElseThrow().status()).isEqualTo(AppointmentStatus.CONFIRMED);
    }

    @Test
    @DisplayName("a stale revision is refused and the stored record is untouched")
    void staleRevision() {
      Appointment saved = store.save(Appointments.booked().build());
      store.save(saved.toBuilder().status(AppointmentStatus.CONFIRMED).build());
      assertThatThrownBy(() -> store.save(saved.toBuilder().status(AppointmentStatus.CANCELLED).build()))
          .isInstanceOf(StorageConflictException.class)
          .satisfies(e -> {
            StorageConflictException c = (StorageConflictException) e;
            assertThat(c.expectedRevision()).isEqualTo(1);
            assertThat(c.actualRevision()).isEqualTo(2);
          });
      assertThat(store.findById(saved.id()).orElseThrow().status()).isEqualTo(AppointmentStatus.CONFIRMED);
    }

    @Test
    @DisplayName("inserting an id that exists, or updating one that does not, is refused")
    void insertExistingOrUpdateMissing() {
      Appointment saved = store.save(Appointments.booked().build());
      assertThatThrownBy(() -> store.save(saved.withRevision(0))).isInstanceOf(StorageConflictException.class);
      Appointment ghost = Appointments.booked().build().withRevision(3);
      assertThatThrownBy(() -> store.save(ghost)).isInstanceOf(StorageConflictException.class);
      assertThat(store.findById(ghost.id())).isEmpty();
    }

    @Test
    @DisplayName("a source key belongs to one appointment only")
    void uniqueSourceKey() {
      Appointment first = store.save(Appointments.booked().build());
      Appointment second = Appointments.booked().source(first.source()).builder().id(AppointmentId.of("other-id")).build();
      assertThatThrownBy(() -> store.save(second)).isInstanceOf(StorageConflictException.class);
      assertThat(store.count()).isEqualTo(1);
    }

    @Test
    @DisplayName("changing an appointment's source key frees the old key")
    void changeSourceKey() {
      Appointment saved = store.save(Appointments.booked().build());
      SourceRef newRef = SourceRef.of(SourceSystem.INTERNAL, "moved-1");
      store.save(saved.toBuilder().source(newRef).build());
      assertThat(store.findBySource(saved.source())).isEmpty();
      assertThat(store.findBySource(newRef)).map(Appointment::id).contains(saved.id());
    }

    @Test
    @DisplayName("of two concurrent writers at the same revision, exactly one wins")
    void concurrentSave() throws Exception {
      Appointment saved = store.save(Appointments.booked().build());
      List<Callable<Boolean>> writers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String location = "room-" + i;
        writers.add(() -> {
          try {
            store.save(saved.toBuilder().locationId(location).build());
            return true;
          } catch (StorageConflictException e) {
            return false;
          }
        });
      }
      assertThat(runTogether(writers)).containsOnlyOnce(true);
      assertThat(store.findById(saved.id()).orElseThrow().revision()).isEqualTo(2);
    }
  }

  @Nested
  @DisplayName("upsertBySource (idempotent)")
  class Upsert {
    @Test
    @DisplayName("creates, then leaves the same record unchanged, then updates a changed one")
    void createUnchangedUpdate() {
      Appointment a = Appointments.booked().build();
      var created = store.upsertBySource(a);
      assertThat(created.outcome()).isEqualTo(Outcome.CREATED);
      assertThat(created.previous()).as("nothing was replaced").isEmpty();
      var again = store.upsertBySource(a);
      assertThat(again.outcome()).isEqualTo(Outcome.UNCHANGED);
      assertThat(again.appointment().revision()).isEqualTo(1);
      assertThat(again.previous()).contains(created.appointment());
      var changed = store.upsertBySource(a.toBuilder().status(AppointmentStatus.CANCELLED).build());
      assertThat(changed.outcome()).isEqualTo(Outcome.UPDATED);
      assertThat(changed.appointment().revision()).isEqualTo(2);
      assertThat(changed.previous()).as("the update returns what it replaced").contains(created.appointment());
      assertThat(store.count()).isEqualTo(1);
    }

    @Test
    @DisplayName("an existing record keeps its stored id whatever id the incoming copy has")
    void keepsStoredId() {
      Appointment a = Appointments.booked().build();
      store.upsertBySource(a);
      Appointment sameSourceOtherId = a.toBuilder().id(AppointmentId.of("someone-else")).end(a.end().plusSeconds(600)).build();
      var result = store.upsertBySource(sameSourceOtherId);
      assertThat(result.appointment().id()).isEqualTo(a.id());
      assertThat(store.findById(AppointmentId.of("someone-else"))).isEmpty();
    }

    @Test
    @DisplayName("a new source key whose id is taken by another record is refused")
    void idTaken() {
      Appointment a = store.upsertBySource(Appointments.booked().build()).appointment();
      Appointment clash = Appointments.booked().builder().id(a.id()).build();
      assertThatThrownBy(() -> store.upsertBySource(clash)).isInstanceOf(StorageConflictException.class);
    }

    @Test
    @DisplayName("concurrent upserts of one source key create it exactly once")
    void concurrentCreate() throws Exception {
      Appointment a = Appointments.booked().build();
      List<Callable<Outcome>> tasks = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        tasks.add(() -> store.upsertBySource(a).outcome());
      }
      assertThat(runTogether(tasks)).containsOnlyOnce(Outcome.CREATED).doesNotContain(Outcome.UPDATED);
      assertThat(store.count()).isEqualTo(1);
    }
  }

  @Nested
  @DisplayName("delete")
  class Delete {
    @Test
    @DisplayName("removes the record and frees its source key")
    void delete() {
      Appointment a = store.save(Appointments.booked().build());
      assertThat(store.delete(a.id())).contains(a);
      assertThat(store.findById(a.id())).isEmpty();
      assertThat(store.findBySource(a.source())).isEmpty();
      assertThat(store.delete(a.id())).isEmpty();
      assertThat(store.upsertBySource(a.withRevision(0)).outcome()).isEqualTo(Outcome.CREATED);
    }
  }

  @Nested
  @DisplayName("find")
  class Find {
    @Test
    @DisplayName("matches appointments overlapping the window, half-open, ordered by start then id")
    void window() {
      Appointment nine = store.save(Appointments.booked().at("2026-03-02T09:00:00Z").lasting(Duration.ofHours(1)).build());
      Appointment ten = store.save(Appointments.booked().at("2026-03-02T10:00:00Z").lasting(Duration.ofHours(1)).build());
      Appointment eleven = store.save(Appointments.booked().at("2026-03-02T11:00:00Z").lasting(Duration.ofHours(1)).build());
      TimeWindow w = TimeWindow.of(Instant.parse("2026-03-02T10:00:00Z"), Instant.parse("2026-03-02T11:00:00Z"));
      assertThat(store.find(AppointmentQuery.in(w))).containsExactly(ten);
      TimeWindow wide = TimeWindow.of(Instant.parse("2026-03-02T09:30:00Z"), Instant.parse("2026-03-02T11:00:01Z"));
      assertThat(store.find(AppointmentQuery.in(wide))).containsExactly(nine, ten, eleven);
    }

    @Test
    @DisplayName("finds a long appointment that began well before the window, and follows moves between clinicians")
    void longAndMoved() {
      Appointment overnight = store.save(Appointments.booked().forClinician("dr-a")
          .at("2026-03-01T20:00:00Z").lasting(Duration.ofHours(14)).build());
      store.save(Appointments.booked().forClinician("dr-a").at("2026-03-02T11:00:00Z").build());
      TimeWindow morning = TimeWindow.of(Instant.parse("2026-03-02T09:00:00Z"), Duration.ofHours(1));
      AppointmentQuery drA = AppointmentQuery.builder().window(morning).clinician(ClinicianId.of("dr-a")).build();
      assertThat(store.find(drA)).containsExactly(overnight);
      Appointment moved = store.save(overnight.toBuilder().clinicianId(ClinicianId.of("dr-b")).build());
      assertThat(store.find(drA)).isEmpty();
      assertThat(store.find(AppointmentQuery.builder().window(morning).clinician(ClinicianId.of("dr-b")).build()))
          .containsExactly(moved);
      store.delete(moved.id());
      assertThat(store.find(AppointmentQuery.in(morning))).isEmpty();
    }

    @Test
    @DisplayName("filters by clinician, source, status and location together")
    void filters() {
      Appointment match = store.save(Appointments.booked().forClinician("dr-a").from(SourceSystem.GOOGLE, "g1").location("east").build());
      store.save(Appointments.booked().forClinician("dr-b").from(SourceSystem.GOOGLE, "g2").location("east").build());
      store.save(Appointments.booked().forClinician("dr-a").from(SourceSystem.ZOCDOC, "z1").location("east").build());
      store.save(Appointments.withStatus(AppointmentStatus.CANCELLED).forClinician("dr-a").from(SourceSystem.GOOGLE, "g3").location("east").build());
      store.save(Appointments.booked().forClinician("dr-a").from(SourceSystem.GOOGLE, "g4").location("west").build());
      AppointmentQuery q = AppointmentQuery.builder().clinician(ClinicianId.of("dr-a")).source(SourceSystem.GOOGLE)
          .status(AppointmentStatus.SCHEDULED).location("east").build();
      assertThat(store.find(q)).containsExactly(match);
      assertThat(store.find(AppointmentQuery.ALL)).hasSize(5);
    }

    @Test
    @DisplayName("lists a connector's appointments directly, and keeps the owner and an accepted override")
    void byConnector() {
      ConnectorId google = ConnectorId.of("google-dr-a");
      ConflictOverride accepted = ConflictOverride.of(OverrideReason.INTENDED_OVERLAP, "admin-1",
          Instant.parse("2026-03-01T09:00:00Z"));
      Appointment owned = store.save(Appointments.booked().from(SourceSystem.GOOGLE, "g1").build().toBuilder()
          .connector(google).override(accepted).build());
      store.save(Appointments.booked().from(SourceSystem.GOOGLE, "g2").build().toBuilder()
          .connector(ConnectorId.of("google-dr-b")).build());
      store.save(Appointments.booked().from(SourceSystem.GOOGLE, "g3").build());
      assertThat(store.find(AppointmentQuery.builder().connector(google).build())).containsExactly(owned);
      assertThat(store.findById(owned.id()).orElseThrow().override()).contains(accepted);
      assertThat(store.findById(owned.id()).orElseThrow().connector()).contains(google);
    }
  }

  static <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> t : tasks) {
        futures.add(pool.submit(() -> {
          start.await();
          return t.call();
        }));
      }
      start.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(30, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
