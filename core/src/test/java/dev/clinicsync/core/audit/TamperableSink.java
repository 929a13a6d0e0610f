package dev.clinicsync.core.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A sink whose rows a test can rewrite at will, as an insider with write access to the audit
 * database can: it stores whatever it is given and reads back whatever the rows hold.
 */
final class TamperableSink implements AuditSink {
  final List<AuditEvent> rows = new ArrayList<>();

  @Override
  public void append(AuditEvent event) {
    rows.add(event);
  }

  @Override
  public Optional<AuditEvent> last() {
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(rows.size() - 1));
  }

  @Override
  public List<AuditEvent> read(long fromSequence, int limit) {
    List<AuditEvent> out = new ArrayList<>();
    boolean started = false;
    for (AuditEvent e : rows) {
      started |= e.sequence() >= fromSequence;
      if (started && out.size() < limit) {
        out.add(e);
      }
    }
    return out;
  }
}
