package dev.clinicsync.sync;

import dev.clinicsync.core.access.Operation;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.sync.internal.Access;
import dev.clinicsync.sync.internal.CoordinatorMetrics;
import dev.clinicsync.sync.metrics.Alert;
import dev.clinicsync.sync.metrics.MetricsSnapshot;
import java.util.List;

/**
 * The coordinator's metrics and alerts, from {@link SyncCoordinator#observability()}. PHI-free
 * operational data — but it tells which vendors fail, how busy the practice is and how the write
 * queue stands, so every read needs {@link Operation#VIEW_METRICS}: admins only under the default
 * policy, never front desk, never therapists (not even for themselves). A denial is audited, then
 * thrown as an {@link dev.clinicsync.core.access.AccessDeniedException}; an allowed read is not
 * audited (a monitoring system reads every few seconds, and nothing it reads names a patient).
 *
 * <p>A host's monitoring reads as a principal of its own — {@code Principal.admin("svc-metrics")},
 * say — as {@code clinicsync-micrometer}'s {@code CoordinatorGauges} does; the counters themselves
 * are kept whether anyone reads them or not, and a {@link dev.clinicsync.sync.metrics.MetricsRecorder}
 * given to {@link SyncCoordinatorBuilder#metricsRecorder} receives every measurement as it is taken,
 * with no principal (host wiring). Thread-safe.
 */
public final class SyncObservability {
  private final Access access;
  private final CoordinatorMetrics metrics;

  SyncObservability(Access access, CoordinatorMetrics metrics) {
    this.access = access;
    this.metrics = metrics;
  }

  /**
   * Checks, once, that {@code principal} may read metrics — for a binder that will read on its
   * behalf later, so that a wrong principal fails when the host wires it up rather than on every
   * scrape.
   *
   * @throws dev.clinicsync.core.access.AccessDeniedException (audited) when it may not
   */
  public void requireReader(Principal principal) {
    access.authorize(principal, Operation.VIEW_METRICS, null);
  }

  /**
   * The coordinator's metrics now: per connector and operation call and error counts and latency
   * percentiles, write-queue depth and dead letters, each connector's time since its last
   * successful sync, the aggregated calendar's latency and the bookings refused for conflicts.
   *
   * @throws dev.clinicsync.core.access.AccessDeniedException (audited) unless the principal may
   *     read metrics
   * @throws dev.clinicsync.core.StorageException when the write queue's stats cannot be read
   */
  public MetricsSnapshot metrics(Principal principal) {
    access.authorize(principal, Operation.VIEW_METRICS, null);
    return metrics.snapshot();
  }

  /**
   * The active alerts, after evaluating every rule of the builder's
   * {@link SyncCoordinatorBuilder#alertThresholds alert thresholds} now (a started coordinator also
   * evaluates them on its own schedule); each raise and clear is delivered to the alert listeners.
   *
   * @throws dev.clinicsync.core.access.AccessDeniedException (audited) unless the principal may
   *     read metrics
   */
  public List<Alert> alerts(Principal principal) {
    access.authorize(principal, Operation.VIEW_METRICS, null);
    return metrics.evaluate();
  }
}
