package dev.clinicsync.core.audit;

import dev.clinicsync.core.audit.AuditEvent;
import java.util.List;
import java.util.Optional;

/**
 * Append-only storage of audit events. The SDK's {@link dev.clinicsync.core.audit.AuditLog}
 * computes the hash chain; the sink only keeps the events, in order.
 *
 * <p>Contract: {@link #append} accepts only the next sequence number ({@code last + 1}, or 1 for
 * the first event) and refuses anything else with
 * {@link dev.clinicsync.core.StorageConflictException}, so two writers cannot fork the chain.
 */
public interface AuditSink {

  void append(AuditEvent event);

  /** The newest event. */
  Optional<AuditEvent> last();

  /** Up to {@code limit} events from {@code fromSequence} on, in sequence order. */
  List<AuditEvent> read(long fromSequence, int limit);
}
