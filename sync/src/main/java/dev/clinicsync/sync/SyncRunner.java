package dev.clinicsync.sync;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.sync.internal.ChangeEvents;
import dev.clinicsync.sync.internal.CoordinatorMetrics;
import dev.clinicsync.sync.internal.EventHub;
import dev.clinicsync.sync.internal.SyncJob;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the coordinator's syncs: at most one per connector at a time on this node, each report
 * published to listeners, counted in the metrics and shown to account linking (which pauses a
 * connector needing re-consent). No access checks here: the coordinator and its facets check first.
 */
final class SyncRunner {
  private static final Logger LOG = LoggerFactory.getLogger(SyncCoordinator.class);

  private final SyncJob job;
  private final Map<ConnectorId, SourceConnector> connectors;
  private final Map<ConnectorId, ReentrantLock> running = new LinkedHashMap<>();
  private volatile EventHub events = EventHub.none();
  private volatile Clock eventClock = Clock.systemUTC();
  private volatile @Nullable CoordinatorMetrics metrics;
  private volatile @Nullable AccountConnections accounts;

  SyncRunner(SyncJob job, Map<ConnectorId, SourceConnector> connectors) {
    this.job = job;
    this.connectors = connectors;
    connectors.keySet().forEach(id -> running.put(id, new ReentrantLock()));
  }

  void linkEvents(EventHub hub, Clock clock) {
    this.events = hub;
    this.eventClock = clock;
  }

  void linkMetrics(CoordinatorMetrics m) {
    this.metrics = m;
  }

  void linkAccounts(AccountConnections a) {
    this.accounts = a;
  }

  SyncJob job() {
    return job;
  }

  /** The connector with this id. @throws ValidationException for an unknown one */
  SourceConnector connector(ConnectorId id) {
    SourceConnector c = connectors.get(id);
    if (c == null) {
      throw new ValidationException("no connector with id " + id + " (known: " + connectors.keySet() + ")");
    }
    return c;
  }

  Optional<SourceConnector> find(ConnectorId id) {
    return Optional.ofNullable(connectors.get(id));
  }

  Collection<SourceConnector> all() {
    return connectors.values();
  }

  List<ConnectorId> ids() {
    return List.copyOf(connectors.keySet());
  }

  /** Whether a connector's account is not connected or needs re-consent (left out of scheduled and pushed syncs). */
  boolean paused(ConnectorId id) {
    AccountConnections a = accounts;
    return a != null && a.paused(id);
  }

  /** Publishes the end of a sync (or a plan applied) to listeners; answers the report. */
  SyncReport published(SyncReport report) {
    ChangeEvents.syncEnded(report, eventClock.instant()).ifPresent(events::publish);
    return report;
  }

  /**
   * Runs one sync of {@code c}: waiting for one in flight ({@code wait}), or giving up when one runs
   * or the connector's account is paused (a scheduled run).
   */
  Optional<SyncReport> runExclusive(SourceConnector c, boolean wait, SyncProgress progress) {
    ReentrantLock lock = lockOf(c);
    if (wait) {
      lock.lock();
    } else if (!lock.tryLock()) {
      return Optional.empty(); // a sync of this connector is already running on this node
    }
    try {
      if (!wait && paused(c.id())) {
        return Optional.empty(); // its account is not connected or needs re-consent: nothing to sync on schedule
      }
      SyncReport report = published(job.run(c, progress));
      CoordinatorMetrics m = metrics;
      if (m != null) {
        m.syncFinished(report);
      }
      AccountConnections a = accounts;
      if (a != null) {
        a.observe(report);
      }
      return Optional.of(report);
    } finally {
      lock.unlock();
    }
  }

  /** A targeted refresh of {@code ids}, after any sync of the same connector running on this node. */
  SyncReport refresh(SourceConnector c, Set<String> ids) {
    ReentrantLock lock = lockOf(c);
    lock.lock();
    try {
      return published(job.refresh(c, ids));
    } finally {
      lock.unlock();
    }
  }

  /** Waits for every in-flight sync to finish. */
  void awaitIdle() {
    for (ReentrantLock lock : running.values()) {
      lock.lock(); // waits for an in-flight sync of that connector
      lock.unlock();
    }
  }

  /** Closes every connector; a failure is logged (by type) and the others are still closed. */
  void closeConnectors() {
    for (SourceConnector c : connectors.values()) {
      try {
        c.close();
      } catch (RuntimeException e) {
        LOG.warn("closing connector {} failed: {}", c.id(), e.getClass().getSimpleName());
      }
    }
  }

  /** The connector's lock; the constructor makes one for every connector this coordinator runs. */
  private ReentrantLock lockOf(SourceConnector c) {
    return Objects.requireNonNull(running.get(c.id()), "the constructor makes a lock for every connector");
  }
}
