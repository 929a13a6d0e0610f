package dev.clinicsync.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditEvent;
import dev.clinicsync.core.audit.AuditLog;
import dev.clinicsync.core.audit.AuditSink;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The contract every {@link AuditSink} honours. */
public abstract class AuditSinkContract {

  /** A new, empty sink. */
  protected abstract AuditSink newSink();

  protected final MutableClock clock = MutableClock.at("2026-03-02T12:00:00Z");
  protected AuditSink sink;
  protected AuditLog log;

  @BeforeEach
  void createSink() {
    sink = newSink();
    log = new AuditLog(sink, clock);
  }

  private AuditEvent record(int i) {
    clock.advance(Duration.ofSeconds(1));
    return log.record("user-" + i, AuditAction.VIEW_CALENDAR, "dr-lee", Map.of("window", "2026-W10", "n", "" + i));
  }

  @Test
  @DisplayName("keeps events in sequence order and reads them back in ranges")
  void appendAndRead() {
    for (int i = 1; i <= 5; i++) {
      record(i);
    }
    assertThat(sink.last().orElseThrow().sequence()).isEqualTo(5);
    assertThat(sink.read(1, 100)).extracting(AuditEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(sink.read(2, 2)).extracting(AuditEvent::sequence).containsExactly(2L, 3L);
    assertThat(sink.read(6, 10)).isEmpty();
    assertThat(sink.read(1, 100).get(0).details()).containsEntry("window", "2026-W10");
  }

  @Test
  @DisplayName("stores events exactly: the chain read back verifies")
  void roundTripVerifies() {
    for (int i = 1; i <= 3; i++) {
      record(i);
    }
    assertThat(log.verify().isIntact()).isTrue();
    assertThat(log.verify().eventsChecked()).isEqualTo(3);
  }

  @Test
  @DisplayName("refuses anything but the next sequence number, so the chain cannot fork")
  void noFork() {
    AuditEvent first = record(1);
    assertThatThrownBy(() -> sink.append(first)).isInstanceOf(StorageConflictException.class);
    AuditEvent second = record(2);
    AuditEvent gap = new AuditEvent(5, second.at(), "x", AuditAction.VIEW_CALENDAR, "", Map.of(),
        second.hash(), second.hash());
    assertThatThrownBy(() -> sink.append(gap)).isInstanceOf(StorageConflictException.class);
    assertThat(sink.last().orElseThrow().sequence()).isEqualTo(2);
  }
}
