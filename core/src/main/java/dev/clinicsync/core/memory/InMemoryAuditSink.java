package dev.clinicsync.core.memory;

import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.audit.AuditEvent;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.audit.AuditSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An append-only {@link AuditSink} in memory: the events themselves are kept, so every component
 * (the key id included) reads back exactly as appended. It passes {@code AuditSinkContract}.
 */
public final class InMemoryAuditSink implements AuditSink {
  private final List<AuditEvent> events = new ArrayList<>();

  @Override
  public synchronized void append(AuditEvent event) {
    Checks.notNull(event, "audit event");
    long expected = events.size() + 1L;
    if (event.sequence() != expected) {
      throw new StorageConflictException("audit:" + event.sequence(), expected - 1, event.sequence() - 1);
    }
    events.add(event);
  }

  @Override
  public synchronized Optional<AuditEvent> last() {
    return events.isEmpty() ? Optional.empty() : Optional.of(events.get(events.size() - 1));
  }

  @Override
  public synchronized List<AuditEvent> read(long fromSequence, int limit) {
    if (fromSequence < 1 || limit < 0) {
      throw new ValidationException("audit read needs fromSequence >= 1 and limit >= 0");
    }
    if (fromSequence > events.size()) {
      return List.of();
    }
    int from = (int) (fromSequence - 1);
    int to = (int) Math.min(events.size(), (long) from + limit);
    return List.copyOf(events.subList(from, to));
  }
}
