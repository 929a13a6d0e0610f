package dev.clinicsync.sync.events;

import dev.clinicsync.core.Checks;
import java.util.List;

/**
 * The coordinator's event delivery counters: the totals over every listener it has had, closed
 * subscriptions included, and the counters of each current one.
 *
 * @param published events the coordinator published
 * @param delivered deliveries that returned normally, over all listeners
 * @param failed deliveries whose listener threw
 * @param dropped events discarded unseen by a listener (queue full, executor refused)
 * @param listeners the counters of each current (not closed) listener, in order of registration
 */
public record EventStats(long published, long delivered, long failed, long dropped, List<ListenerStats> listeners) {
  public EventStats {
    listeners = List.copyOf(Checks.notNull(listeners, "listener stats"));
  }
}
