package dev.clinicsync.sync.internal;

import dev.clinicsync.conflict.ConflictEngine;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.store.AppointmentChange;
import dev.clinicsync.core.store.AppointmentChanges;
import dev.clinicsync.core.store.AppointmentStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's conflict index caught up with what other nodes write to the shared stores. The
 * stores' {@link AppointmentChanges change sequence} is the truth: every poll reads the changes after
 * the last one seen, in id order, and re-reads each named appointment from the store into the index
 * (or removes it there when the store no longer holds it), under this node's lock of the clinician,
 * so it never interleaves with this node's own booking of that clinician. A poll runs every
 * {@code interval}, and at once when the stores give a {@link AppointmentChanges#onHint hint}
 * (PostgreSQL's NOTIFY); a lost hint only delays a change until the next poll.
 *
 * <p>So a booking accepted on any node is seen by {@code check}, availability and the calendar's
 * conflict flags on every other node within about one poll interval (a hint makes it the commit's
 * round trip); bookings themselves never depend on it, since each re-checks its slot against the
 * stores under the clinician's lock ({@link StoreRecheck}). This node's own changes come back too
 * and are re-read like any other: re-reading the committed state is always right.
 *
 * <p>Busy blocks are not in the sequence: another node's busy blocks reach this index through its
 * own syncs of the same calendars and through each booking's re-check.
 */
public final class IndexCatchUp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IndexCatchUp.class);
  /** Changes read per query. */
  static final int BATCH = 500;

  private final AppointmentChanges changes;
  private final AppointmentStore store;
  private final ConflictEngine engine;
  private final ClinicianLocks nodeLocks;
  private final AtomicBoolean queued = new AtomicBoolean();
  private long seen;
  private volatile boolean closed;
  private @Nullable ScheduledFuture<?> polling;
  private AppointmentChanges.Subscription hints = () -> { };
  private @Nullable ScheduledExecutorService executor;

  /**
   * @param changes the stores' change sequence
   * @param from the newest change id already reflected in the index (read before the index was loaded)
   */
  public IndexCatchUp(AppointmentChanges changes, long from, AppointmentStore store, ConflictEngine engine,
      ClinicianLocks nodeLocks) {
    this.changes = changes;
    this.seen = from;
    this.store = store;
    this.engine = engine;
    this.nodeLocks = nodeLocks;
  }

  /** Starts polling every {@code interval} on {@code executor}, and at once on every hint. */
  public synchronized void start(ScheduledExecutorService on, Duration interval) {
    if (closed || polling != null) {
      return;
    }
    this.executor = on;
    long every = Math.max(1, interval.toMillis());
    polling = on.scheduleWithFixedDelay(this::pollQuietly, every, every, TimeUnit.MILLISECONDS);
    hints = changes.onHint(this::pollSoon);
  }

  /** The newest change id reflected in the index. */
  public synchronized long seen() {
    return seen;
  }

  /**
   * Reads every change after the last one seen and brings the index up to the store for each.
   *
   * @return how many changes were read
   */
  public synchronized int poll() {
    int read = 0;
    while (!closed) {
      List<AppointmentChange> batch = changes.since(seen, BATCH);
      if (batch.isEmpty()) {
        break;
      }
      // the newest change of each appointment is enough: the store is re-read anyway
      Map<AppointmentId, ClinicianId> touched = new LinkedHashMap<>();
      for (AppointmentChange c : batch) {
        touched.put(c.appointmentId(), c.clinicianId());
      }
      for (Map.Entry<AppointmentId, ClinicianId> e : touched.entrySet()) {
        reread(e.getKey(), e.getValue());
      }
      seen = batch.get(batch.size() - 1).changeId();
      read += batch.size();
      if (batch.size() < BATCH) {
        break;
      }
    }
    return read;
  }

  private void reread(AppointmentId id, ClinicianId clinician) {
    try (ClinicianLocks.Held ignored = nodeLocks.lock(clinician)) {
      Optional<Appointment> now = store.findById(id);
      if (now.isPresent()) {
        engine.upsert(now.get());
      } else {
        engine.remove(id);
      }
    }
  }

  /** A hint: poll on the executor soon, once however many hints arrive meanwhile. */
  private void pollSoon() {
    ScheduledExecutorService on = executor;
    if (closed || on == null || !queued.compareAndSet(false, true)) {
      return;
    }
    try {
      on.execute(() -> {
        queued.set(false);
        pollQuietly();
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      queued.set(false); // shutting down
    }
  }

  private void pollQuietly() {
    try {
      poll();
    } catch (RuntimeException e) { // the stores are unreachable: the next poll tries again
      LOG.warn("catching up with other nodes' changes failed ({}); retrying at the next poll",
          e.getClass().getSimpleName());
    }
  }

  @Override
  public void close() {
    closed = true;
    AppointmentChanges.Subscription h;
    ScheduledFuture<?> p;
    synchronized (this) {
      h = hints;
      p = polling;
    }
    h.close();
    if (p != null) {
      p.cancel(false);
    }
  }
}
