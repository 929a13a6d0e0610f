package dev.clinicsync.core.audit;

import java.util.List;
import java.util.Optional;

/**
 * Append-only storage of audit events. The SDK's {@link AuditLog} computes and verifies the keyed
 * chain; the sink only keeps the events, in order. The published {@code AuditSinkContract} test
 * checks an implementation.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #append} accepts only the next sequence number ({@code last + 1}, or 1 for the
 *       first event) and refuses anything else with {@link dev.clinicsync.core.StorageConflictException},
 *       so two writers cannot fork the chain. Any other failure is a
 *       {@link dev.clinicsync.core.StorageException}.
 *   <li>It never changes or removes a stored event, and offers no way to.
 *   <li>It gives back every component exactly as appended: the time to the nanosecond, the
 *       details, the {@link AuditEvent#keyId() key id} (without it, no event verifies), the hashes.
 * </ul>
 *
 * <p>A sink that stored events before the chain was keyed reads them back with the key id
 * {@link AuditEvent#UNKEYED}; see {@link AuditKeys#withUnkeyedPrefix(long)}.
 */
public interface AuditSink {

  /** Appends the next event. */
  void append(AuditEvent event);

  /** The newest event. */
  Optional<AuditEvent> last();

  /** Up to {@code limit} events from {@code fromSequence} on, in sequence order. */
  List<AuditEvent> read(long fromSequence, int limit);
}
