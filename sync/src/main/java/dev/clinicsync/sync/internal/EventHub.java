package dev.clinicsync.sync.internal;

import dev.clinicsync.sync.events.CoordinatorEvent;
import dev.clinicsync.sync.events.CoordinatorListener;
import dev.clinicsync.sync.events.EventStats;
import dev.clinicsync.sync.events.ListenerStats;
import dev.clinicsync.sync.events.Subscription;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes {@link CoordinatorEvent}s to the host's listeners off the publishing thread.
 *
 * <p>Each listener has its own bounded queue and at most one delivery task on the executor at a
 * time, so it receives events one at a time in publish order. Publishing only appends to the
 * queues (a short lock per listener) and never waits for a listener: the coordinator publishes a
 * change's events after the change is stored and audited, while it still holds the clinician's lock,
 * so the order per clinician is the order of the store. A full queue drops its oldest event and
 * counts it; a listener that throws is counted and logged by exception class only. A delivery task
 * hands the executor back after {@link #BATCH} events, so listeners sharing an executor take turns.
 *
 * <p>The alert engine publishes {@link dev.clinicsync.sync.events.AlertRaised} and {@link
 * dev.clinicsync.sync.events.AlertCleared} through {@link #publish} as well. Thread-safe.
 */
public final class EventHub {
  /** The default bound of each listener's queue. */
  public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
  /** Events one delivery task hands a listener before giving the executor back. */
  static final int BATCH = 256;

  private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);
  /** A hub nobody listens to: publishing does nothing. */
  private static final EventHub NONE = new EventHub(Runnable::run, 1);

  private final Executor executor;
  private final int capacity;
  private final List<Sink> sinks = new CopyOnWriteArrayList<>();
  private final AtomicLong published = new AtomicLong();
  /** The counters of closed subscriptions, kept in the totals. */
  private final AtomicLong retiredDelivered = new AtomicLong();
  private final AtomicLong retiredFailed = new AtomicLong();
  private final AtomicLong retiredDropped = new AtomicLong();
  private final AtomicInteger names = new AtomicInteger();
  private volatile boolean closed;

  /**
   * A hub delivering on {@code executor}, each listener's queue bounded by {@code capacity}.
   *
   * @throws IllegalArgumentException for a capacity below 1
   */
  public EventHub(Executor executor, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("listener queue capacity must be at least 1");
    }
    this.executor = executor;
    this.capacity = capacity;
  }

  /** A hub without listeners, for parts built without one. */
  public static EventHub none() {
    return NONE;
  }

  /** Registers a listener; it receives events published from now on. */
  public Subscription subscribe(CoordinatorListener listener) {
    if (this == NONE) {
      throw new IllegalStateException("the no-op hub takes no listeners");
    }
    Sink s = new Sink(listener, "listener-" + names.incrementAndGet());
    sinks.add(s);
    return s;
  }

  /** Queues the event for every listener; never blocks on one. */
  public void publish(CoordinatorEvent event) {
    if (closed || sinks.isEmpty()) {
      return;
    }
    published.incrementAndGet();
    for (Sink s : sinks) {
      s.offer(event);
    }
  }

  /** Queues each event in order. */
  public void publishAll(List<? extends CoordinatorEvent> events) {
    events.forEach(this::publish);
  }

  /** Whether anyone listens (so callers may skip building events). */
  public boolean listening() {
    return !sinks.isEmpty() && !closed;
  }

  /** The delivery counters. */
  public EventStats stats() {
    long delivered = retiredDelivered.get();
    long failed = retiredFailed.get();
    long dropped = retiredDropped.get();
    List<ListenerStats> each = new ArrayList<>();
    for (Sink s : sinks) {
      ListenerStats st = s.stats();
      each.add(st);
      delivered += st.delivered();
      failed += st.failed();
      dropped += st.dropped();
    }
    return new EventStats(published.get(), delivered, failed, dropped, each);
  }

  /** Stops publishing; what is queued is still delivered while the executor runs. */
  public void close() {
    closed = true;
  }

  /** One listener: its queue, its delivery task and its counters. */
  private final class Sink implements Subscription, Runnable {
    private final CoordinatorListener listener;
    private final String name;
    private final ArrayDeque<CoordinatorEvent> queue = new ArrayDeque<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private boolean scheduled;
    private volatile boolean active = true;

    Sink(CoordinatorListener listener, String name) {
      this.listener = listener;
      this.name = name;
    }

    void offer(CoordinatorEvent event) {
      synchronized (this) {
        if (!active) {
          return;
        }
        if (queue.size() >= capacity) {
          queue.pollFirst(); // drop-oldest: the listener will re-read current state anyway
          dropped.incrementAndGet();
        }
        queue.addLast(event);
        if (scheduled) {
          return;
        }
        scheduled = true;
      }
      submit();
    }

    private void submit() {
      try {
        executor.execute(this);
      } catch (RejectedExecutionException e) {
        synchronized (this) {
          dropped.addAndGet(queue.size());
          queue.clear();
          scheduled = false;
        }
        LOG.warn("{}: the event executor refused delivery; queued events dropped", name);
      }
    }

    @Override
    public void run() {
      for (int n = 0; n < BATCH; n++) {
        CoordinatorEvent next;
        synchronized (this) {
          next = active ? queue.pollFirst() : null;
          if (next == null) {
            scheduled = false;
            return;
          }
        }
        deliver(next);
      }
      submit(); // more queued: give other listeners on a shared executor their turn first
    }

    private void deliver(CoordinatorEvent event) {
      try {
        listener.onEvent(event);
        delivered.incrementAndGet();
      } catch (RuntimeException | Error e) {
        if (Failures.isFatal(e)) {
          throw e;
        }
        failed.incrementAndGet();
        LOG.warn("{} failed on a {} event: {}", name, event.getClass().getSimpleName(), e.getClass().getSimpleName());
      }
    }

    @Override
    public synchronized ListenerStats stats() {
      return new ListenerStats(name, delivered.get(), failed.get(), dropped.get(), queue.size());
    }

    @Override
    public void close() {
      synchronized (this) {
        if (!active) {
          return;
        }
        active = false;
        queue.clear();
      }
      if (sinks.remove(this)) {
        retiredDelivered.addAndGet(delivered.get());
        retiredFailed.addAndGet(failed.get());
        retiredDropped.addAndGet(dropped.get());
      }
    }
  }
}
