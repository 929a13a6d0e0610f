package dev.clinicsync.sync.events;

import dev.clinicsync.core.Checks;

/**
 * The delivery counters of one listener.
 *
 * @param listener the subscription's name ({@code listener-1}, in order of registration)
 * @param delivered events the listener returned from normally
 * @param failed events the listener threw on
 * @param dropped events discarded unseen because its queue was full (the oldest first) or the
 *     event executor refused the delivery
 * @param queued events waiting for it now
 */
public record ListenerStats(String listener, long delivered, long failed, long dropped, int queued) {
  public ListenerStats {
    Checks.notBlank(listener, "listener name");
  }
}
