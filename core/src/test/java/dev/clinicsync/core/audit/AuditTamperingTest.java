package dev.clinicsync.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.audit.AuditVerification.Failure;
import dev.clinicsync.core.audit.Insider.Tool;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The fifteen ways an insider with write access to the audit store (but not to the key) tampers
 * with the trail, each detected by {@link AuditLog#verify(AuditCheckpoint)} against the checkpoint
 * the host kept elsewhere. Cases marked "passed the unkeyed chain" were not detected by the
 * SHA-256 chain this replaces (an insider re-chained, or cut the end; see the report of issue 12 §5).
 */
@DisplayName("An insider tampering with the audit trail")
class AuditTamperingTest {
  private final MutableClock clock = MutableClock.at("2026-03-02T12:00:00Z");
  private final InMemorySecretStore secrets = AuditFixtures.secrets();
  private TamperableSink sink;
  private AuditLog log;
  private AuditCheckpoint checkpoint;
  private List<AuditEvent> rows;
  private Insider insider;

  @BeforeEach
  void sixEventsAndACheckpoint() {
    sink = new TamperableSink();
    log = new AuditLog(sink, AuditKeys.fromSecretStore(secrets), clock);
    for (int i = 1; i <= 6; i++) {
      clock.advance(Duration.ofMinutes(1));
      log.record("u-admin", AuditAction.CANCEL_APPOINTMENT, "appt-" + i, Map.of("clinician", "dr-lee", "n", "" + i));
    }
    checkpoint = log.checkpoint();
    rows = sink.rows;
    insider = new Insider(rows);
    assertThat(log.verify(checkpoint).isIntact()).isTrue();
  }

  private void assertDetected(AuditVerification v, Failure failure, long sequence) {
    assertThat(v.isIntact()).as(v.problem()).isFalse();
    assertThat(v.failure()).hasValue(failure);
    assertThat(v.firstBrokenSequence()).hasValue(sequence);
  }

  /** Both the chain alone and the checkpoint see it. */
  private void assertChainDetects(Failure failure, long sequence) {
    assertDetected(log.verify(), failure, sequence);
    assertDetected(log.verify(checkpoint), failure, sequence);
  }

  @Test
  @DisplayName("1. an edited detail, re-chained with SHA-256, is detected at that event (passed the unkeyed chain)")
  void editDetails() {
    AuditEvent e = rows.get(2);
    insider.edit(2, e.at(), e.actor(), e.action(), Map.of("clinician", "dr-kim", "n", "3"), e.keyId());
    insider.rechainFrom(2, Tool.SHA256);
    assertChainDetects(Failure.BAD_HASH, 3);
  }

  @Test
  @DisplayName("2. an edited action, re-chained under another key, is detected (passed the unkeyed chain)")
  void editAction() {
    AuditEvent e = rows.get(2);
    insider.edit(2, e.at(), e.actor(), AuditAction.VIEW_CALENDAR, e.details(), e.keyId());
    insider.rechainFrom(2, Tool.OWN_KEY);
    assertChainDetects(Failure.BAD_HASH, 3);
  }

  @Test
  @DisplayName("3. an edited user, re-chained with SHA-256, is detected (passed the unkeyed chain)")
  void editUser() {
    AuditEvent e = rows.get(2);
    insider.edit(2, e.at(), "u-someone-else", e.action(), e.details(), e.keyId());
    insider.rechainFrom(2, Tool.SHA256);
    assertChainDetects(Failure.BAD_HASH, 3);
  }

  @Test
  @DisplayName("4. a backdated event, re-chained under another key, is detected (passed the unkeyed chain)")
  void backdate() {
    AuditEvent e = rows.get(2);
    insider.edit(2, e.at().minus(Duration.ofDays(1)), e.actor(), e.action(), e.details(), e.keyId());
    insider.rechainFrom(2, Tool.OWN_KEY);
    assertChainDetects(Failure.BAD_HASH, 3);
  }

  @Test
  @DisplayName("5. two swapped events, renumbered and re-chained, are detected (passed the unkeyed chain)")
  void swap() {
    Collections.swap(rows, 1, 2);
    insider.rechainFrom(1, Tool.SHA256);
    assertChainDetects(Failure.BAD_HASH, 2);
  }

  @Test
  @DisplayName("6. a forged event inserted in the middle is detected at the forgery")
  void insertInTheMiddle() {
    rows.add(2, Insider.forged(Tool.SHA256, 3, rows.get(1).at(), rows.get(1).hash()));
    assertChainDetects(Failure.BAD_HASH, 3);
  }

  @Test
  @DisplayName("7. an inserted event with the rest renumbered and re-chained with SHA-256 is detected (passed the unkeyed chain)")
  void insertAndRechainWithSha256() {
    rows.add(2, Insider.forged(Tool.SHA256, 3, rows.get(1).at(), rows.get(1).hash()));
    insider.rechainFrom(2, Tool.SHA256);
    assertChainDetects(Failure.BAD_HASH, 3);
  }

  @Test
  @DisplayName("8. an inserted event with the rest re-chained under another key is detected (passed the unkeyed chain)")
  void insertAndRechainWithAnotherKey() {
    rows.add(2, Insider.forged(Tool.OWN_KEY, 3, rows.get(1).at(), rows.get(1).hash()));
    insider.rechainFrom(2, Tool.OWN_KEY);
    assertChainDetects(Failure.BAD_HASH, 3);
  }

  @Test
  @DisplayName("9. an event deleted from the middle is detected where it is missing")
  void deleteInTheMiddle() {
    rows.remove(2);
    assertChainDetects(Failure.SEQUENCE_GAP, 3);
  }

  @Test
  @DisplayName("10. an event deleted with the rest renumbered and re-chained is detected (passed the unkeyed chain)")
  void deleteAndRenumber() {
    rows.remove(2);
    insider.rechainFrom(2, Tool.OWN_KEY);
    assertChainDetects(Failure.BAD_HASH, 3);
  }

  @Test
  @DisplayName("11. a forged event appended at the end is detected (passed the unkeyed chain)")
  void appendForged() {
    AuditEvent head = rows.get(5);
    rows.add(Insider.forged(Tool.OWN_KEY, 7, head.at().plusSeconds(1), head.hash()));
    assertChainDetects(Failure.BAD_HASH, 7);
  }

  @Test
  @DisplayName("12. a truncated tail passes the chain alone but not the checkpoint (passed the unkeyed chain)")
  void truncateTail() {
    rows.subList(4, 6).clear();
    assertThat(log.verify().isIntact()).as("a chain cannot see its own end cut off").isTrue();
    assertDetected(log.verify(checkpoint), Failure.TRUNCATED, 5);
    assertThat(log.verify(checkpoint).eventsChecked()).isEqualTo(4);
  }

  @Test
  @DisplayName("13. an emptied trail passes the chain alone but not the checkpoint (passed the unkeyed chain)")
  void empty() {
    rows.clear();
    assertThat(log.verify().isIntact()).isTrue();
    assertDetected(log.verify(checkpoint), Failure.TRUNCATED, 1);
  }

  @Test
  @DisplayName("14. a shorter, consistent trail the insider wrote with their own key under the SDK's key id is detected (passed the unkeyed chain)")
  void replacedByAShorterTrail() {
    InMemorySecretStore own = new InMemorySecretStore();
    own.put(AuditKeys.DEFAULT_SECRET_NAME, Secret.of(Insider.OWN_KEY));
    TamperableSink replacement = new TamperableSink();
    AuditLog insidersLog = new AuditLog(replacement, AuditKeys.fromSecretStore(own), clock);
    for (int i = 1; i <= 3; i++) {
      insidersLog.record("u-admin", AuditAction.VIEW_CALENDAR, "", Map.of("n", "" + i));
    }
    assertThat(insidersLog.verify().isIntact()).as("valid-looking under the insider's key").isTrue();
    rows.clear();
    rows.addAll(replacement.rows);
    assertChainDetects(Failure.BAD_HASH, 1);
  }

  @Test
  @DisplayName("15. an event's key id changed to another id is detected, whether the store holds that key or not")
  void changedKeyId() {
    secrets.put(AuditKeys.DEFAULT_PREFIX + "v2", Secret.of(AuditFixtures.KEY_V2));
    AuditEvent e = rows.get(2);
    insider.edit(2, e.at(), e.actor(), e.action(), e.details(), "v2");
    assertChainDetects(Failure.BAD_HASH, 3);
    insider.edit(2, e.at(), e.actor(), e.action(), e.details(), "v0");
    assertChainDetects(Failure.UNKNOWN_KEY, 3);
    insider.edit(2, e.at(), e.actor(), e.action(), e.details(), AuditEvent.UNKEYED);
    assertChainDetects(Failure.UNKEYED_EVENT, 3);
  }

  @Test
  @DisplayName("an old backup restored and then appended to by the SDK passes the chain but not the checkpoint")
  void restoredBackupAppendedTo() {
    rows.subList(3, 6).clear();
    for (int i = 0; i < 3; i++) {
      log.record("u-admin", AuditAction.VIEW_CALENDAR, "", Map.of());
    }
    assertThat(rows).hasSize(6);
    assertThat(log.verify().isIntact()).isTrue();
    assertDetected(log.verify(checkpoint), Failure.HEAD_MISMATCH, 6);
  }

  @Test
  @DisplayName("a checkpoint edited to match a truncated trail is refused")
  void editedCheckpoint() {
    rows.subList(4, 6).clear();
    AuditCheckpoint lowered = new AuditCheckpoint(4, rows.get(3).hash(), checkpoint.at(), checkpoint.keyId(),
        checkpoint.signature());
    assertDetected(log.verify(lowered), Failure.CHECKPOINT_INVALID, 0);
  }

  @Test
  @DisplayName("a checkpoint signed with another key, or naming a key the store lacks, is refused")
  void checkpointUnderAnotherKey() {
    rows.subList(4, 6).clear();
    String headHash = rows.get(3).hash();
    String signature = IndependentEncoding.hmac(Insider.OWN_KEY,
        IndependentEncoding.checkpoint(4, headHash, checkpoint.at(), "v1"));
    assertDetected(log.verify(new AuditCheckpoint(4, headHash, checkpoint.at(), "v1", signature)),
        Failure.CHECKPOINT_INVALID, 0);
    assertDetected(log.verify(new AuditCheckpoint(4, headHash, checkpoint.at(), "v9", signature)),
        Failure.CHECKPOINT_INVALID, 0);
  }

  @Test
  @DisplayName("events appended after the checkpoint still verify against it")
  void laterEventsVerify() {
    log.record("u-admin", AuditAction.VIEW_AUDIT, "", Map.of());
    AuditVerification v = log.verify(checkpoint);
    assertThat(v.isIntact()).isTrue();
    assertThat(v.eventsChecked()).isEqualTo(7);
    assertThat(v.problem()).isEmpty();
  }

  @Test
  @DisplayName("a checkpoint of an empty trail verifies the empty trail and any trail after it")
  void emptyCheckpoint() {
    TamperableSink fresh = new TamperableSink();
    AuditLog empty = new AuditLog(fresh, AuditKeys.fromSecretStore(secrets), clock);
    AuditCheckpoint zero = empty.checkpoint();
    assertThat(zero.sequence()).isZero();
    assertThat(zero.headHash()).isEqualTo(AuditEvent.GENESIS_HASH);
    assertThat(empty.verify(zero).isIntact()).isTrue();
    empty.record("u-admin", AuditAction.VIEW_AUDIT, "", Map.of());
    assertThat(empty.verify(zero).isIntact()).isTrue();
  }

  @Test
  @DisplayName("problems name sequence numbers and reasons, never what the events hold")
  void problemsArePhiFree() {
    AuditEvent e = rows.get(2);
    insider.edit(2, e.at(), "u-jane-doe", e.action(), Map.of("clinician", "dr-jane-doe"), "v7");
    AuditVerification v = log.verify(checkpoint);
    assertThat(v.problem()).contains("event 3").doesNotContain("jane").doesNotContain("v7").doesNotContain("appt-3");
    assertThat(v.toString()).doesNotContain("jane");
  }
}
