package dev.clinicsync.sync.internal;

import dev.clinicsync.core.model.ConnectorId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The mass-deletion guard. A plan is held for an admin when the removals it would add to those
 * already applied for its connector within the sliding period (one day, by the coordinator's
 * clock) reach at least the minimum and more than the configured share of what the connector had
 * at the start of that period: the live appointments in the window, or the busy blocks it owns.
 * Removals are deletions, cancellations and moves out of the window alike, so a calendar emptied
 * by flipping events to CANCELLED, or a little at a time, trips it as surely as an empty feed.
 *
 * <p>The tally lives in this coordinator's memory: a restart forgets the removals of the past day
 * (and so may allow one more day's worth). An admin who applies a held plan resets it.
 */
public final class DeletionGuard {
  private final Clock clock;
  private final double share;
  private final int minimum;
  private final Duration period;
  private final Map<ConnectorId, Deque<Tally>> applied = new HashMap<>();

  /** Removals applied at one moment. */
  private record Tally(Instant at, int appointments, int busyBlocks) {}

  public DeletionGuard(Clock clock, double share, int minimum, Duration period) {
    this.clock = clock;
    this.share = share;
    this.minimum = minimum;
    this.period = period;
  }

  /** Why the plan must be held, or empty when it may be applied. */
  synchronized Optional<String> check(ChangeSet c) {
    int[] before = recent(c.connector());
    if (c.removals() > 0 && tooMany(before[0] + c.removals(), before[0] + c.liveInWindow())) {
      return Optional.of("appointments");
    }
    int busy = c.busyDeletions().size();
    if (busy > 0 && tooMany(before[1] + busy, before[1] + c.ownedBusyBlocks())) {
      return Optional.of("busy_blocks");
    }
    return Optional.empty();
  }

  private boolean tooMany(int removed, int had) {
    return removed >= minimum && removed > share * had;
  }

  /** Counts removals that were applied (all of a plan's, or those applied before a sync failed). */
  synchronized void applied(ConnectorId connector, int appointments, int busyBlocks) {
    if (appointments > 0 || busyBlocks > 0) {
      applied.computeIfAbsent(connector, k -> new ArrayDeque<>()).addLast(new Tally(clock.instant(), appointments, busyBlocks));
    }
  }

  /** An admin reviewed and applied a held plan: the connector's tally starts again. */
  synchronized void approved(ConnectorId connector) {
    applied.remove(connector);
  }

  /** The removals of the sliding period before now: appointments, busy blocks. */
  private int[] recent(ConnectorId connector) {
    Deque<Tally> tallies = applied.get(connector);
    int[] sum = new int[2];
    if (tallies == null) {
      return sum;
    }
    Instant from = clock.instant().minus(period);
    while (!tallies.isEmpty() && !tallies.peekFirst().at().isAfter(from)) {
      tallies.pollFirst();
    }
    for (Tally t : tallies) {
      sum[0] += t.appointments();
      sum[1] += t.busyBlocks();
    }
    return sum;
  }
}
