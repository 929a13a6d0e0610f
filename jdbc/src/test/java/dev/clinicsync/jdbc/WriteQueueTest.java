package dev.clinicsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.store.WriteJob;
import dev.clinicsync.core.store.WriteJob.Operation;
import dev.clinicsync.core.store.WriteQueue;
import dev.clinicsync.core.testkit.Appointments;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JDBC write queue beyond the published contract: it joins the stores' transactions, claims
 * are safe between nodes (each with its own connections), and a node that dies mid-batch loses
 * nothing once its claims lapse.
 */
class WriteQueueTest {
  private static final ConnectorId GOOGLE = ConnectorId.of("google-dr-lee");
  private static final Duration CLAIM = Duration.ofMinutes(2);
  private static final Operation[] STEPS = {Operation.UPSERT, Operation.CANCEL, Operation.UPSERT, Operation.DELETE};

  private final MutableClock clock = MutableClock.at("2026-03-02T12:00:00Z");

  /** A node: its own stores over the shared database (connections are taken per call). */
  private JdbcStores node(TestDatabases.TestDb db) {
    return JdbcStores.builder().dataSource(db.dataSource()).dialect(db.dialect()).clock(clock).migrate(false).build();
  }

  private static TestDatabases.TestDb database(Dialect dialect) {
    return dialect == Dialect.H2 ? TestDatabases.h2() : TestDatabases.postgres();
  }

  private WriteJob.Request request(String appointment, Operation op, Map<String, String> attributes) {
    return new WriteJob.Request(GOOGLE, AppointmentId.of(appointment), op, "idem-" + appointment, attributes,
        clock.instant());
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("an enqueue inside a transaction that rolls back leaves no job; one that commits keeps both writes")
  void enqueueJoinsTransaction(Dialect dialect) {
    JdbcStores stores = node(database(dialect));
    WriteQueue queue = stores.writeQueue();
    Appointment booked = Appointments.booked().build();
    List<WriteJob> seen = new ArrayList<>();
    assertThatThrownBy(() -> stores.transactions().run(() -> {
      stores.appointments().save(booked);
      seen.add(queue.enqueue(request(booked.id().value(), Operation.UPSERT, Map.of())).job());
      assertThat(queue.stats().depth()).as("visible inside the transaction").isEqualTo(1);
      throw new IllegalStateException("audit append failed");
    })).isInstanceOf(IllegalStateException.class);

    assertThat(queue.find(seen.get(0).id())).isEmpty();
    assertThat(queue.stats().depth()).isZero();
    assertThat(queue.claim(GOOGLE, "w1", 10, CLAIM)).isEmpty();
    assertThat(stores.appointments().count()).isZero();

    WriteJob kept = stores.transactions().inTransaction(() -> {
      stores.appointments().save(booked);
      return queue.enqueue(request(booked.id().value(), Operation.UPSERT, Map.of())).job();
    });
    assertThat(queue.find(kept.id())).contains(kept);
    assertThat(stores.appointments().count()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("a superseding enqueue rolled back with its transaction leaves the waiting job as it was")
  void supersedeRolledBack(Dialect dialect) {
    JdbcStores stores = node(database(dialect));
    WriteQueue queue = stores.writeQueue();
    WriteJob first = queue.enqueue(request("a1", Operation.UPSERT, Map.of("etag", "\"v1\""))).job();
    assertThatThrownBy(() -> stores.transactions().run(() -> {
      assertThat(queue.enqueue(request("a1", Operation.UPSERT, Map.of("etag", "\"v2\""))).superseded())
          .contains(first);
      throw new IllegalStateException("save lost a race");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(queue.find(first.id())).contains(first);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("a second node's claim skips the jobs a first node holds locked, instead of waiting or getting none")
  void claimSkipsLockedRows(Dialect dialect) throws Exception {
    TestDatabases.TestDb db = database(dialect);
    JdbcStores nodeA = node(db);
    JdbcStores nodeB = node(db);
    for (String a : List.of("a1", "a2", "a3")) {
      nodeA.writeQueue().enqueue(request(a, Operation.UPSERT, Map.of()));
    }
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    Future<List<WriteJob>> first = pool.submit(() -> nodeA.transactions().inTransaction(() -> {
      List<WriteJob> claimed = nodeA.writeQueue().claim(GOOGLE, "node-a", 1, CLAIM);
      held.countDown();
      await(release);
      return claimed;
    }));
    await(held);
    Future<List<WriteJob>> second = Executors.newSingleThreadExecutor().submit(
        () -> nodeB.writeQueue().claim(GOOGLE, "node-b", 10, CLAIM));
    List<WriteJob> byB = second.get(30, TimeUnit.SECONDS);
    release.countDown();
    List<WriteJob> byA = first.get(30, TimeUnit.SECONDS);
    pool.shutdown();
    assertThat(byA).hasSize(1);
    assertThat(byB).hasSize(2).extracting(WriteJob::id).doesNotContain(byA.get(0).id());
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("a node killed mid-batch loses nothing: its unfinished claims return when they lapse, in order")
  void expiredBatchReclaimed(Dialect dialect) {
    TestDatabases.TestDb db = database(dialect);
    WriteQueue dying = node(db).writeQueue();
    WriteQueue survivor = node(db).writeQueue();
    for (int i = 1; i <= 8; i++) {
      dying.enqueue(request("a" + i, Operation.UPSERT, Map.of()));
    }
    List<WriteJob> batch = dying.claim(GOOGLE, "node-1", 5, CLAIM);
    assertThat(batch).hasSize(5);
    dying.complete(batch.get(0).id(), "node-1");
    dying.complete(batch.get(1).id(), "node-1");
    WriteJob cancel = survivor.enqueue(request(batch.get(2).appointmentId().value(), Operation.CANCEL, Map.of())).job();
    // node-1 dies here, holding three claims

    List<WriteJob> others = survivor.claim(GOOGLE, "node-2", 10, CLAIM);
    assertThat(others).as("before the claims lapse").hasSize(3)
        .extracting(WriteJob::id).doesNotContainAnyElementsOf(batch.stream().map(WriteJob::id).toList());
    for (WriteJob job : others) {
      survivor.complete(job.id(), "node-2");
    }
    clock.advance(CLAIM.plusSeconds(1));
    List<WriteJob> reclaimed = survivor.claim(GOOGLE, "node-2", 10, CLAIM);
    assertThat(reclaimed).extracting(WriteJob::id)
        .containsExactlyInAnyOrderElementsOf(batch.subList(2, 5).stream().map(WriteJob::id).toList())
        .doesNotContain(cancel.id());
    assertThatThrownBy(() -> dying.complete(batch.get(2).id(), "node-1")).isInstanceOf(StorageConflictException.class);
    for (WriteJob job : reclaimed) {
      survivor.complete(job.id(), "node-2");
    }
    assertThat(survivor.claim(GOOGLE, "node-2", 10, CLAIM)).extracting(WriteJob::id).containsExactly(cancel.id());
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("four nodes claiming while two enqueue: every job is done exactly once, each appointment's in order")
  void concurrentNodes(Dialect dialect) throws Exception {
    TestDatabases.TestDb db = database(dialect);
    int appointments = 60;
    int total = appointments * STEPS.length;
    Map<String, AtomicInteger> completions = new ConcurrentHashMap<>();
    Map<String, List<Integer>> stepsDone = new ConcurrentHashMap<>();
    Set<String> inFlight = ConcurrentHashMap.newKeySet();
    List<String> violations = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger done = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> tasks = new ArrayList<>();
    // a backlog: half the appointments have all their jobs queued, back to back, before the nodes start
    WriteQueue backlog = node(db).writeQueue();
    for (int a = 0; a < appointments / 2; a++) {
      for (int step = 0; step < STEPS.length; step++) {
        backlog.enqueue(request("a" + a, STEPS[step], Map.of("step", Integer.toString(step))));
      }
    }
    for (int p = 0; p < 2; p++) {
      int producer = p;
      WriteQueue queue = node(db).writeQueue();
      tasks.add(pool.submit(() -> {
        await(start);
        // the other half while the nodes claim: each appointment's jobs from one producer, in step
        // order, interleaved with the other appointments'
        for (int step = 0; step < STEPS.length; step++) {
          for (int a = appointments / 2 + producer; a < appointments; a += 2) {
            queue.enqueue(request("a" + a, STEPS[step], Map.of("step", Integer.toString(step))));
          }
        }
        return null;
      }));
    }
    for (int w = 0; w < 4; w++) {
      String worker = "node-" + w;
      WriteQueue queue = node(db).writeQueue();
      tasks.add(pool.submit(() -> {
        await(start);
        int idle = 0;
        while (done.get() < total) {
          List<WriteJob> batch = queue.claim(GOOGLE, worker, 5, CLAIM);
          idle = batch.isEmpty() ? idle + 1 : 0;
          if (idle > 100_000) {
            violations.add(worker + " starved with " + done.get() + " of " + total + " done");
            return null;
          }
          for (WriteJob job : batch) {
            if (!inFlight.add(job.orderingKey())) {
              violations.add("two jobs of " + job.orderingKey() + " in flight at once");
            }
            if (job.attempts() == 0 && job.sequence() % 7 == 0) {
              inFlight.remove(job.orderingKey());
              queue.retryLater(job.id(), worker, clock.instant(), "http-503"); // a failed first attempt
              continue;
            }
            stepsDone.computeIfAbsent(job.orderingKey(), k -> Collections.synchronizedList(new ArrayList<>()))
                .add(Integer.parseInt(job.attributes().get("step")));
            completions.computeIfAbsent(job.id(), k -> new AtomicInteger()).incrementAndGet();
            inFlight.remove(job.orderingKey());
            queue.complete(job.id(), worker);
            done.incrementAndGet();
          }
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> task : tasks) {
      task.get(300, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertThat(violations).isEmpty();
    assertThat(completions).hasSize(total);
    assertThat(completions.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(stepsDone).hasSize(appointments);
    assertThat(stepsDone.values()).allSatisfy(steps -> assertThat(steps).containsExactly(0, 1, 2, 3));
    WriteQueue queue = node(db).writeQueue();
    assertThat(queue.stats().depth()).isZero();
    assertThat(queue.stats().deadLetters()).isZero();
  }

  @Test
  @DisplayName("the queue's table holds ids, keys and PHI-free attributes only: no patient or vendor free-text column")
  void noPhiColumns() throws Exception {
    TestDatabases.TestDb db = TestDatabases.postgres();
    List<String> columns = new ArrayList<>();
    try (var c = db.dataSource().getConnection();
        var rs = c.getMetaData().getColumns(null, c.getSchema(), "cs_write_job", null)) {
      while (rs.next()) {
        columns.add(rs.getString("COLUMN_NAME"));
      }
    }
    assertThat(columns).containsExactlyInAnyOrder("job_id", "seq", "target", "idem_key", "appointment_id",
        "operation", "attributes", "state", "attempts", "created_s", "created_n", "not_before_s", "not_before_n",
        "claimed_by", "claim_s", "claim_n", "last_error");
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
