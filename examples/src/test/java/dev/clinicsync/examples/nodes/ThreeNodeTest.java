package dev.clinicsync.examples.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditKeys;
import dev.clinicsync.core.connector.ConnectorCapabilities;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.MirrorWrite;
import dev.clinicsync.core.connector.MirrorWriter;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.connector.WriteEcho;
import dev.clinicsync.core.connector.WriteOutcome;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.phi.AesGcmPhiVault;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.store.SecretStore;
import dev.clinicsync.core.testkit.MutableClock;
import dev.clinicsync.jdbc.Dialect;
import dev.clinicsync.jdbc.JdbcStores;
import dev.clinicsync.sync.AppointmentView;
import dev.clinicsync.sync.BookingRequest;
import dev.clinicsync.sync.ConflictView;
import dev.clinicsync.sync.SchedulingConflictException;
import dev.clinicsync.sync.SyncCoordinator;
import dev.clinicsync.sync.SyncCoordinatorBuilder;
import dev.clinicsync.sync.writes.WriteQueueHealth;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Three coordinators on one PostgreSQL (embedded, in this JVM), each with its own pool and its own
 * in-memory conflict index, sharing the stores through the JDBC stores' transactions, per-clinician
 * locks and change sequence. 10,000 bookings are attempted at once across 100 clinicians, many of
 * them colliding: the database ends with no two active appointments of a clinician overlapping,
 * every refusal is a {@link SchedulingConflictException} naming the accepted booking it collides
 * with, and every accepted booking's mirror is written exactly once at a counting stub vendor, even
 * though one node dies (its writer hangs) in the middle of its batch: its claimed jobs come back
 * when the claim expires on the shared, test-driven clock.
 */
@Tag("multinode")
class ThreeNodeTest {
  private static final long SEED = 20261202L;
  private static final int CLINICIANS = 100;
  private static final int BOOKINGS = Integer.getInteger("clinicsync.nodes.bookings", 10_000);
  private static final ConnectorId MIRROR = ConnectorId.of("counting-mirror");
  /** A Monday: the bookings fall on it and the next day, 08:00 to 20:00 UTC, in half-hour steps. */
  private static final Instant DAY = Instant.parse("2026-03-09T08:00:00Z");
  private static final Duration CLAIM = Duration.ofMinutes(5);

  private final MutableClock clock = MutableClock.at("2026-03-02T12:00:00Z");
  private final List<AutoCloseable> closing = new ArrayList<>();
  /** The vendor's side: how often each mirror (by idempotency key) was created, and repeated. */
  private final Map<String, AtomicInteger> created = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> repeated = new ConcurrentHashMap<>();
  private final AtomicInteger otherCalls = new AtomicInteger();

  @AfterEach
  void close() throws Exception {
    Collections.reverse(closing);
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  @Test
  @DisplayName("three nodes on one PostgreSQL accept no double-booking among 10,000 concurrent attempts, and run every mirror job once although one node dies mid-batch")
  void threeNodes() throws Exception {
    EmbeddedPostgres pg = EmbeddedPostgres.builder()
        .setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off")
        .setServerConfig("full_page_writes", "off").setServerConfig("max_connections", "100").start();
    closing.add(pg);
    SecretStore secrets = secrets();
    List<Clinician> clinicians = IntStream.range(0, CLINICIANS).mapToObj(i -> Clinician.of(
            ClinicianId.of(String.format("dr-%03d", i)), "Dr. " + i, ZoneOffset.UTC,
            WeeklyAvailability.builder().weekdays(LocalTimeRange.of("08:00", "20:00")).build())
        .withExternalIds(Set.of(ExternalIdentity.of(SourceSystem.GOOGLE, "cal-" + i))))
        .toList();
    CountDownLatch deathOfC = new CountDownLatch(1);
    CountDownLatch neverReleased = new CountDownLatch(1);
    JdbcStores first = stores(pg, "a");
    Node a = node("node-a", first, secrets, clinicians, Optional.empty());
    Node b = node("node-b", stores(pg, "b"), secrets, clinicians, Optional.empty());
    Node c = node("node-c", stores(pg, "c"), secrets, clinicians, Optional.of(new Death(7, deathOfC, neverReleased)));
    List<Node> nodes = List.of(a, b, c);

    // 10,000 attempts: per clinician 100 slots of 30 or 60 minutes on a grid of 48 half-hours
    Random random = new Random(SEED);
    List<BookingRequest> requests = new ArrayList<>();
    for (int i = 0; i < BOOKINGS; i++) {
      Clinician who = clinicians.get(i % CLINICIANS);
      int slot = random.nextInt(47);
      Instant start = DAY.plus(Duration.ofDays(slot / 24)).plus(Duration.ofMinutes(30L * (slot % 24)));
      Duration length = Duration.ofMinutes(random.nextInt(10) < 7 ? 30 : 60);
      if (slot % 24 == 23) {
        length = Duration.ofMinutes(30); // 19:30 to 20:00, inside the working day
      }
      requests.add(BookingRequest.builder(who.id(), TimeWindow.of(start, length)).build());
    }
    Collections.shuffle(requests, random);

    Map<AppointmentId, AppointmentView> accepted = new ConcurrentHashMap<>();
    List<SchedulingConflictException> refused = Collections.synchronizedList(new ArrayList<>());
    List<Throwable> unexpected = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(12);
    long began = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      Node node = nodes.get(i % nodes.size());
      BookingRequest request = requests.get(i);
      Principal desk = Principal.frontDesk("desk-" + (i % 7));
      done.add(pool.submit(() -> {
        try {
          AppointmentView view = node.coordinator.book(desk, request);
          accepted.put(view.id(), view);
        } catch (SchedulingConflictException e) {
          refused.add(e);
        } catch (Throwable e) {
          unexpected.add(e);
        }
      }));
    }
    for (Future<?> f : done) {
      f.get(5, TimeUnit.MINUTES);
    }
    long bookingMillis = Duration.ofNanos(System.nanoTime() - began).toMillis();
    assertThat(unexpected).as("attempts that failed with anything but a scheduling conflict (%d of %d; the first's"
        + " causes: %s)", unexpected.size(), BOOKINGS, unexpected.isEmpty() ? "" : causes(unexpected.get(0))).isEmpty();
    assertThat(accepted.size() + refused.size()).isEqualTo(BOOKINGS);
    assertThat(refused).as("collisions were deliberate").isNotEmpty();

    // the database: nothing overlapping, exactly what was accepted
    List<Appointment> stored = first.appointments().find(AppointmentQuery.ALL);
    assertThat(stored).extracting(Appointment::id).containsExactlyInAnyOrderElementsOf(accepted.keySet());
    Map<ClinicianId, List<Appointment>> byClinician = stored.stream()
        .filter(x -> x.status() != AppointmentStatus.CANCELLED && x.status() != AppointmentStatus.NO_SHOW)
        .collect(Collectors.groupingBy(Appointment::clinicianId));
    int doubleBooked = 0;
    for (List<Appointment> list : byClinician.values()) {
      List<Appointment> sorted = list.stream().sorted(Comparator.comparing(x -> x.window().start())).toList();
      for (int i = 1; i < sorted.size(); i++) {
        if (sorted.get(i).window().start().isBefore(sorted.get(i - 1).window().end())) {
          doubleBooked++;
        }
      }
    }
    assertThat(doubleBooked).as("overlapping active appointments of one clinician in the database").isZero();
    // every refusal carries its report: an overlap with a booking that was accepted
    for (SchedulingConflictException e : refused) {
      assertThat(e.conflicts()).as("the conflict report of a refusal").isNotEmpty();
      assertThat(e.conflicts()).extracting(ConflictView::kind).containsOnly(ConflictKind.OVERLAP);
      assertThat(e.conflicts()).allSatisfy(v -> assertThat(v.otherAppointment())
          .hasValueSatisfying(id -> assertThat(accepted).containsKey(id)));
    }

    // the queue: A and B run it while C dies in the middle of its batch
    Thread cRuns = new Thread(() -> {
      try {
        c.coordinator.processWriteQueue(Principal.admin("ops"));
      } catch (RuntimeException e) {
        // interrupted at the end of the test: a dead node's last call fails
      }
    }, "node-c-writes");
    cRuns.setDaemon(true);
    cRuns.start();
    assertThat(deathOfC.await(2, TimeUnit.MINUTES)).as("node C died mid-batch").isTrue();
    drain(a, b);
    WriteQueueHealth stuck = a.coordinator.writeQueueHealth(Principal.admin("ops"));
    assertThat(stuck.depth()).as("node C's claimed jobs wait for their claim to expire").isPositive();
    clock.advance(CLAIM.plusSeconds(1));
    drain(a, b);
    assertThat(a.coordinator.writeQueueHealth(Principal.admin("ops")).depth()).isZero();
    assertThat(a.coordinator.writeQueueHealth(Principal.admin("ops")).deadLetters()).isZero();

    Set<String> expectedKeys = accepted.keySet().stream()
        .map(id -> dev.clinicsync.core.connector.IdempotencyKey.forAppointment(id).value())
        .collect(Collectors.toSet());
    assertThat(created.keySet()).as("a mirror created for every accepted booking, nothing else")
        .isEqualTo(expectedKeys);
    assertThat(created.values()).as("each mirror created exactly once at the vendor")
        .allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(otherCalls.get()).as("updates, cancels and reads at the vendor").isZero();
    System.out.printf("three nodes: %d attempts, %d accepted, %d refused in %d ms; %d mirrors, %d repeated"
            + " idempotently%n", BOOKINGS, accepted.size(), refused.size(), bookingMillis, created.size(),
        repeated.values().stream().mapToInt(AtomicInteger::get).sum());
    neverReleased.countDown();
    cRuns.interrupt();
  }

  private static String causes(Throwable t) {
    StringBuilder out = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      out.append(" <- ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
      for (Throwable s : c.getSuppressed()) {
        out.append(" [suppressed ").append(s.getClass().getSimpleName()).append(": ").append(s.getMessage()).append(']');
      }
    }
    return out.toString();
  }

  /** Runs the queue on both nodes at once until neither finds anything to do. */
  private static void drain(Node a, Node b) throws Exception {
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      while (true) {
        Future<Integer> fa = two.submit(() -> a.coordinator.processWriteQueue(Principal.admin("ops")).attempted());
        Future<Integer> fb = two.submit(() -> b.coordinator.processWriteQueue(Principal.admin("ops")).attempted());
        if (fa.get(2, TimeUnit.MINUTES) + fb.get(2, TimeUnit.MINUTES) == 0) {
          return;
        }
      }
    } finally {
      two.shutdownNow();
    }
  }

  private JdbcStores stores(EmbeddedPostgres pg, String node) {
    PGSimpleDataSource target = (PGSimpleDataSource) pg.getPostgresDatabase();
    HikariConfig config = new HikariConfig();
    config.setDataSource(target);
    config.setMaximumPoolSize(8);
    config.setPoolName("node-" + node);
    HikariDataSource pool = new HikariDataSource(config);
    closing.add(pool);
    return JdbcStores.builder().dataSource(pool).dialect(Dialect.POSTGRESQL).clock(clock).build();
  }

  private record Node(String id, JdbcStores stores, SyncCoordinator coordinator) {}

  /** How node C dies: after {@code writes} mirrors its writer hangs, as a frozen or partitioned node does. */
  private record Death(int writes, CountDownLatch died, CountDownLatch release) {}

  private Node node(String id, JdbcStores db, SecretStore secrets, List<Clinician> clinicians, Optional<Death> death) {
    SyncCoordinatorBuilder b = SyncCoordinator.builder().secretStore(secrets).clock(clock).nodeId(id)
        .appointmentStore(db.appointments()).busyBlockStore(db.busyBlocks()).syncStateStore(db.syncState())
        .auditSink(db.audit()).writeQueue(db.writeQueue()).phiVault(db.phiVault(secrets))
        .transactions(db.transactions()).clinicianLocks(db.clinicianLocks()).appointmentChanges(db.changes())
        .changePollInterval(Duration.ofMillis(50))
        .writeSchedule(Duration.ofHours(1), CLAIM).writeBatch(40)
        .connectors(new CountingMirror(death));
    for (Clinician c : clinicians) {
      b.clinician(c).mirrorInto(c.id(), MIRROR);
    }
    SyncCoordinator coordinator = b.build();
    closing.add(coordinator);
    return new Node(id, db, coordinator);
  }

  private static SecretStore secrets() {
    SecretStore secrets = new InMemorySecretStore();
    secrets.put(PatientTokenizer.DEFAULT_KEY_NAME, Secret.of("a-32-byte-or-longer-hmac-key-for-patient-tokens"));
    secrets.put(AuditKeys.DEFAULT_SECRET_NAME, Secret.of("another-32-byte-key-signing-the-audit-trail"));
    secrets.put(AesGcmPhiVault.DEFAULT_KEY_NAME, Secret.of("0123456789abcdef0123456789abcdef"));
    return secrets;
  }

  /**
   * A write-back connector whose vendor is two counters: mirrors created per idempotency key, and
   * creates repeated under a key already created (answered as Google answers them: written, not
   * created). It reads nothing.
   */
  private final class CountingMirror implements SourceConnector, MirrorWriter {
    private final Optional<Death> death;
    private final AtomicInteger writes = new AtomicInteger();

    CountingMirror(Optional<Death> death) {
      this.death = death;
    }

    @Override
    public ConnectorId id() {
      return MIRROR;
    }

    @Override
    public SourceSystem system() {
      return SourceSystem.GOOGLE;
    }

    @Override
    public ConnectorCapabilities capabilities() {
      return ConnectorCapabilities.of(Duration.ofMinutes(1), ConnectorCapabilities.Capability.FULL_FETCH,
          ConnectorCapabilities.Capability.WRITE_BACK);
    }

    @Override
    public FetchPage fetch(FetchRequest request) {
      return FetchPage.empty();
    }

    @Override
    public Optional<MirrorWriter> mirrorWriter() {
      return Optional.of(this);
    }

    @Override
    public WriteOutcome create(MirrorWrite write) {
      if (death.isPresent() && writes.incrementAndGet() > death.get().writes()) {
        death.get().died().countDown();
        try {
          death.get().release().await(); // the node is gone: this call never reaches the vendor
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("node C is dead");
      }
      String key = write.idempotencyKey().value();
      AtomicInteger n = created.computeIfAbsent(key, k -> new AtomicInteger());
      boolean first;
      synchronized (n) {
        first = n.get() == 0;
        if (first) {
          n.incrementAndGet();
        }
      }
      if (!first) {
        repeated.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      }
      return new WriteOutcome.Written(SourceRef.of(SourceSystem.GOOGLE, key, "\"1\""), first);
    }

    @Override
    public WriteOutcome update(MirrorWrite write, String expectedVersion) {
      otherCalls.incrementAndGet();
      return new WriteOutcome.Written(SourceRef.of(SourceSystem.GOOGLE, write.idempotencyKey().value(), "\"2\""), false);
    }

    @Override
    public WriteOutcome cancel(String target, AppointmentId appointment, String expectedVersion) {
      otherCalls.incrementAndGet();
      return new WriteOutcome.Cancelled(SourceRef.of(SourceSystem.GOOGLE, appointment.value()));
    }

    @Override
    public Optional<WriteEcho> read(String target, AppointmentId appointment) {
      otherCalls.incrementAndGet();
      return Optional.empty();
    }
  }
}
