package dev.clinicsync.connectors.icsfeed.internal;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a parse on a dedicated daemon thread and gives up at a deadline: ical4j has looped on
 * truncated input, so a feed must never hold the sync thread. On timeout the task is cancelled
 * (interrupted; {@link LimitedReader} turns that into a failed read) and a
 * {@link FeedProblem.Kind#DEADLINE_EXCEEDED} problem is thrown. A fresh thread per call means a
 * task that ignores its interrupt cannot block the next parse.
 */
public final class Deadline {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private Deadline() {}

  /**
   * @param what a PHI-free name for the thread and the message ("feed sp-dr-rivera")
   * @param timeout how long the task may run
   * @param task the work
   * @throws FeedProblem when the task fails with one, or runs past the deadline
   */
  public static <T> T run(String what, Duration timeout, Callable<T> task) {
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "clinicsync-ics-parse-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      Future<T> future = executor.submit(task);
      try {
        return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        future.cancel(true);
        throw new FeedProblem(FeedProblem.Kind.DEADLINE_EXCEEDED,
            "parsing " + what + " did not finish within " + timeout);
      } catch (InterruptedException e) {
        future.cancel(true);
        Thread.currentThread().interrupt();
        throw new FeedProblem(FeedProblem.Kind.DEADLINE_EXCEEDED, "parsing " + what + " was interrupted");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof FeedProblem p) {
          throw p;
        }
        if (cause instanceof RuntimeException r) {
          throw r;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw new FeedProblem(FeedProblem.Kind.MALFORMED, "parsing " + what + " failed");
      }
    } finally {
      executor.shutdownNow();
    }
  }
}
