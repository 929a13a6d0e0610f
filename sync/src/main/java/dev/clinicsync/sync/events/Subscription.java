package dev.clinicsync.sync.events;

/**
 * A registered {@link CoordinatorListener}. Closing it stops delivery: events still queued for it
 * are dropped (not counted as {@link ListenerStats#dropped() dropped}), one being delivered
 * finishes. Idempotent.
 */
public interface Subscription extends AutoCloseable {
  /** What has been delivered to this listener so far. */
  ListenerStats stats();

  /** Stops delivery to the listener. */
  @Override
  void close();
}
