package dev.clinicsync.jdbc;

import java.util.List;

/**
 * The database's change sequence of appointment writes, the truth from which each node's
 * in-memory index catches up with the other nodes. Change ids are assigned when a transaction
 * commits, under one lock, so they become visible in increasing order: a reader that has seen
 * change {@code N} has seen every change committed before it, and {@code since(N)} misses nothing
 * that commits later. Ids may have gaps (a commit that failed after numbering).
 *
 * <p>On PostgreSQL each commit with changes also sends {@code NOTIFY} on {@link #NOTIFY_CHANNEL}
 * with its newest change id as the payload: a hint to read {@link #since} now rather than at the
 * next poll. Notifications can be missed (a dropped connection); the sequence cannot.
 */
public interface AppointmentChanges {

  /** The PostgreSQL channel of the change hints. */
  String NOTIFY_CHANNEL = "cs_appointment_changes";

  /** Up to {@code limit} changes with ids above {@code afterChangeId}, in id order. */
  List<AppointmentChange> since(long afterChangeId, int limit);

  /** The newest change id; 0 before the first write. */
  long latest();
}
