package dev.clinicsync.jdbc;

import java.util.List;

/**
 * The database's change sequence of appointment writes, the truth from which each node's
 * in-memory index catches up with the other nodes. Change ids are assigned when a transaction
 * commits, under one lock, so they become visible in increasing order: a reader that has seen
 * change {@code N} has seen every change committed before it, and {@code since(N)} misses nothing
 * that commits later. Ids may have gaps (a commit that failed after numbering).
 */
public interface AppointmentChanges {

  /** Up to {@code limit} changes with ids above {@code afterChangeId}, in id order. */
  List<AppointmentChange> since(long afterChangeId, int limit);

  /** The newest change id; 0 before the first write. */
  long latest();
}
