package dev.clinicsync.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.audit.AuditVerification.Failure;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** verify() at the edges of a chain: the shortest chain, and a chain that grows while it is checked. */
@DisplayName("Verifying the audit chain at its boundaries")
class AuditVerifyBoundariesTest {
  private final MutableClock clock = MutableClock.at("2026-03-02T12:00:00Z");

  private AuditLog log(AuditSink sink) {
    return new AuditLog(sink, AuditKeys.fromSecretStore(AuditFixtures.secrets()), clock);
  }

  private static AuditEvent withHash(AuditEvent e, String hash) {
    return new AuditEvent(e.sequence(), e.at(), e.actor(), e.action(), e.subject(), e.details(), e.keyId(),
        e.previousHash(), hash);
  }

  @Test
  @DisplayName("an empty trail is intact with nothing checked")
  void emptyTrail() {
    AuditVerification v = log(new TamperableSink()).verify();
    assertThat(v.isIntact()).isTrue();
    assertThat(v.eventsChecked()).isZero();
  }

  @Test
  @DisplayName("a one-event chain verifies and counts its single event")
  void oneEventChain() {
    TamperableSink sink = new TamperableSink();
    AuditLog log = log(sink);
    log.record("u-admin", AuditAction.CANCEL_APPOINTMENT, "appt-1", Map.of("reason", "gone from source"));
    AuditVerification v = log.verify();
    assertThat(v.isIntact()).isTrue();
    assertThat(v.eventsChecked()).isEqualTo(1);
    assertThat(v.firstBrokenSequence()).isEmpty();
    assertThat(sink.rows.get(0).sequence()).isEqualTo(1);
    assertThat(sink.rows.get(0).previousHash()).isEqualTo(AuditEvent.GENESIS_HASH);
  }

  @Test
  @DisplayName("a one-event chain whose only event was altered fails at event 1")
  void oneEventChainAltered() {
    TamperableSink sink = new TamperableSink();
    AuditLog log = log(sink);
    log.record("u-admin", AuditAction.CANCEL_APPOINTMENT, "appt-1", Map.of("reason", "gone from source"));
    AuditEvent e = sink.rows.get(0);
    sink.rows.set(0, withHash(e, "0".repeat(63) + "1"));
    AuditVerification v = log.verify();
    assertThat(v.isIntact()).isFalse();
    assertThat(v.failure()).contains(Failure.BAD_HASH);
    assertThat(v.firstBrokenSequence()).hasValue(1);
    assertThat(v.eventsChecked()).isEqualTo(1);
  }

  @Test
  @DisplayName("a one-event chain that does not start at the genesis hash is broken")
  void oneEventChainNotFromGenesis() {
    TamperableSink sink = new TamperableSink();
    AuditLog log = log(sink);
    log.record("u-admin", AuditAction.CANCEL_APPOINTMENT, "appt-1", Map.of());
    AuditEvent e = sink.rows.get(0);
    sink.rows.set(0, new AuditEvent(e.sequence(), e.at(), e.actor(), e.action(), e.subject(), e.details(),
        e.keyId(), "ab".repeat(32), e.hash()));
    AuditVerification v = log.verify();
    assertThat(v.failure()).contains(Failure.BROKEN_LINK);
    assertThat(v.firstBrokenSequence()).hasValue(1);
  }

  @Test
  @DisplayName("an event appended while the chain is being verified is neither checked nor taken for tampering")
  void appendWhileVerifying() {
    AuditLog[] holder = new AuditLog[1];
    TamperableSink sink = new TamperableSink();
    AuditSink concurrent = new AuditSink() {
      private boolean appended;

      @Override
      public void append(AuditEvent event) {
        sink.append(event);
      }

      @Override
      public Optional<AuditEvent> last() {
        return sink.last();
      }

      @Override
      public List<AuditEvent> read(long fromSequence, int limit) {
        if (!appended && !sink.rows.isEmpty()) {
          appended = true; // another writer appends between the head read and the first page
          clock.advance(Duration.ofSeconds(1));
          holder[0].record("u-frontdesk", AuditAction.CREATE_APPOINTMENT, "appt-4", Map.of());
        }
        return sink.read(fromSequence, limit);
      }
    };
    AuditLog log = log(concurrent);
    holder[0] = log;
    for (int i = 1; i <= 3; i++) {
      log.record("u-admin", AuditAction.CANCEL_APPOINTMENT, "appt-" + i, Map.of());
    }
    AuditVerification during = log.verify();
    assertThat(during.isIntact()).as(during.problem()).isTrue();
    assertThat(during.eventsChecked()).as("the chain up to the head read at the start").isEqualTo(3);
    assertThat(sink.rows).hasSize(4);
    AuditVerification after = log.verify();
    assertThat(after.isIntact()).isTrue();
    assertThat(after.eventsChecked()).isEqualTo(4);
  }
}
