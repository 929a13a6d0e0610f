package dev.clinicsync.sync;

import dev.clinicsync.core.audit.AuditEvent;
import dev.clinicsync.core.audit.AuditSink;
import dev.clinicsync.core.memory.InMemoryAuditSink;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** An in-memory audit sink whose appends fail on demand, as an audit store during an outage. */
final class FlakyAuditSink implements AuditSink {
  private final InMemoryAuditSink events = new InMemoryAuditSink();
  private volatile boolean down;

  /** From now on, every append fails (reads still work) until {@link #recover()}. */
  void outage() {
    down = true;
  }

  void recover() {
    down = false;
  }

  @Override
  public void append(AuditEvent event) {
    if (down) {
      throw new UncheckedIOException(new java.io.IOException("audit store unreachable"));
    }
    events.append(event);
  }

  @Override
  public Optional<AuditEvent> last() {
    return events.last();
  }

  @Override
  public List<AuditEvent> read(long fromSequence, int limit) {
    return events.read(fromSequence, limit);
  }

  List<AuditEvent> all() {
    return events.read(1, 100_000);
  }
}
