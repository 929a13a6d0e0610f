package dev.clinicsync.sync.internal;

import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditLog;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.sync.ChangeNotAuditedException;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a data change and its audit event together or not at all: the one seam where the apply
 * step makes a change durable. The stores it runs over here have no transactions, so it works by
 * compensation: it applies a {@link Step}, appends the step's audit event, and when the event
 * cannot be written undoes the step (each step knows how: an upsert restores what
 * {@link dev.clinicsync.core.store.UpsertResult#previous()} returned) and throws
 * {@link ChangeNotAuditedException}. The change's write jobs are queued through the {@link Outbox}
 * between the two and taken back with it.
 *
 * <p>Stores with real transactions (the JDBC ones) run it inside the sync's transaction
 * ({@link Transact}): then a failure is not undone step by step but thrown, and the transaction's
 * rollback takes back the change, its jobs and every other change of the sync.
 */
public final class UnitOfWork {
  private static final Logger LOG = LoggerFactory.getLogger(UnitOfWork.class);

  private final AuditLog audit;
  private final @Nullable Outbox outbox;
  private final boolean rolledBack;

  public UnitOfWork(AuditLog audit) {
    this(audit, null);
  }

  /**
   * A unit of work run inside a store transaction when {@code transactional}: a failure is left to
   * the rollback instead of being undone step by step.
   */
  public UnitOfWork(AuditLog audit, @Nullable Outbox outbox, boolean transactional) {
    this.audit = audit;
    this.outbox = outbox;
    this.rolledBack = transactional;
  }

  /**
   * A unit of work that also queues the write jobs of each change through the {@link Outbox}: the
   * change, its jobs and its audit event are kept together or not at all.
   */
  public UnitOfWork(AuditLog audit, @Nullable Outbox outbox) {
    this(audit, outbox, false);
  }

  /** An audit event to write with a change. */
  record Event(String actor, AuditAction action, String subject, Map<String, String> details) {}

  /**
   * One data change: applied, audited, or undone.
   *
   * @param <T> what applying it returns
   */
  interface Step<T> {
    T apply();

    /** The event recording the change; empty when nothing changed. */
    Optional<Event> event(T applied);

    /** Puts back what {@link #apply} changed. */
    void undo(T applied);

    /** The appointment before and after the change, for its write jobs; empty when none are needed. */
    default Optional<Change> change(T applied) {
      return Optional.empty();
    }
  }

  /**
   * A stored change of one appointment, as the outbox sees it.
   *
   * @param before as it was; empty for a new one
   * @param after as stored now; empty for a deletion
   * @param local whether it was made in ClinicSync rather than read from its source
   */
  record Change(Optional<Appointment> before, Optional<Appointment> after, boolean local) {}

  /**
   * Applies the step and writes its event.
   *
   * @throws ChangeNotAuditedException when the event could not be written (the change was undone)
   */
  <T> T run(Step<T> step) {
    T applied = step.apply();
    Optional<Event> event = step.event(applied);
    Outbox.Queued queued = Outbox.Queued.NOTHING;
    try {
      Outbox box = outbox;
      Optional<Change> change = box == null ? Optional.empty() : step.change(applied);
      if (box != null && change.isPresent()) {
        queued = box.record(change.get().before(), change.get().after(), change.get().local());
      }
    } catch (RuntimeException | Error failure) {
      if (Failures.isFatal(failure) || rolledBack) {
        throw failure;
      }
      try {
        step.undo(applied);
      } catch (RuntimeException undoFailure) {
        failure.addSuppressed(undoFailure);
      }
      throw failure;
    }
    if (event.isEmpty()) {
      return applied;
    }
    Event e = event.get();
    try {
      audit.record(e.actor(), e.action(), e.subject(), e.details());
    } catch (RuntimeException | Error failure) {
      if (Failures.isFatal(failure)) {
        throw failure;
      }
      if (rolledBack) {
        throw new ChangeNotAuditedException(e.action(), e.subject(), failure); // the rollback undoes it
      }
      try {
        if (outbox != null) {
          outbox.revert(queued.jobs());
        }
        step.undo(applied);
      } catch (RuntimeException undoFailure) {
        failure.addSuppressed(undoFailure);
        LOG.error("a change whose audit event failed could not be undone ({}): {} of {} is stored without its event",
            undoFailure.getClass().getSimpleName(), e.action(), e.subject());
      }
      throw new ChangeNotAuditedException(e.action(), e.subject(), failure);
    }
    return applied;
  }
}
