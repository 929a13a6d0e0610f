package dev.clinicsync.jdbc;

/**
 * The database's change sequence of appointment writes ({@link dev.clinicsync.core.store.AppointmentChanges}).
 * Change ids are assigned when a transaction commits, under one lock, so they become visible in
 * increasing order: a reader that has seen change {@code N} has seen every change committed
 * before it, and {@code since(N)} misses nothing that commits later. Ids may have gaps (a commit
 * that failed after numbering).
 *
 * <p>On PostgreSQL each commit with changes also sends {@code NOTIFY} on {@link #NOTIFY_CHANNEL}
 * with its newest change id as the payload, which {@link #onHint} passes on: a hint to read
 * {@link #since} now rather than at the next poll. Notifications can be missed (a dropped
 * connection); the sequence cannot.
 */
public interface AppointmentChanges extends dev.clinicsync.core.store.AppointmentChanges {

  /** The PostgreSQL channel of the change hints. */
  String NOTIFY_CHANNEL = "cs_appointment_changes";
}
