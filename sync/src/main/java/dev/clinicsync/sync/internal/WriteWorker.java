package dev.clinicsync.sync.internal;

import dev.clinicsync.core.ClinicSyncException;
import dev.clinicsync.core.ConnectorAuthException;
import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditLog;
import dev.clinicsync.core.connector.MirrorWrite;
import dev.clinicsync.core.connector.MirrorWriter;
import dev.clinicsync.core.connector.WriteEcho;
import dev.clinicsync.core.connector.WriteOutcome;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.phi.PhiVault;
import dev.clinicsync.core.store.AppointmentStore;
import dev.clinicsync.core.store.ClinicianDirectory;
import dev.clinicsync.core.store.WriteJob;
import dev.clinicsync.core.store.WriteQueue;
import dev.clinicsync.sync.events.WriteDeadLettered;
import dev.clinicsync.sync.writes.MirrorIssue;
import dev.clinicsync.sync.writes.MirrorProjection;
import dev.clinicsync.sync.writes.MirrorRule;
import dev.clinicsync.sync.writes.WriteRunReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the write queue: claims the due jobs of each target in batches, runs each through the
 * target's {@link MirrorWriter}, and settles it.
 *
 * <ul>
 *   <li><b>Idempotent.</b> Every write is keyed by the appointment's idempotency key: a mirror this
 *       node has no version of is created with the key, and when the create finds it already there
 *       (a retry, a restart), it is updated to the appointment as it is now.
 *   <li><b>Unknown outcomes</b> (a timeout) are read back before anything else: a mirror that
 *       already matches is done; otherwise the job is retried like a retryable failure.
 *   <li><b>Retries.</b> A retryable failure reschedules the job with exponential backoff and full
 *       jitter (a uniformly random wait below the exponential ceiling, never shorter than the
 *       vendor's Retry-After); after the last attempt, or at once for a permanent or auth failure,
 *       the job is dead-lettered with its PHI-free last error, audited.
 *   <li><b>Changed at the target.</b> A conditional write that meets a newer version (412) or a
 *       deleted mirror is settled by the {@link MirrorRule}s: by default the source system wins —
 *       the mirror is rewritten over the current version, or recreated — and the restore is audited;
 *       otherwise a {@link MirrorIssue} is raised for an admin, audited, and the job is done.
 * </ul>
 * The write content is computed when the job runs, from the appointment as stored then, so a job
 * that waited writes the newest state.
 */
public final class WriteWorker {
  private static final Logger LOG = LoggerFactory.getLogger(WriteWorker.class);

  /**
   * The worker's settings.
   *
   * @param workerId who claims (the node id)
   * @param batch jobs per claim
   * @param claimFor how long a claim lasts before another worker may take the job
   * @param initialDelay the backoff ceiling before the first retry
   * @param maxDelay the cap of every backoff wait
   * @param maxAttempts attempts before a job is dead-lettered, the first included
   * @param onEdit the rule for a mirror edited at the target
   * @param onDelete the rule for a mirror deleted at the target
   */
  public record Settings(String workerId, int batch, Duration claimFor, Duration initialDelay, Duration maxDelay,
      int maxAttempts, MirrorRule onEdit, MirrorRule onDelete) {}

  private final WriteQueue queue;
  private final Map<ConnectorId, MirrorWriter> writers;
  private final Map<ConnectorId, MirrorProjection> projections;
  private final AppointmentStore store;
  private final ClinicianDirectory directory;
  private final PhiVault vault;
  private final MirrorLedger ledger;
  private final MirrorIssues issues;
  private final AuditLog audit;
  private final Clock clock;
  private final RandomGenerator random;
  private final Settings settings;
  private final EventHub events;

  public WriteWorker(WriteQueue queue, Map<ConnectorId, MirrorWriter> writers,
      Map<ConnectorId, MirrorProjection> projections, AppointmentStore store, ClinicianDirectory directory,
      PhiVault vault, MirrorLedger ledger, MirrorIssues issues, AuditLog audit, Clock clock, RandomGenerator random,
      Settings settings) {
    this(queue, writers, projections, store, directory, vault, ledger, issues, audit, clock, random, settings,
        EventHub.none());
  }

  /** A worker that publishes a {@link dev.clinicsync.sync.events.WriteDeadLettered} event for each job it parks. */
  public WriteWorker(WriteQueue queue, Map<ConnectorId, MirrorWriter> writers,
      Map<ConnectorId, MirrorProjection> projections, AppointmentStore store, ClinicianDirectory directory,
      PhiVault vault, MirrorLedger ledger, MirrorIssues issues, AuditLog audit, Clock clock, RandomGenerator random,
      Settings settings, EventHub events) {
    this.events = events;
    this.queue = queue;
    this.writers = Map.copyOf(writers);
    this.projections = Map.copyOf(projections);
    this.store = store;
    this.directory = directory;
    this.vault = vault;
    this.ledger = ledger;
    this.issues = issues;
    this.audit = audit;
    this.clock = clock;
    this.random = random;
    this.settings = settings;
  }

  boolean hasTargets() {
    return !writers.isEmpty();
  }

  /** Runs every due job of every target, batch after batch, until none is due. */
  public synchronized WriteRunReport runDue() {
    WriteRunReport total = WriteRunReport.EMPTY;
    for (ConnectorId target : new TreeMap<>(byValue(writers)).values()) {
      total = total.plus(runTarget(target));
    }
    return total;
  }

  private static Map<String, ConnectorId> byValue(Map<ConnectorId, MirrorWriter> writers) {
    Map<String, ConnectorId> m = new TreeMap<>();
    writers.keySet().forEach(id -> m.put(id.value(), id));
    return m;
  }

  /** Runs the due jobs of one target. A retried job is due again only after a positive wait, so this ends. */
  WriteRunReport runTarget(ConnectorId target) {
    MirrorWriter writer = Objects.requireNonNull(writers.get(target), "runDue passes only targets with a writer");
    int attempted = 0;
    int written = 0;
    int retried = 0;
    int dead = 0;
    int raised = 0;
    while (true) {
      List<WriteJob> batch = queue.claim(target, settings.workerId(), settings.batch(), settings.claimFor());
      if (batch.isEmpty()) {
        return new WriteRunReport(attempted, written, retried, dead, raised);
      }
      for (WriteJob job : batch) {
        attempted++;
        switch (runOne(job, writer)) {
          case DONE -> written++;
          case RAISED -> raised++;
          case RETRIED -> retried++;
          default -> dead++;
        }
      }
    }
  }

  private enum Settled { DONE, RAISED, RETRIED, DEAD }

  /** A write whose outcome stayed unknown after reading back. */
  private static final class UnknownOutcome extends RuntimeException {
    UnknownOutcome() {
      super("the outcome of the write is unknown", null, false, false);
    }
  }

  private Settled runOne(WriteJob job, MirrorWriter writer) {
    Settled settled;
    try {
      String calendar = job.attributes().get(Outbox.CALENDAR);
      if (calendar == null) {
        throw new ValidationException("write job " + job.id() + " names no calendar");
      }
      settled = job.operation() == WriteJob.Operation.UPSERT ? upsert(job, writer, calendar)
          : cancel(job, writer, calendar);
    } catch (ConnectorAuthException | PermanentConnectorException | ValidationException e) {
      return deadLetter(job, code(e));
    } catch (RuntimeException e) {
      return retryOrDeadLetter(job, e);
    }
    queue.complete(job.id(), settings.workerId());
    return settled;
  }

  // ---- create / update ----

  private Settled upsert(WriteJob job, MirrorWriter writer, String calendar) {
    ConnectorId target = job.target();
    AppointmentId id = job.appointmentId();
    Optional<Appointment> appointment = store.findById(id);
    if (appointment.isEmpty() || !Outbox.live(appointment.get())) {
      return Settled.DONE; // deleted or cancelled since: the job queued behind this one settles the mirror
    }
    MirrorWrite desired = desired(appointment.get(), calendar, target);
    Optional<String> version = ledger.find(target, id).flatMap(MirrorLedger.Entry::version);
    if (version.isPresent()) {
      return settleUpsert(job, writer, desired, writer.update(desired, version.get()), true);
    }
    // not written by this node yet (or it restarted): the keyed create finds a mirror that exists
    WriteOutcome created = writer.create(desired);
    if (created instanceof WriteOutcome.Written w && !w.created() && w.remote().version().isPresent()) {
      // it existed (an earlier attempt, another node, a restart): bring it to the appointment as it is now
      return settleUpsert(job, writer, desired, writer.update(desired, w.remote().version().get()), true);
    }
    return settleUpsert(job, writer, desired, created, true);
  }

  private Settled settleUpsert(WriteJob job, MirrorWriter writer, MirrorWrite desired, WriteOutcome outcome,
      boolean mayRewrite) {
    ConnectorId target = job.target();
    AppointmentId id = job.appointmentId();
    if (outcome instanceof WriteOutcome.Written w) {
      ledger.put(target, id, new MirrorLedger.Entry(w.remote().version(), Optional.of(desired.window())));
      return Settled.DONE;
    }
    if (outcome instanceof WriteOutcome.Unknown) {
      Optional<WriteEcho> back = writer.read(desired.target(), id);
      if (back.isPresent() && !back.get().cancelled() && back.get().window().equals(Optional.of(desired.window()))) {
        ledger.put(target, id, new MirrorLedger.Entry(back.get().source().version(), back.get().window()));
        return Settled.DONE;
      }
      throw new UnknownOutcome();
    }
    if (outcome instanceof WriteOutcome.Conflict c) {
      WriteEcho current = c.current();
      if (!current.cancelled() && current.window().equals(Optional.of(desired.window()))) {
        ledger.put(target, id, new MirrorLedger.Entry(current.source().version(), current.window()));
        return Settled.DONE; // changed at the target, but to what we meant to write
      }
      boolean deleted = current.cancelled();
      if (rule(deleted) == MirrorRule.RAISE_CONFLICT) {
        ledger.put(target, id, new MirrorLedger.Entry(current.source().version(), current.window()));
        return raise(job, deleted);
      }
      if (!mayRewrite) {
        throw new RetryableConnectorException(target.value(), "the mirror changed again while it was restored", 412,
            null, null, null);
      }
      Settled s = settleUpsert(job, writer, desired, deleted ? writer.create(desired)
          : writer.update(desired, current.source().version().orElseThrow(() -> new PermanentConnectorException(
              target.value(), "the conflicting mirror carries no version", 412, null, null))), false);
      restored(job, deleted);
      return s;
    }
    if (outcome instanceof WriteOutcome.Gone) {
      if (rule(true) == MirrorRule.RAISE_CONFLICT) {
        ledger.forget(target, id);
        return raise(job, true);
      }
      if (!mayRewrite) {
        throw new RetryableConnectorException(target.value(), "the mirror was deleted again while it was recreated",
            410, null, null, null);
      }
      ledger.forget(target, id);
      Settled s = settleUpsert(job, writer, desired, writer.create(desired), false);
      restored(job, true);
      return s;
    }
    return Settled.DONE; // Cancelled: not an answer to a create or update
  }

  // ---- cancel ----

  private Settled cancel(WriteJob job, MirrorWriter writer, String calendar) {
    ConnectorId target = job.target();
    AppointmentId id = job.appointmentId();
    Optional<String> version = ledger.find(target, id).flatMap(MirrorLedger.Entry::version);
    if (version.isEmpty()) {
      Optional<WriteEcho> current = writer.read(calendar, id);
      if (current.isEmpty() || current.get().cancelled()) {
        ledger.forget(target, id);
        return Settled.DONE; // nothing to cancel
      }
      version = current.get().source().version();
      if (version.isEmpty()) {
        throw new PermanentConnectorException(target.value(), "the mirror to cancel carries no version", 200, null, null);
      }
    }
    WriteOutcome outcome = writer.cancel(calendar, id, version.get());
    if (outcome instanceof WriteOutcome.Conflict c && !c.current().cancelled()) {
      // the appointment is cancelled at the source: that wins over an edit of its mirror
      outcome = writer.cancel(calendar, id, c.current().source().version().orElseThrow(
          () -> new PermanentConnectorException(target.value(), "the conflicting mirror carries no version", 412, null, null)));
      if (outcome instanceof WriteOutcome.Conflict) {
        throw new RetryableConnectorException(target.value(), "the mirror changed again while it was cancelled", 412,
            null, null, null);
      }
    }
    if (outcome instanceof WriteOutcome.Unknown) {
      Optional<WriteEcho> back = writer.read(calendar, id);
      if (back.isPresent() && !back.get().cancelled()) {
        throw new UnknownOutcome();
      }
    }
    ledger.forget(target, id);
    return Settled.DONE;
  }

  // ---- settling ----

  private MirrorRule rule(boolean deleted) {
    return deleted ? settings.onDelete() : settings.onEdit();
  }

  private Settled raise(WriteJob job, boolean deleted) {
    Optional<Appointment> a = store.findById(job.appointmentId());
    MirrorIssue.Kind kind = deleted ? MirrorIssue.Kind.DELETED_AT_TARGET : MirrorIssue.Kind.EDITED_AT_TARGET;
    a.ifPresent(appointment -> {
      if (issues.raise(kind, appointment.clinicianId(), Optional.of(appointment.id()), Optional.of(job.target()))) {
        audit.record(Principal.SYSTEM.userId(), AuditAction.MIRROR_CONFLICT_RAISED, appointment.id().value(),
            Map.of("target", job.target().value(), "reason", deleted ? "deleted at Google" : "edited at Google"));
      }
    });
    return Settled.RAISED;
  }

  private void restored(WriteJob job, boolean deleted) {
    audit.record(Principal.SYSTEM.userId(), AuditAction.MIRROR_RESTORED, job.appointmentId().value(),
        Map.of("target", job.target().value(),
            "reason", deleted ? "reverted: deleted at Google" : "reverted: edited at Google"));
  }

  private Settled retryOrDeadLetter(WriteJob job, RuntimeException e) {
    String code = code(e);
    int attemptsMade = job.attempts() + 1;
    if (attemptsMade >= settings.maxAttempts()) {
      return deadLetter(job, code);
    }
    Duration wait = backoff(attemptsMade);
    if (e instanceof RetryableConnectorException r && r.retryAfter().isPresent()
        && r.retryAfter().get().compareTo(wait) > 0) {
      wait = r.retryAfter().get();
    }
    if (wait.isZero()) {
      wait = Duration.ofMillis(1); // never due again within the same run
    }
    Instant retryAt = clock.instant().plus(wait);
    LOG.info("write job {} for {} failed ({}), attempt {} of {}; retrying in {} ms", job.id(), job.target(), code,
        attemptsMade, settings.maxAttempts(), wait.toMillis());
    queue.retryLater(job.id(), settings.workerId(), retryAt, code);
    return Settled.RETRIED;
  }

  /**
   * Full jitter: a uniformly random wait below {@code min(maxDelay, initialDelay * 2^(retry-1))}.
   * (The same rule as connector-kit's {@code Backoff}, which the coordinator cannot depend on.)
   */
  Duration backoff(int retry) {
    double ceiling = settings.initialDelay().toNanos() * Math.pow(2, retry - 1.0);
    long cap = Math.min(settings.maxDelay().toNanos(), ceiling >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) ceiling);
    return Duration.ofNanos((long) (cap * random.nextDouble()));
  }

  private Settled deadLetter(WriteJob job, String code) {
    LOG.warn("write job {} for {} dead-lettered after {} attempt(s): {}", job.id(), job.target(), job.attempts() + 1,
        code);
    queue.deadLetter(job.id(), settings.workerId(), code);
    audit.record(Principal.SYSTEM.userId(), AuditAction.WRITE_DEAD_LETTERED, job.appointmentId().value(),
        Map.of("job", job.id(), "target", job.target().value(), "operation", job.operation().name(),
            "attempts", Integer.toString(job.attempts() + 1), "error", code));
    if (events.listening()) {
      events.publish(new WriteDeadLettered(job.id(), job.appointmentId(),
          store.findById(job.appointmentId()).map(Appointment::clinicianId), job.target(), code, clock.instant()));
    }
    return Settled.DEAD;
  }

  /** A PHI-free code of a failure: its kind and HTTP status ({@code retryable-429}), never its message. */
  static String code(RuntimeException e) {
    if (e instanceof UnknownOutcome) {
      return "unknown-outcome";
    }
    if (e instanceof ConnectorException c) {
      String kind = c instanceof ConnectorAuthException ? "auth"
          : c instanceof RetryableConnectorException ? "retryable"
          : c instanceof PermanentConnectorException ? "permanent" : "connector";
      return c.httpStatus().isPresent() && c.httpStatus().getAsInt() > 0 ? kind + "-" + c.httpStatus().getAsInt() : kind;
    }
    if (e instanceof ClinicSyncException) {
      return e.getClass().getSimpleName();
    }
    return "unexpected-" + e.getClass().getSimpleName();
  }

  private MirrorWrite desired(Appointment a, String calendar, ConnectorId target) {
    MirrorProjection projection = projections.getOrDefault(target, MirrorProjection.CONTENT_FREE);
    Optional<PhiRecord> phi = projection.needsPhi() ? vault.get(a.id()) : Optional.empty();
    ZoneId zone = directory.find(a.clinicianId()).map(Clinician::zone).orElse(ZoneOffset.UTC);
    return new MirrorWrite(a.id(), calendar, a.window(), zone, projection.project(a, phi));
  }
}
