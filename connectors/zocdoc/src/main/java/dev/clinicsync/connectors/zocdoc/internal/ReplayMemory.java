package dev.clinicsync.connectors.zocdoc.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The signatures of notices already accepted, each until it could no longer pass the staleness check
 * anyway (its timestamp plus the tolerance), and never more than {@code maxEntries} of them (the
 * oldest go first). Thread-safe.
 */
public final class ReplayMemory {
  private final Duration tolerance;
  private final int maxEntries;
  private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

  public ReplayMemory(Duration tolerance, int maxEntries) {
    this.tolerance = tolerance;
    this.maxEntries = maxEntries;
  }

  /**
   * Remembers a key; false when it is remembered already (a replay).
   *
   * @param stamp the notice's own timestamp
   * @param now the current time, which expires old entries
   */
  public synchronized boolean remember(String key, Instant stamp, Instant now) {
    expire(now);
    if (seen.containsKey(key)) {
      return false;
    }
    seen.put(key, stamp);
    while (seen.size() > maxEntries) {
      Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator();
      it.next();
      it.remove();
    }
    return true;
  }

  /** Forgets a key (its notice was not processed, so a redelivery must be accepted). */
  public synchronized void forget(String key) {
    seen.remove(key);
  }

  public synchronized int size() {
    return seen.size();
  }

  private void expire(Instant now) {
    Instant oldest = now.minus(tolerance);
    seen.values().removeIf(stamp -> stamp.isBefore(oldest));
  }
}
