package dev.clinicsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.ConflictOverride;
import dev.clinicsync.core.model.OverrideReason;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.testkit.Appointments;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's exclusion constraint refuses overlapping SDK bookings of one clinician with the
 * SDK's conflict error, never a raw SQL exception, also when racing inserts deadlock.
 */
class OverlapGuardTest {
  private static final AtomicInteger IDS = new AtomicInteger();
  private static TestDatabases.TestDb db;
  private static JdbcStores stores;

  @BeforeAll
  static void guardedDatabase() {
    db = TestDatabases.freshPostgres();
    stores = JdbcStores.builder().dataSource(db.dataSource()).overlapGuard(true).build();
  }

  @BeforeEach
  void empty() throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
      c.setAutoCommit(true);
      st.execute("TRUNCATE TABLE cs_appointment, cs_appointment_change");
    }
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private static Appointment booking(String clinician, String start) {
    return Appointments.booked().from(SourceSystem.INTERNAL, "bk-" + IDS.incrementAndGet()).forClinician(clinician)
        .at(start).lasting(Duration.ofHours(1)).build();
  }

  @Test
  @DisplayName("an overlapping SDK booking is refused as a conflict naming ids only; what may overlap still may")
  void refusesOverlap() {
    Appointment first = stores.appointments().save(booking("dr-lee", "2026-03-02T15:00:00Z"));
    Appointment clash = booking("dr-lee", "2026-03-02T15:30:00Z");
    assertThatThrownBy(() -> stores.appointments().save(clash))
        .isInstanceOf(OverlapConflictException.class)
        .isInstanceOf(StorageConflictException.class)
        .hasMessageContaining(clash.id().value())
        .hasMessageContaining("dr-lee")
        .hasNoCause();
    assertThatThrownBy(() -> stores.appointments().upsertBySource(clash)).isInstanceOf(OverlapConflictException.class);

    stores.appointments().save(booking("dr-lee", "2026-03-02T16:00:00Z")); // back to back
    stores.appointments().save(booking("dr-kim", "2026-03-02T15:00:00Z")); // another clinician
    stores.appointments().save(clash.toBuilder().status(AppointmentStatus.CANCELLED).build()); // blocks nothing
    stores.appointments().save(Appointments.booked().forClinician("dr-lee").at("2026-03-02T15:00:00Z").build()); // a vendor's
    stores.appointments().save(booking("dr-lee", "2026-03-02T15:15:00Z").toBuilder()
        .override(ConflictOverride.of(OverrideReason.INTENDED_OVERLAP, "admin-1", Instant.parse("2026-03-01T09:00:00Z")))
        .build());
    assertThat(stores.appointments().count()).isEqualTo(6);

    Appointment moved = stores.appointments().findById(first.id()).orElseThrow();
    assertThatThrownBy(() -> stores.appointments().save(moved.toBuilder()
        .start(Instant.parse("2026-03-02T15:30:00Z")).end(Instant.parse("2026-03-02T16:30:00Z")).build()))
        .as("an update into another booking").isInstanceOf(OverlapConflictException.class);
  }

  @Test
  @DisplayName("eight racing inserts of one slot end as one success and seven clean conflicts")
  void racingInserts() throws Exception {
    List<Appointment> candidates = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      candidates.add(booking("dr-lee", "2026-03-02T15:00:00Z"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (Appointment a : candidates) {
      results.add(pool.submit(() -> {
        start.await();
        try {
          stores.appointments().save(a);
          return true;
        } catch (OverlapConflictException e) {
          return false;
        }
      }));
    }
    start.countDown();
    int won = 0;
    for (Future<Boolean> f : results) {
      won += f.get(60, TimeUnit.SECONDS) ? 1 : 0; // any other exception fails the test here
    }
    pool.shutdown();
    assertThat(won).isEqualTo(1);
    assertThat(stores.appointments().count()).isEqualTo(1);
  }

  @Test
  @DisplayName("two transactions booking two slots in opposite order deadlock in PostgreSQL: one commits, the other gets a clean conflict")
  void deadlockEndsCleanly() throws Exception {
    CountDownLatch bothFirst = new CountDownLatch(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Future<String> one = pool.submit(() -> bookTwo("2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z", bothFirst));
    Future<String> two = pool.submit(() -> bookTwo("2026-03-02T10:00:00Z", "2026-03-02T09:00:00Z", bothFirst));
    List<String> outcomes = List.of(one.get(60, TimeUnit.SECONDS), two.get(60, TimeUnit.SECONDS));
    pool.shutdown();
    assertThat(outcomes).containsExactlyInAnyOrder("committed", "conflict");
    assertThat(stores.appointments().count()).as("the winner's two bookings, none of the loser's").isEqualTo(2);
  }

  private String bookTwo(String firstSlot, String secondSlot, CountDownLatch bothFirst) {
    try {
      stores.transactions().run(() -> {
        stores.appointments().save(booking("dr-lee", firstSlot));
        bothFirst.countDown();
        try {
          if (!bothFirst.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the other transaction never booked");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        stores.appointments().save(booking("dr-lee", secondSlot));
      });
      return "committed";
    } catch (StorageConflictException e) {
      return "conflict";
    }
  }

  @Test
  @DisplayName("the guard is refused on H2, which has no exclusion constraints")
  void notOnH2() {
    assertThatThrownBy(() -> JdbcStores.builder().dataSource(TestDatabases.h2().dataSource()).migrate(false)
        .overlapGuard(true).build()).isInstanceOf(ValidationException.class).hasMessageContaining("PostgreSQL");
  }

  @Test
  @DisplayName("installing the guard twice is harmless")
  void idempotent() {
    JdbcStores again = JdbcStores.builder().dataSource(db.dataSource()).overlapGuard(true).build();
    again.appointments().save(booking("dr-lee", "2026-03-02T15:00:00Z"));
    assertThatThrownBy(() -> again.appointments().save(booking("dr-lee", "2026-03-02T15:00:00Z")))
        .isInstanceOf(OverlapConflictException.class);
  }
}
