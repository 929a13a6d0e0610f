package dev.clinicsync.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.audit.AuditSink;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Tampering with a stored audit trail — editing, deleting or reordering events — is detected. */
class AuditLogTest {

  /** A sink whose storage the test can tamper with, as an attacker with database access could. */
  static final class TamperableSink implements AuditSink {
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

  private final MutableClock clock = MutableClock.at("2026-03-02T12:00:00Z");
  private TamperableSink sink;
  private AuditLog log;

  @BeforeEach
  void fiveEvents() {
    sink = new TamperableSink();
    log = new AuditLog(sink, clock);
    for (int i = 1; i <= 5; i++) {
      clock.advance(Duration.ofMinutes(1));
      log.record("u-admin", AuditAction.CANCEL_APPOINTMENT, "appt-" + i, Map.of("reason", "gone from source"));
    }
  }

  @Test
  @DisplayName("an untouched chain verifies, and each event chains onto the one before")
  void intact() {
    AuditVerification v = log.verify();
    assertThat(v.isIntact()).isTrue();
    assertThat(v.eventsChecked()).isEqualTo(5);
    assertThat(sink.rows.get(0).previousHash()).isEqualTo(AuditEvent.GENESIS_HASH);
    assertThat(sink.rows.get(3).previousHash()).isEqualTo(sink.rows.get(2).hash());
  }

  @Test
  @DisplayName("an edited event is detected at that event")
  void edited() {
    AuditEvent e = sink.rows.get(2);
    Map<String, String> details = new HashMap<>(e.details());
    details.put("reason", "requested by patient");
    sink.rows.set(2, new AuditEvent(e.sequence(), e.at(), e.actor(), e.action(), e.subject(), details,
        e.previousHash(), e.hash()));
    AuditVerification v = log.verify();
    assertThat(v.isIntact()).isFalse();
    assertThat(v.firstBrokenSequence()).hasValue(3);
    assertThat(v.problem()).contains("altered");
  }

  @Test
  @DisplayName("an edited event with a recomputed hash still breaks the next link")
  void editedAndRehashed() {
    AuditEvent e = sink.rows.get(2);
    sink.rows.set(2, AuditEvent.chained(e.sequence(), e.at(), "u-someone-else", e.action(), e.subject(),
        e.details(), e.previousHash()));
    AuditVerification v = log.verify();
    assertThat(v.firstBrokenSequence()).hasValue(4);
    assertThat(v.problem()).contains("does not chain");
  }

  @Test
  @DisplayName("a deleted event is detected, in the middle or at the start")
  void deleted() {
    sink.rows.remove(1);
    assertThat(log.verify().firstBrokenSequence()).hasValue(2);
    sink.rows.remove(0);
    assertThat(log.verify().firstBrokenSequence()).hasValue(1);
  }

  @Test
  @DisplayName("reordered events are detected")
  void reordered() {
    Collections.swap(sink.rows, 1, 2);
    AuditVerification v = log.verify();
    assertThat(v.isIntact()).isFalse();
    assertThat(v.firstBrokenSequence()).hasValue(2);
  }

  @Test
  @DisplayName("new events chain onto the newest one")
  void appendsChain() {
    AuditEvent sixth = log.record("u-admin", AuditAction.VIEW_AUDIT, "", Map.of());
    assertThat(sixth.sequence()).isEqualTo(6);
    assertThat(sixth.previousHash()).isEqualTo(sink.rows.get(4).hash());
    assertThat(log.verify().isIntact()).isTrue();
  }

  @Test
  @DisplayName("an event's hashes must be 64 lowercase hex digits")
  void hashFormat() {
    java.time.Instant at = java.time.Instant.parse("2026-03-02T09:00:00Z");
    String good = "0123456789abcdef".repeat(4);
    org.assertj.core.api.Assertions.assertThat(
        new AuditEvent(1, at, "system", AuditAction.VIEW_AUDIT, "s", Map.of(), AuditEvent.GENESIS_HASH, good).hash())
        .isEqualTo(good);
    for (String bad : List.of(good.toUpperCase(java.util.Locale.ROOT), good.substring(1), good + "0",
        good.substring(1) + "g")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> new AuditEvent(1, at, "system", AuditAction.VIEW_AUDIT, "s", Map.of(), AuditEvent.GENESIS_HASH, bad))
          .as(bad).isInstanceOf(dev.clinicsync.core.ValidationException.class)
          .hasMessageContaining("64 lowercase hex digits");
    }
  }
}
