package dev.clinicsync.sync.internal;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditLog;
import dev.clinicsync.core.store.WriteJob;
import dev.clinicsync.core.store.WriteQueue;
import dev.clinicsync.sync.writes.MirrorIssue;
import dev.clinicsync.sync.writes.WriteQueueHealth;
import dev.clinicsync.sync.writes.WriteRunReport;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The coordinator's outbound side behind its admin operations (the caller checks access): running
 * the queue, the dead letters (list, retry and discard, audited), the queue's health and the open
 * mirror issues.
 */
public final class WriteSide {
  private final WriteQueue queue;
  private final WriteWorker worker;
  private final MirrorIssues issues;
  private final AuditLog audit;
  private final Clock clock;
  private final Duration interval;

  public WriteSide(WriteQueue queue, WriteWorker worker, MirrorIssues issues, AuditLog audit, Clock clock,
      Duration interval) {
    this.queue = queue;
    this.worker = worker;
    this.issues = issues;
    this.audit = audit;
    this.clock = clock;
    this.interval = interval;
  }

  /** How often a started coordinator runs the queue. */
  public Duration interval() {
    return interval;
  }

  /** Whether anything is written at all (a target has a writer); a coordinator without one schedules no runs. */
  public boolean active() {
    return worker.hasTargets();
  }

  public WriteRunReport runDue() {
    return worker.runDue();
  }

  public List<WriteJob> deadLetters() {
    return queue.deadLetters();
  }

  /**
   * Requeues a dead letter, then audits it; when the audit fails the job stays requeued (running it
   * again is idempotent) and the failure reaches the admin.
   */
  public WriteJob retry(Principal admin, String jobId) {
    Checks.identifier(jobId, "write job id");
    WriteJob requeued = queue.retryDead(jobId);
    audit.record(admin.userId(), AuditAction.WRITE_REQUEUED, requeued.appointmentId().value(),
        Map.of("job", requeued.id(), "target", requeued.target().value()));
    return requeued;
  }

  /** Discards a dead letter for good, audited. */
  public WriteJob discard(Principal admin, String jobId) {
    Checks.identifier(jobId, "write job id");
    WriteJob removed = queue.discardDead(jobId);
    audit.record(admin.userId(), AuditAction.WRITE_DISCARDED, removed.appointmentId().value(),
        Map.of("job", removed.id(), "target", removed.target().value(), "operation", removed.operation().name(),
            "error", removed.lastError().orElse("")));
    return removed;
  }

  public WriteQueueHealth health() {
    WriteQueue.Stats stats = queue.stats();
    return new WriteQueueHealth(stats.depth(), stats.oldestPendingAge(clock.instant()), stats.deadLetters());
  }

  public List<MirrorIssue> issues() {
    return issues.all();
  }
}
