package dev.clinicsync.sync;

import dev.clinicsync.sync.events.CoordinatorEvent;
import dev.clinicsync.sync.events.CoordinatorListener;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** A listener that keeps what it receives, on which thread, and lets a test wait for a count (no sleeps). */
final class EventRecorder implements CoordinatorListener {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final List<CoordinatorEvent> events = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  @Override
  public void onEvent(CoordinatorEvent event) {
    lock.lock();
    try {
      events.add(event);
      threads.add(Thread.currentThread());
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  List<CoordinatorEvent> events() {
    lock.lock();
    try {
      return List.copyOf(events);
    } finally {
      lock.unlock();
    }
  }

  <T extends CoordinatorEvent> List<T> of(Class<T> type) {
    return events().stream().filter(type::isInstance).map(type::cast).toList();
  }

  List<Thread> threads() {
    lock.lock();
    try {
      return List.copyOf(threads);
    } finally {
      lock.unlock();
    }
  }

  /** Waits (on a condition, bounded) until at least {@code n} events arrived; fails the test otherwise. */
  List<CoordinatorEvent> awaitCount(int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    lock.lock();
    try {
      while (events.size() < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("expected " + n + " events, got " + events.size() + ": " + events);
        }
        arrived.await(left, TimeUnit.NANOSECONDS);
      }
      return List.copyOf(events);
    } finally {
      lock.unlock();
    }
  }

  /** An executor that runs nothing until the test says so: deliveries become deterministic. */
  static final class ManualExecutor implements Executor {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
      tasks.add(task);
    }

    synchronized int pending() {
      return tasks.size();
    }

    /** Runs queued tasks, and what they queue, until none is left. */
    void runAll() {
      while (true) {
        Runnable next;
        synchronized (this) {
          next = tasks.poll();
        }
        if (next == null) {
          return;
        }
        next.run();
      }
    }
  }
}
