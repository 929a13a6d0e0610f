package dev.clinicsync.sync;

import static dev.clinicsync.sync.Fixtures.LEE;
import static dev.clinicsync.sync.Fixtures.NOW;
import static dev.clinicsync.sync.Fixtures.TUESDAY_9AM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditKeys;
import dev.clinicsync.core.model.OverrideReason;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.testkit.MutableClock;
import dev.clinicsync.jdbc.Dialect;
import dev.clinicsync.jdbc.JdbcStores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each node's conflict index catches up with the other nodes' bookings from the stores' change
 * sequence (polled; on PostgreSQL also woken by NOTIFY). The delay from one node's committed booking
 * to another node's availability showing the slot taken is measured and printed (p50/p99); the
 * assertion is only the visibility bound (the poll interval plus slack for a loaded machine), never
 * a speed: speed belongs to the benchmarks.
 */
@DisplayName("Another node's bookings in this node's index")
class SharedStoresCatchUpTest {
  private static final Principal DESK = Principal.frontDesk("u-desk");
  private static final Principal ADMIN = Principal.admin("u-admin");
  /** The poll interval of these nodes. */
  private static final Duration POLL = Duration.ofMillis(200);
  /** The bound asserted: one poll interval, plus generous slack for a machine shared by many builds. */
  private static final Duration BOUND = POLL.plusSeconds(5);
  private static final int SAMPLES = 30;

  private final MutableClock clock = new MutableClock(NOW);
  private final AuditKeys keys = AuditKeys.inProcess();
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  private SyncCoordinator node(JdbcStores s) {
    SyncCoordinator c = SyncCoordinator.builder()
        .storage(s) // stores, transactions, clinician locks and change sequence in one call
        .auditKeys(keys)
        .clinicianDirectory(Fixtures.clinicians())
        .clock(clock)
        .changePollInterval(POLL)
        .build();
    opened.add(c);
    return c;
  }

  private boolean free(SyncCoordinator node, TimeWindow slot) {
    AvailabilityView v = node.availability(DESK, AvailabilityQuery.builder().window(slot).clinician(LEE)
        .duration(slot.length()).build());
    return v.first().isPresent();
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("a booking on node A is seen by node B's availability and calendar conflicts within the bound")
  void bookingSeenElsewhere(Dialect dialect) {
    SharedDatabases.Db db = SharedDatabases.fresh(dialect);
    opened.add(db);
    JdbcStores s = JdbcStores.builder().dataSource(db.dataSource()).dialect(dialect).clock(clock).build();
    SyncCoordinator a = node(s);
    SyncCoordinator b = node(s);

    // B's own booking; A then books over it with an accepted override: B's calendar must show the conflict
    TimeWindow first = TimeWindow.of(TUESDAY_9AM, Duration.ofMinutes(15));
    AppointmentView mine = b.book(DESK, BookingRequest.builder(LEE, first).build());
    AppointmentView theirs = a.book(ADMIN, BookingRequest.builder(LEE, first)
        .overrideConflicts(OverrideReason.INTENDED_OVERLAP).build());
    assertThat(theirs.id()).isNotEqualTo(mine.id());
    awaitWithin(() -> b.aggregatedCalendar(DESK, AppointmentQuery.in(first)).entries().stream()
        .filter(e -> e.appointment().id().equals(mine.id()))
        .anyMatch(e -> e.conflicts().stream().anyMatch(c -> c.otherAppointment().filter(theirs.id()::equals)
            .isPresent())), "B's calendar shows A's overlapping booking");

    List<Long> delays = new ArrayList<>();
    long checks = 0;
    long checking = 0;
    for (int i = 1; i <= SAMPLES; i++) {
      TimeWindow slot = TimeWindow.of(TUESDAY_9AM.plus(Duration.ofMinutes(15L * i)), Duration.ofMinutes(15));
      assertThat(free(b, slot)).as("slot %d free on B before A books it", i).isTrue();
      a.book(DESK, BookingRequest.builder(LEE, slot).build());
      long committed = System.nanoTime(); // book returns after its transaction committed
      long deadline = committed + BOUND.toNanos();
      while (true) {
        long started = System.nanoTime();
        boolean taken = !free(b, slot);
        checks++;
        checking += System.nanoTime() - started;
        if (taken) {
          delays.add(started - committed); // the first check that saw it had started this long after the commit
          break;
        }
        assertThat(started).as("B sees slot %d taken within %s", i, BOUND).isLessThan(deadline);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
    }
    Collections.sort(delays);
    long p50 = delays.get(delays.size() / 2);
    long p99 = delays.get(Math.min(delays.size() - 1, (int) Math.ceil(delays.size() * 0.99) - 1));
    System.out.printf("index catch-up on %s, poll %d ms%s: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d bookings;"
        + " one availability check on B took %.1f ms on average)%n",
        dialect, POLL.toMillis(), dialect == Dialect.POSTGRESQL ? " + NOTIFY" : "", p50 / 1e6, p99 / 1e6,
        delays.get(delays.size() - 1) / 1e6, delays.size(), checking / 1e6 / checks);
    assertThat(delays.get(delays.size() - 1)).isLessThan(BOUND.toNanos());
  }

  /**
   * Waits, checking about every millisecond, until {@code condition} holds; fails after the bound.
   * (Waiting is what is measured here: the other node's background poll runs on real time.)
   */
  private static void awaitWithin(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("%s within %s", what, BOUND).isLessThan(deadline);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }
}
