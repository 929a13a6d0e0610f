package dev.clinicsync.sync;

import dev.clinicsync.core.access.Operation;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.store.WriteJob;
import dev.clinicsync.sync.internal.Access;
import dev.clinicsync.sync.internal.WriteSide;
import dev.clinicsync.sync.writes.MirrorIssue;
import dev.clinicsync.sync.writes.WriteQueueHealth;
import dev.clinicsync.sync.writes.WriteRunReport;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The outbound side, from {@link SyncCoordinator#writeQueue()}: running the write queue that mirrors
 * appointments into therapists' calendars ({@link Operation#RUN_SYNC}), its dead letters, health
 * and the mirror issues an admin should review ({@link Operation#MANAGE_WRITE_QUEUE}). Admins only:
 * every call is checked by the access policy, and a denial is audited, then thrown as an
 * {@link dev.clinicsync.core.access.AccessDeniedException}. Retries and discards are audited.
 * Thread-safe.
 */
public final class WriteQueueAdmin {
  private final Access access;
  private final @Nullable WriteSide writes;

  WriteQueueAdmin(Access access, @Nullable WriteSide writes) {
    this.access = access;
    this.writes = writes;
  }

  /**
   * Runs every due write job now: mirrors created, moved or cancelled in therapists' calendars,
   * each through its target's write-back SPI; a started coordinator also does this on its own
   * schedule.
   */
  public WriteRunReport run(Principal principal) {
    access.authorize(principal, Operation.RUN_SYNC, null);
    return writes().runDue();
  }

  /** Write jobs parked after their last attempt, oldest first, with their PHI-free last errors. */
  public List<WriteJob> deadLetters(Principal principal) {
    access.authorize(principal, Operation.MANAGE_WRITE_QUEUE, null);
    return writes().deadLetters();
  }

  /**
   * Puts a dead-lettered job back in the queue, due now, attempts reset. Audited.
   *
   * @throws dev.clinicsync.core.StorageConflictException when it is not dead-lettered
   */
  public WriteJob retryDeadLetter(Principal principal, String jobId) {
    access.authorize(principal, Operation.MANAGE_WRITE_QUEUE, null);
    return writes().retry(principal, jobId);
  }

  /** Discards a dead-lettered job for good; later jobs of its appointment may run. Audited. */
  public WriteJob discardDeadLetter(Principal principal, String jobId) {
    access.authorize(principal, Operation.MANAGE_WRITE_QUEUE, null);
    return writes().discard(principal, jobId);
  }

  /** Queue depth, the oldest pending job's age and the dead-letter count. */
  public WriteQueueHealth health(Principal principal) {
    access.authorize(principal, Operation.MANAGE_WRITE_QUEUE, null);
    return writes().health();
  }

  /**
   * What an admin should review on the outbound side: therapists who cannot be mirrored, mirrors
   * edited or deleted at the target that the rule raised instead of restoring, and local changes of
   * vendor-sourced appointments that are not at the source.
   */
  public List<MirrorIssue> mirrorIssues(Principal principal) {
    access.authorize(principal, Operation.MANAGE_WRITE_QUEUE, null);
    return writes().issues();
  }

  private WriteSide writes() {
    if (writes == null) {
      throw new IllegalStateException("this coordinator was built without a write queue");
    }
    return writes;
  }
}
