package dev.clinicsync.sync;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.connector.PushChannel;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.sync.internal.CoordinatorMetrics;
import dev.clinicsync.sync.internal.PushHub;
import dev.clinicsync.sync.internal.WriteSide;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's schedule: each connector's syncs at its interval with jitter, the write queue's
 * runs, push-channel maintenance and alert evaluation, all on one executor; and the syncs a push
 * notification queues. Started once, stopped once; nothing is scheduled after {@link #stop()}.
 */
final class SyncScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(SyncCoordinator.class);

  private final SyncRunner runner;
  private final Map<ConnectorId, Duration> intervals;
  private final double jitter;
  private final Random random;
  private final ScheduledExecutorService executor;
  private final boolean ownsExecutor;
  private final @Nullable WriteSide writes;
  private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();
  private boolean started;
  private boolean closed;
  private volatile @Nullable PushHub push;
  private volatile Duration pushMaintenanceEvery = Duration.ofHours(1);
  private volatile @Nullable CoordinatorMetrics metrics;

  SyncScheduler(SyncRunner runner, Map<ConnectorId, Duration> intervals, double jitter, Random random,
      ScheduledExecutorService executor, boolean ownsExecutor, @Nullable WriteSide writes) {
    this.runner = runner;
    this.intervals = intervals;
    this.jitter = jitter;
    this.random = random;
    this.executor = executor;
    this.ownsExecutor = ownsExecutor;
    this.writes = writes;
  }

  void linkPush(PushHub p, Duration maintenanceEvery) {
    this.push = p;
    this.pushMaintenanceEvery = maintenanceEvery;
  }

  void linkMetrics(CoordinatorMetrics m) {
    this.metrics = m;
  }

  /** The interval at which a connector is synced once started. */
  Duration interval(ConnectorId connector) {
    Duration d = intervals.get(connector);
    if (d == null) {
      throw new ValidationException("no connector with id " + connector);
    }
    return d;
  }

  /** Starts the schedule; idempotent. @throws IllegalStateException once stopped */
  synchronized void start() {
    if (closed) {
      throw new IllegalStateException("the coordinator is closed");
    }
    if (started) {
      return;
    }
    started = true;
    for (SourceConnector c : runner.all()) {
      scheduleNext(c, jittered(Duration.ZERO, intervalOf(c)));
    }
    WriteSide w = writes;
    if (w != null && w.active()) {
      long every = w.interval().toMillis();
      scheduled.add(executor.scheduleWithFixedDelay(() -> runWritesQuietly(w), every, every, TimeUnit.MILLISECONDS));
    }
    PushHub p = push;
    if (p != null && p.enabled()) {
      schedulePushMaintenance(Duration.ZERO);
    }
    CoordinatorMetrics m = metrics;
    if (m != null) {
      long every = m.thresholds().evaluationInterval().toMillis();
      scheduled.add(executor.scheduleWithFixedDelay(m::evaluateQuietly, every, every, TimeUnit.MILLISECONDS));
    }
  }

  /** Cancels everything scheduled; answers false when already stopped. */
  synchronized boolean stop() {
    if (closed) {
      return false;
    }
    closed = true;
    scheduled.forEach(f -> f.cancel(false));
    return true;
  }

  /** Shuts the executor down when the builder made it (waiting up to 30 s for running tasks). */
  void shutdownExecutor() {
    if (!ownsExecutor) {
      return;
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** A sync a push notification queued: one connector, unless its account is paused or the schedule stopped. */
  void pushSync(ConnectorId id) {
    synchronized (this) {
      if (closed) {
        return; // polling, or the next coordinator, covers it
      }
    }
    runner.find(id).filter(c -> !runner.paused(id))
        .ifPresent(c -> runner.runExclusive(c, true, SyncProgress.none()));
  }

  /** Opens missing push channels and renews expiring ones (on the schedule once started). */
  void maintainPushChannels() {
    PushHub p = push;
    if (p != null) {
      p.maintain(id -> !runner.paused(id));
    }
  }

  /** The live push channels of a connector. */
  List<PushChannel> pushChannels(ConnectorId connector) {
    PushHub p = push;
    return p == null ? List.of() : p.channels(connector);
  }

  private synchronized void schedulePushMaintenance(Duration delay) {
    if (closed) {
      return;
    }
    scheduled.removeIf(ScheduledFuture::isDone);
    scheduled.add(executor.schedule(() -> {
      try {
        maintainPushChannels();
      } catch (RuntimeException e) {
        LOG.error("push channel maintenance failed: {}", e.getClass().getSimpleName());
      } finally {
        schedulePushMaintenance(pushMaintenanceEvery);
      }
    }, delay.toMillis(), TimeUnit.MILLISECONDS));
  }

  private static void runWritesQuietly(WriteSide w) {
    try {
      w.runDue();
    } catch (RuntimeException | Error e) { // a store or audit failure: the next run tries again
      LOG.error("scheduled run of the write queue failed: {}", e.getClass().getSimpleName());
    }
  }

  private synchronized void scheduleNext(SourceConnector c, Duration delay) {
    if (closed) {
      return;
    }
    scheduled.removeIf(ScheduledFuture::isDone);
    scheduled.add(executor.schedule(() -> {
      try {
        runner.runExclusive(c, false, SyncProgress.none());
      } catch (RuntimeException | Error e) { // the job reports failures itself: only a broken JVM gets here
        LOG.error("scheduled sync of {} failed: {}", c.id(), e.getClass().getSimpleName());
      } finally {
        scheduleNext(c, jittered(intervalOf(c), intervalOf(c)));
      }
    }, delay.toMillis(), TimeUnit.MILLISECONDS));
  }

  /** The connector's interval; the builder sets one for every connector it passes in. */
  private Duration intervalOf(SourceConnector c) {
    return Objects.requireNonNull(intervals.get(c.id()), "the builder sets an interval for every connector");
  }

  /** {@code base} plus a random share (up to the jitter fraction) of {@code interval}. */
  private synchronized Duration jittered(Duration base, Duration interval) {
    long spread = (long) (interval.toMillis() * jitter);
    return base.plusMillis(spread <= 0 ? 0 : (long) (random.nextDouble() * spread));
  }
}
