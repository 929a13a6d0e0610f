package dev.clinicsync.examples.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.connectors.google.GoogleEventIds;
import dev.clinicsync.core.audit.AuditKeys;
import dev.clinicsync.core.audit.AuditLog;
import dev.clinicsync.core.audit.AuditVerification;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.phi.PhiVault;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.store.SecretStore;
import dev.clinicsync.core.store.WriteQueue;
import dev.clinicsync.jdbc.JdbcStores;
import dev.clinicsync.sync.SyncCoordinator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 mid-sync and mid-queue. Each run starts {@link CrashChild} in a child JVM on a fresh H2
 * file against one stub vendor (Zocdoc appointments over several pages, mirrors into Google),
 * SIGKILLs it while the stub answers a request chosen by a seeded random (sometimes a few
 * milliseconds later, so that the kill lands in the database work between requests), then
 * restarts the coordinator on the same file (in the test's JVM, which is warm) and lets it finish. Then the file is compared with the vendor: every
 * Zocdoc appointment stored exactly once with its PHI in the vault, exactly one mirror job queued
 * per appointment and none left, every mirror inserted at Google exactly once under its
 * deterministic id (a repeated insert meets 409 and does not count), and the audit chain intact.
 */
class CrashRecoveryTest {
  private static final long SEED = 20261202L;
  private static final int RUNS = Integer.getInteger("clinicsync.crash.runs", 20);
  private static final int APPOINTMENTS = 50;
  /** Zocdoc list pages of 10. */
  private static final int SYNC_REQUESTS = 5;
  /** The Zocdoc pages, then one Google insert per mirror. */
  private static final int VENDOR_REQUESTS = SYNC_REQUESTS + APPOINTMENTS;
  private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Runs go in this many lanes at once, each with its own stub vendor (the kill points are drawn
   * for all runs up front, in order, from the one seeded random): a child JVM starts while another
   * lane's restart runs in this JVM. One by default: on a loaded two-core machine two lanes were
   * no faster (the work is CPU-bound) and doubled each child's time towards its 60 s timeout.
   */
  private static final int LANES = Integer.getInteger("clinicsync.crash.lanes", 1);

  private static final List<VendorStub> stubs = new ArrayList<>();
  private static ScheduledExecutorService killer;

  @BeforeAll
  static void start() {
    // the child reads with the system clock: the appointments start tomorrow, inside its window
    Instant first = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(1));
    for (int lane = 0; lane < LANES; lane++) {
      VendorStub stub = new VendorStub();
      stub.plant(APPOINTMENTS, first);
      stubs.add(stub);
    }
    killer = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterAll
  static void stop() {
    killer.shutdownNow();
    stubs.forEach(VendorStub::close);
  }

  /** Where run {@code run} kills its child: at the arrival of request {@code killAt}, {@code delayMillis} later. */
  private record Kill(int run, int killAt, int delayMillis) {
    String where() {
      return "run " + run + " (kill at request " + killAt + " + " + delayMillis + " ms)";
    }
  }

  /** What one run saw: whether the kill landed mid-queue, and what differed from the vendor. */
  private record Outcome(boolean tooLate, boolean midQueue, List<String> problems) {}

  @Test
  @DisplayName("a coordinator killed with SIGKILL at random points of a sync and of its write queue, then restarted, loses nothing and duplicates nothing")
  void killAndRestart(@TempDir Path dir) throws Exception {
    Random random = new Random(SEED);
    List<Kill> kills = new ArrayList<>();
    for (int run = 0; run < RUNS; run++) {
      // half the kills aimed at the sync's pages, half at the queue's inserts; half of them a few
      // milliseconds after the request arrived, in the database work around it
      int killAt = random.nextBoolean() ? 1 + random.nextInt(SYNC_REQUESTS)
          : SYNC_REQUESTS + 1 + random.nextInt(APPOINTMENTS);
      int delayMillis = random.nextBoolean() ? 0 : random.nextInt(25);
      kills.add(new Kill(run, killAt, delayMillis));
    }
    long began = System.nanoTime();
    ExecutorService lanes = Executors.newFixedThreadPool(LANES);
    List<Future<List<Outcome>>> futures = new ArrayList<>();
    for (int lane = 0; lane < LANES; lane++) {
      VendorStub stub = stubs.get(lane);
      List<Kill> mine = new ArrayList<>();
      for (int i = lane; i < kills.size(); i += LANES) {
        mine.add(kills.get(i));
      }
      futures.add(lanes.submit(() -> {
        List<Outcome> outcomes = new ArrayList<>();
        for (Kill kill : mine) {
          outcomes.add(runOnce(stub, kill, dir));
        }
        return outcomes;
      }));
    }
    List<String> failures = new ArrayList<>();
    int killedMidSync = 0;
    int killedMidQueue = 0;
    try {
      for (Future<List<Outcome>> f : futures) {
        for (Outcome o : f.get()) {
          failures.addAll(o.problems());
          if (o.tooLate()) {
            continue;
          }
          if (o.midQueue()) {
            killedMidQueue++;
          } else {
            killedMidSync++;
          }
        }
      }
    } finally {
      lanes.shutdownNow();
    }
    System.out.printf("crash recovery: %d runs in %d lanes (%d killed mid-sync, %d mid-queue) in %d s%n", RUNS, LANES,
        killedMidSync, killedMidQueue, Duration.ofNanos(System.nanoTime() - began).toSeconds());
    assertThat(failures).as("runs whose final state differs from the vendor's").isEmpty();
    assertThat(killedMidSync + killedMidQueue).as("runs killed").isEqualTo(RUNS);
    assertThat(killedMidSync).as("kills that landed mid-sync").isPositive();
    assertThat(killedMidQueue).as("kills that landed mid-queue").isPositive();
  }

  /** One run on {@code stub}: a child killed at {@code kill}, restarted in this JVM, compared with the vendor. */
  private static Outcome runOnce(VendorStub stub, Kill kill, Path dir) throws Exception {
    stub.resetGoogle();
    int run = kill.run();
    Path file = dir.resolve("run-" + run).resolve("clinicsync");
    String where = kill.where();

    long t0 = System.nanoTime();
    Child first = Child.start(stub, file, dir.resolve("run-" + run + "-first.log"));
    stub.onRequest(n -> {
      if (n == kill.killAt()) {
        killer.schedule(first.process::destroyForcibly, kill.delayMillis(), TimeUnit.MILLISECONDS);
      }
    });
    boolean firstFinished = first.await();
    stub.onRequest(n -> { });
    assertThat(firstFinished || !first.process.isAlive()).as(where + ": the first child ended").isTrue();
    if (first.saw("DONE")) {
      return new Outcome(true, false,
          List.of(where + ": the kill came too late, the first child finished; its log: " + first.log()));
    }
    boolean midQueue = first.saw("SYNCED");

    long t1 = System.nanoTime();
    // the restart runs in this JVM (already warm), on the same file
    List<String> restarted = new ArrayList<>();
    long[] synced = {t1};
    long opened;
    try (JdbcStores db = JdbcStores.h2File(file).build();
        SyncCoordinator clinic = CrashChild.coordinator(db, CrashChild.secrets(), Clock.systemUTC(), stub.baseUrl(),
            stub.target())) {
      opened = System.nanoTime();
      CrashChild.runToEnd(clinic, line -> {
        if (line.equals("SYNCED")) {
          synced[0] = System.nanoTime();
        }
        restarted.add(line);
      });
    }
    long finished = System.nanoTime();
    assertThat(restarted).as(where).contains("DONE").noneMatch(l -> l.startsWith("DEAD-LETTERS"));
    List<String> problems = compare(stub, file, where);
    long t2 = System.nanoTime();
    System.out.println(where + (midQueue ? " mid-queue" : " mid-sync") + ", child "
        + Duration.ofNanos(t1 - t0).toMillis() + " ms, restart " + Duration.ofNanos(t2 - t1).toMillis() + " ms (open "
        + Duration.ofNanos(opened - t1).toMillis() + ", sync " + Duration.ofNanos(synced[0] - opened).toMillis()
        + ", queue " + Duration.ofNanos(finished - synced[0]).toMillis() + ", compare "
        + Duration.ofNanos(t2 - finished).toMillis() + "): " + (problems.isEmpty() ? "ok" : problems));
    return new Outcome(false, midQueue, problems);
  }

  /** What differs between the H2 file and the vendor; empty when nothing does. */
  private static List<String> compare(VendorStub stub, Path file, String where) throws SQLException {
    List<String> problems = new ArrayList<>();
    SecretStore secrets = CrashChild.secrets();
    try (JdbcStores db = JdbcStores.h2File(file).build()) {
      List<Appointment> stored = db.appointments().find(AppointmentQuery.ALL);
      Map<String, Long> byVendorId = stored.stream()
          .collect(Collectors.groupingBy(a -> a.source().externalId(), Collectors.counting()));
      Map<String, Long> expected = stub.appointmentIds().stream()
          .collect(Collectors.toMap(Function.identity(), id -> 1L));
      if (!byVendorId.equals(expected)) {
        problems.add(where + ": stored vendor ids differ: " + diff(expected, byVendorId));
      }
      PhiVault vault = db.phiVault(secrets);
      long withoutPhi = stored.stream().filter(a -> vault.get(a.id()).isEmpty()).count();
      if (withoutPhi > 0) {
        problems.add(where + ": " + withoutPhi + " appointments without their PHI in the vault");
      }
      Map<String, Long> mirrors = stored.stream()
          .collect(Collectors.toMap(a -> GoogleEventIds.forAppointment(a.id()), a -> 1L));
      Map<String, Long> inserted = new HashMap<>();
      stub.insertsById().forEach((k, v) -> inserted.put(k, (long) v));
      if (!inserted.equals(mirrors)) {
        problems.add(where + ": Google's inserts per event id differ from one per appointment: " + diff(mirrors, inserted));
      }
      WriteQueue.Stats stats = db.writeQueue().stats();
      if (stats.depth() != 0 || stats.deadLetters() != 0) {
        problems.add(where + ": the queue still holds " + stats.depth() + " jobs, " + stats.deadLetters() + " dead");
      }
      Map<String, Long> enqueues = enqueuesPerKey(file);
      long queuedTwice = enqueues.values().stream().filter(n -> n != 1).count();
      if (enqueues.size() != APPOINTMENTS || queuedTwice != 0) {
        problems.add(where + ": mirror jobs queued per appointment: " + enqueues.size() + " keys, " + queuedTwice
            + " queued other than once");
      }
      AuditVerification verification = new AuditLog(db.audit(), AuditKeys.fromSecretStore(secrets), Clock.systemUTC())
          .verify();
      if (!verification.isIntact()) {
        problems.add(where + ": the audit chain is broken: " + verification.problem());
      }
    }
    return problems;
  }

  private static Map<String, Long> enqueuesPerKey(Path file) throws SQLException {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:file:" + file.toAbsolutePath() + ";ACCESS_MODE_DATA=r");
    ds.setUser("sa");
    Map<String, Long> out = new HashMap<>();
    try (Connection c = ds.getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT idem_key, enqueues FROM cs_write_key")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
      st.execute("SHUTDOWN");
    }
    return out;
  }

  private static String diff(Map<String, Long> expected, Map<String, Long> actual) {
    List<String> out = new ArrayList<>();
    expected.forEach((k, v) -> {
      if (!v.equals(actual.get(k))) {
        out.add(k + " expected " + v + " was " + actual.getOrDefault(k, 0L));
      }
    });
    actual.forEach((k, v) -> {
      if (!expected.containsKey(k)) {
        out.add(k + " unexpected x" + v);
      }
    });
    return out.size() + " differences, e.g. " + out.subList(0, Math.min(5, out.size()));
  }

  /** A child JVM running {@link CrashChild}, its stdout lines collected and stderr kept in a file. */
  private static final class Child {
    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();
    final Path log;
    final Thread reader;

    private Child(Process process, Path log) {
      this.process = process;
      this.log = log;
      this.reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = r.readLine(); line != null; line = r.readLine()) {
            lines.add(line);
          }
        } catch (IOException e) {
          // the process was killed: its pipe closes
        }
      }, "crash-child-stdout");
      reader.setDaemon(true);
      reader.start();
    }

    static Child start(VendorStub stub, Path file, Path log) throws IOException {
      String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
          "-Xshare:auto", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classpath,
          CrashChild.class.getName(), file.toString(), stub.baseUrl(), stub.target());
      pb.redirectError(log.toFile());
      Files.createDirectories(file.getParent());
      return new Child(pb.start(), log);
    }

    boolean await() throws InterruptedException {
      boolean ended = process.waitFor(CHILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (!ended) {
        process.destroyForcibly().waitFor();
      }
      reader.join(5_000);
      return ended;
    }

    boolean saw(String line) {
      return lines.contains(line);
    }

    String log() {
      try {
        return Files.readString(log);
      } catch (IOException e) {
        return "(unreadable: " + e + ")";
      }
    }
  }
}
