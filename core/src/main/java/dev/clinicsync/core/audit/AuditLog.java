package dev.clinicsync.core.audit;

import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.audit.AuditSink;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Appends hash-chained events to an {@link AuditSink} and verifies the chain. The SDK writes the
 * audit trail; hosts read it (through the coordinator, as admins) but never write it.
 *
 * <p>Appends are serialised within this instance; across nodes sharing one sink, the sink's
 * "next sequence only" rule refuses a forked chain, and the append is retried on the new head.
 */
public final class AuditLog {
  private static final int READ_BATCH = 1_000;
  private static final int MAX_APPEND_ATTEMPTS = 5;

  private final AuditSink sink;
  private final Clock clock;

  public AuditLog(AuditSink sink, Clock clock) {
    this.sink = Checks.notNull(sink, "audit sink");
    this.clock = Checks.notNull(clock, "clock");
  }

  /**
   * Records an event.
   *
   * @param actor the user id
   * @param action what happened
   * @param subject what it happened to (an id), or empty
   * @param details PHI-free particulars
   * @return the appended event
   */
  public synchronized AuditEvent record(String actor, AuditAction action, String subject, Map<String, String> details) {
    StorageConflictException last = null;
    for (int attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
      Optional<AuditEvent> head = sink.last();
      long sequence = head.map(e -> e.sequence() + 1).orElse(1L);
      String previous = head.map(AuditEvent::hash).orElse(AuditEvent.GENESIS_HASH);
      AuditEvent event = AuditEvent.chained(sequence, clock.instant(), actor, action, subject, details, previous);
      try {
        sink.append(event);
        return event;
      } catch (StorageConflictException e) {
        last = e; // another node appended first: chain onto its event
      }
    }
    throw last;
  }

  /** Events from {@code fromSequence} on, at most {@code limit}. */
  public List<AuditEvent> read(long fromSequence, int limit) {
    return sink.read(fromSequence, limit);
  }

  /**
   * Walks the whole chain: sequence numbers consecutive from 1, each event's previous hash equal
   * to the hash of the event before it, each hash matching its fields.
   */
  public AuditVerification verify() {
    // the head is read first: events appended while verifying are not mistaken for tampering
    long head = sink.last().map(AuditEvent::sequence).orElse(0L);
    long expectedSequence = 1;
    String previousHash = AuditEvent.GENESIS_HASH;
    long checked = 0;
    while (expectedSequence <= head) {
      List<AuditEvent> batch = sink.read(expectedSequence, (int) Math.min(READ_BATCH, head - expectedSequence + 1));
      if (batch.isEmpty()) {
        break;
      }
      for (AuditEvent e : batch) {
        checked++;
        if (e.sequence() != expectedSequence) {
          return AuditVerification.broken(checked, expectedSequence,
              "expected event " + expectedSequence + " but found event " + e.sequence()
                  + " (an event was removed or the events were reordered)");
        }
        if (!e.previousHash().equals(previousHash)) {
          return AuditVerification.broken(checked, e.sequence(),
              "event " + e.sequence() + " does not chain onto the event before it");
        }
        if (!e.expectedHash().equals(e.hash())) {
          return AuditVerification.broken(checked, e.sequence(),
              "event " + e.sequence() + " was altered after it was written");
        }
        previousHash = e.hash();
        expectedSequence++;
      }
    }
    if (head != expectedSequence - 1) {
      return AuditVerification.broken(checked, expectedSequence,
          "the chain stops at event " + (expectedSequence - 1) + " but the newest event is "
              + head + " (an event was removed)");
    }
    return AuditVerification.intact(checked);
  }
}
