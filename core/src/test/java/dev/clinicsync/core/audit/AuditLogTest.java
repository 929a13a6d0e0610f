package dev.clinicsync.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.audit.AuditVerification.Failure;
import dev.clinicsync.core.memory.InMemoryAuditSink;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Writing, signing, rotating and checking the keyed audit chain. */
class AuditLogTest {
  private final MutableClock clock = MutableClock.at("2026-03-02T12:00:00Z");
  private InMemorySecretStore secrets;
  private TamperableSink sink;
  private AuditLog log;

  @BeforeEach
  void fiveEvents() {
    secrets = AuditFixtures.secrets();
    sink = new TamperableSink();
    log = new AuditLog(sink, AuditKeys.fromSecretStore(secrets), clock);
    for (int i = 1; i <= 5; i++) {
      clock.advance(Duration.ofMinutes(1));
      log.record("u-admin", AuditAction.CANCEL_APPOINTMENT, "appt-" + i, Map.of("reason", "gone from source"));
    }
  }

  @Nested
  @DisplayName("The chain")
  class Chain {
    @Test
    @DisplayName("an untouched chain verifies, each event chains onto the one before and records its key id")
    void intact() {
      AuditVerification v = log.verify();
      assertThat(v.isIntact()).isTrue();
      assertThat(v.eventsChecked()).isEqualTo(5);
      assertThat(v.failure()).isEmpty();
      assertThat(sink.rows.get(0).previousHash()).isEqualTo(AuditEvent.GENESIS_HASH);
      assertThat(sink.rows.get(3).previousHash()).isEqualTo(sink.rows.get(2).hash());
      assertThat(sink.rows).extracting(AuditEvent::keyId).containsOnly("v1");
    }

    @Test
    @DisplayName("each hash is HMAC-SHA256 under the key from the secret store, not a plain digest")
    void keyed() {
      AuditEvent e = sink.rows.get(2);
      byte[] encoding = IndependentEncoding.event(e.sequence(), e.at(), e.actor(), e.action().name(), e.subject(),
          e.details(), e.keyId(), e.previousHash());
      assertThat(e.hash()).isEqualTo(IndependentEncoding.hmac(AuditFixtures.KEY_V1, encoding))
          .isNotEqualTo(IndependentEncoding.sha256(encoding));
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
    @DisplayName("an event's hashes must be 64 lowercase hex digits and its key id well-formed")
    void format() {
      Instant at = Instant.parse("2026-03-02T09:00:00Z");
      String good = "0123456789abcdef".repeat(4);
      assertThat(new AuditEvent(1, at, "system", AuditAction.VIEW_AUDIT, "s", Map.of(), "v1", AuditEvent.GENESIS_HASH,
          good).hash()).isEqualTo(good);
      for (String bad : List.of(good.toUpperCase(Locale.ROOT), good.substring(1), good + "0", good.substring(1) + "g")) {
        assertThatThrownBy(() -> new AuditEvent(1, at, "system", AuditAction.VIEW_AUDIT, "s", Map.of(), "v1",
            AuditEvent.GENESIS_HASH, bad))
            .as(bad).isInstanceOf(ValidationException.class).hasMessageContaining("64 lowercase hex digits");
      }
      for (String badKeyId : List.of("..", "-v1", "v 1", "v1/../x", "k".repeat(65))) {
        assertThatThrownBy(() -> new AuditEvent(1, at, "system", AuditAction.VIEW_AUDIT, "s", Map.of(), badKeyId,
            AuditEvent.GENESIS_HASH, good))
            .as(badKeyId).isInstanceOf(ValidationException.class).hasMessageContaining("key id");
      }
    }
  }

  @Nested
  @DisplayName("The key")
  class Key {
    @Test
    @DisplayName("a missing key fails with a typed error naming the secret")
    void missing() {
      assertThatThrownBy(() -> AuditKeys.fromSecretStore(new InMemorySecretStore()))
          .isInstanceOfSatisfying(AuditKeyException.class, e -> {
            assertThat(e.secretName()).isEqualTo("clinicsync/audit-hmac/v1");
            assertThat(e).hasMessageContaining("clinicsync/audit-hmac/v1").hasMessageContaining("not in the secret store");
          })
          .isInstanceOf(ValidationException.class);
    }

    @Test
    @DisplayName("a key shorter than 32 bytes fails with a typed error that never shows the key")
    void tooShort() {
      secrets.put(AuditKeys.DEFAULT_SECRET_NAME, Secret.of("thirty-one-bytes-of-secret-text"));
      assertThatThrownBy(() -> AuditKeys.fromSecretStore(secrets))
          .isInstanceOf(AuditKeyException.class)
          .hasMessageContaining("at least 32 bytes, was 31")
          .message().doesNotContain("thirty-one");
      secrets.put(AuditKeys.DEFAULT_SECRET_NAME, Secret.of("thirty-two-bytes-of-secret-text!"));
      assertThat(AuditKeys.fromSecretStore(secrets).currentKeyId()).isEqualTo("v1");
    }

    @Test
    @DisplayName("key ids and prefixes are checked, and the key set names secrets but never shows a key")
    void names() {
      assertThatThrownBy(() -> AuditKeys.fromSecretStore(secrets, "../other"))
          .isInstanceOf(ValidationException.class).hasMessageContaining("current audit key id");
      assertThatThrownBy(() -> AuditKeys.fromSecretStore(secrets, " ", "v1"))
          .isInstanceOf(ValidationException.class).hasMessageContaining("prefix");
      secrets.put("vault/audit/2026-04", AuditKeys.newKey());
      AuditKeys keys = AuditKeys.fromSecretStore(secrets, "vault/audit/", "2026-04");
      assertThat(keys.secretName("2026-04")).isEqualTo("vault/audit/2026-04");
      assertThat(keys.toString()).contains("vault/audit/").contains("2026-04").doesNotContain("Secret");
      assertThat(AuditKeys.newKey().length()).isEqualTo(32);
      assertThat(AuditKeys.newKey()).isNotEqualTo(AuditKeys.newKey());
    }

    @Test
    @DisplayName("after rotation new events carry the new key id and the old ones keep verifying while their key is kept")
    void rotation() {
      AuditCheckpoint underV1 = log.checkpoint();
      secrets.put(AuditKeys.DEFAULT_PREFIX + "v2", Secret.of(AuditFixtures.KEY_V2));
      AuditLog rotated = new AuditLog(sink, AuditKeys.fromSecretStore(secrets, "v2"), clock);
      rotated.record("u-admin", AuditAction.VIEW_AUDIT, "", Map.of());
      rotated.record("u-admin", AuditAction.VIEW_AUDIT, "", Map.of());
      AuditCheckpoint underV2 = rotated.checkpoint();

      assertThat(sink.rows).extracting(AuditEvent::keyId).containsExactly("v1", "v1", "v1", "v1", "v1", "v2", "v2");
      assertThat(underV2.keyId()).isEqualTo("v2");
      assertThat(rotated.verify().isIntact()).isTrue();
      assertThat(rotated.verify(underV1).isIntact()).isTrue();
      assertThat(rotated.verify(underV2).isIntact()).isTrue();

      secrets.delete(AuditKeys.DEFAULT_SECRET_NAME);
      AuditLog withoutV1 = new AuditLog(sink, AuditKeys.fromSecretStore(secrets, "v2"), clock);
      AuditVerification v = withoutV1.verify();
      assertThat(v.failure()).hasValue(Failure.UNKNOWN_KEY);
      assertThat(v.firstBrokenSequence()).hasValue(1);
      assertThat(withoutV1.verify(underV1).failure()).hasValue(Failure.CHECKPOINT_INVALID);
    }
  }

  @Nested
  @DisplayName("The in-process key of the in-memory defaults")
  class InProcess {
    @Test
    @DisplayName("signs and verifies within the process, and after a restart reports an unknown key, not tampering")
    void restart() {
      TamperableSink kept = new TamperableSink();
      AuditLog before = new AuditLog(kept, AuditKeys.inProcess(), clock);
      before.record("u-admin", AuditAction.VIEW_AUDIT, "", Map.of());
      assertThat(kept.rows.get(0).keyId()).matches("process-[0-9a-f]{12}");
      assertThat(before.verify().isIntact()).isTrue();
      AuditLog after = new AuditLog(kept, AuditKeys.inProcess(), clock);
      assertThat(after.verify().failure()).hasValue(Failure.UNKNOWN_KEY);
    }
  }

  @Nested
  @DisplayName("Events written before the chain was keyed")
  class UnkeyedPrefix {
    private TamperableSink legacy;

    /** Three events as the unkeyed version wrote them, then two keyed ones appended after the upgrade. */
    @BeforeEach
    void upgraded() {
      legacy = new TamperableSink();
      String previous = AuditEvent.GENESIS_HASH;
      for (int i = 1; i <= 3; i++) {
        AuditEvent e = unkeyed(i, "appt-" + i, previous);
        legacy.rows.add(e);
        previous = e.hash();
      }
      AuditLog upgraded = new AuditLog(legacy, AuditKeys.fromSecretStore(secrets).withUnkeyedPrefix(3), clock);
      upgraded.record("u-admin", AuditAction.VIEW_AUDIT, "", Map.of());
      upgraded.record("u-admin", AuditAction.VIEW_AUDIT, "", Map.of());
    }

    private AuditEvent unkeyed(long sequence, String subject, String previous) {
      Instant at = clock.instant().minus(Duration.ofDays(30)).plusSeconds(sequence);
      return new AuditEvent(sequence, at, "u-admin", AuditAction.CANCEL_APPOINTMENT, subject, Map.of(),
          AuditEvent.UNKEYED, previous, AuditEncoding.unkeyedHash(sequence, at, "u-admin",
              AuditAction.CANCEL_APPOINTMENT, subject, Map.of(), previous));
    }

    private AuditLog declaring(long lastUnkeyed) {
      return new AuditLog(legacy, AuditKeys.fromSecretStore(secrets).withUnkeyedPrefix(lastUnkeyed), clock);
    }

    @Test
    @DisplayName("verify when the host declares the unkeyed prefix, and not otherwise")
    void declared() {
      assertThat(declaring(3).verify().isIntact()).isTrue();
      assertThat(legacy.rows).extracting(AuditEvent::isUnkeyed).containsExactly(true, true, true, false, false);
      AuditVerification undeclared = declaring(0).verify();
      assertThat(undeclared.failure()).hasValue(Failure.UNKEYED_EVENT);
      assertThat(undeclared.firstBrokenSequence()).hasValue(1);
    }

    @Test
    @DisplayName("cannot be rewritten: the first keyed event covers the prefix's last hash")
    void prefixRewritten() {
      legacy.rows.set(1, unkeyed(2, "appt-other", legacy.rows.get(0).hash()));
      legacy.rows.set(2, unkeyed(3, "appt-3", legacy.rows.get(1).hash()));
      AuditVerification v = declaring(3).verify();
      assertThat(v.failure()).hasValue(Failure.BROKEN_LINK);
      assertThat(v.firstBrokenSequence()).hasValue(4);
    }

    @Test
    @DisplayName("an unkeyed event after the prefix is refused")
    void unkeyedAfterThePrefix() {
      legacy.rows.add(unkeyed(6, "appt-6", legacy.rows.get(4).hash()));
      AuditVerification v = declaring(3).verify();
      assertThat(v.failure()).hasValue(Failure.UNKEYED_EVENT);
      assertThat(v.firstBrokenSequence()).hasValue(6);
      assertThatThrownBy(() -> AuditKeys.fromSecretStore(secrets).withUnkeyedPrefix(-1))
          .isInstanceOf(ValidationException.class);
    }
  }

  @Nested
  @DisplayName("Recording")
  class Recording {
    @Test
    @DisplayName("a sink failure surfaces as AuditAppendException, a StorageException, with the sequence it tried")
    void sinkFails() {
      AuditLog failing = new AuditLog(new FailingSink(new StorageException("audit database is down")),
          AuditKeys.fromSecretStore(secrets), clock);
      assertThatThrownBy(() -> failing.record("u-admin", AuditAction.VIEW_AUDIT, "", Map.of()))
          .isInstanceOfSatisfying(AuditAppendException.class, e -> {
            assertThat(e.attemptedSequence()).isEqualTo(1);
            assertThat(e).hasMessageContaining("audit event 1").hasMessageContaining("VIEW_AUDIT")
                .hasCauseInstanceOf(StorageException.class);
          })
          .isInstanceOf(StorageException.class);
      AuditLog buggy = new AuditLog(new FailingSink(new IllegalStateException("driver bug: row 'Jane Doe'")),
          AuditKeys.fromSecretStore(secrets), clock);
      assertThatThrownBy(() -> buggy.record("u-admin", AuditAction.VIEW_AUDIT, "", Map.of()))
          .isInstanceOf(AuditAppendException.class).hasCauseInstanceOf(IllegalStateException.class)
          .message().doesNotContain("Jane");
    }

    @Test
    @DisplayName("a lost race for the next sequence is retried on the new head; endless races fail typed")
    void races() {
      InMemoryAuditSink shared = new InMemoryAuditSink();
      AuditLog node = new AuditLog(new RacingSink(shared, 1), AuditKeys.fromSecretStore(secrets), clock);
      AuditEvent e = node.record("u-admin", AuditAction.VIEW_AUDIT, "", Map.of());
      assertThat(e.sequence()).isEqualTo(2);
      assertThat(node.verify().isIntact()).isTrue();

      AuditLog starved = new AuditLog(new RacingSink(new InMemoryAuditSink(), Integer.MAX_VALUE),
          AuditKeys.fromSecretStore(secrets), clock);
      assertThatThrownBy(() -> starved.record("u-admin", AuditAction.VIEW_AUDIT, "", Map.of()))
          .isInstanceOf(AuditAppendException.class).hasCauseInstanceOf(StorageConflictException.class)
          .hasMessageContaining("other writers");
    }

    @Test
    @DisplayName("free text is refused before anything is appended")
    void freeTextRefused() {
      assertThatThrownBy(() -> log.record("u-admin", AuditAction.OVERRIDE_CONFLICT, "appt-1",
          Map.of("reason", "patient Jane Doe asked")))
          .isInstanceOf(ValidationException.class).hasMessageContaining("'reason'").message().doesNotContain("Jane");
      assertThatThrownBy(() -> log.record("Jane Doe", AuditAction.VIEW_AUDIT, "", Map.of()))
          .isInstanceOf(ValidationException.class).message().doesNotContain("Jane");
      assertThatThrownBy(() -> log.record("u-admin", AuditAction.VIEW_AUDIT, "Jane Doe", Map.of()))
          .isInstanceOf(ValidationException.class).message().doesNotContain("Jane");
      assertThat(sink.rows).hasSize(5);
    }
  }

  @Nested
  @DisplayName("Checkpoints")
  class Checkpoints {
    @Test
    @DisplayName("sign the head's sequence and hash at the clock's time under the current key")
    void signed() {
      clock.advance(Duration.ofHours(1));
      AuditCheckpoint c = log.checkpoint();
      assertThat(c.sequence()).isEqualTo(5);
      assertThat(c.headHash()).isEqualTo(sink.rows.get(4).hash());
      assertThat(c.at()).isEqualTo(clock.instant());
      assertThat(c.keyId()).isEqualTo("v1");
      assertThat(c.signature()).isEqualTo(IndependentEncoding.hmac(AuditFixtures.KEY_V1,
          IndependentEncoding.checkpoint(5, c.headHash(), c.at(), "v1")));
      assertThat(log.verify(c).isIntact()).isTrue();
    }

    @Test
    @DisplayName("have a one-line text form that reads back equal, and malformed text is refused by field")
    void text() {
      AuditCheckpoint c = log.checkpoint();
      String text = c.toText();
      assertThat(text).startsWith("clinicsync-audit-checkpoint-v1 5 ").doesNotContain("\n");
      assertThat(AuditCheckpoint.parse(text)).isEqualTo(c);
      assertThatThrownBy(() -> AuditCheckpoint.parse("hello"))
          .isInstanceOf(ValidationException.class).hasMessageContaining("clinicsync-audit-checkpoint-v1");
      assertThatThrownBy(() -> AuditCheckpoint.parse(text.replace(" 5 ", " five ")))
          .isInstanceOf(ValidationException.class).hasMessageContaining("sequence");
      assertThatThrownBy(() -> AuditCheckpoint.parse(text.replace(c.at().toString(), "yesterday")))
          .isInstanceOf(ValidationException.class).hasMessageContaining("time");
      assertThatThrownBy(() -> AuditCheckpoint.parse(text.replace(c.signature(), "ab")))
          .isInstanceOf(ValidationException.class).hasMessageContaining("signature");
      assertThatThrownBy(() -> new AuditCheckpoint(-1, c.headHash(), c.at(), "v1", c.signature()))
          .isInstanceOf(ValidationException.class);
    }
  }

  /** A sink whose every call fails. */
  private static final class FailingSink implements AuditSink {
    private final RuntimeException failure;

    FailingSink(RuntimeException failure) {
      this.failure = failure;
    }

    @Override
    public void append(AuditEvent event) {
      throw failure;
    }

    @Override
    public Optional<AuditEvent> last() {
      return Optional.empty();
    }

    @Override
    public List<AuditEvent> read(long fromSequence, int limit) {
      return List.of();
    }
  }

  /** Another node appends (a genuine event) just before each of this node's first {@code races} appends. */
  private final class RacingSink implements AuditSink {
    private final InMemoryAuditSink shared;
    private final AtomicInteger races;
    private final AuditLog otherNode;

    RacingSink(InMemoryAuditSink shared, int races) {
      this.shared = shared;
      this.races = new AtomicInteger(races);
      this.otherNode = new AuditLog(shared, AuditKeys.fromSecretStore(secrets), clock);
    }

    @Override
    public void append(AuditEvent event) {
      if (races.getAndDecrement() > 0) {
        otherNode.record("u-other-node", AuditAction.VIEW_CALENDAR, "", Map.of());
      }
      shared.append(event);
    }

    @Override
    public Optional<AuditEvent> last() {
      return shared.last();
    }

    @Override
    public List<AuditEvent> read(long fromSequence, int limit) {
      return shared.read(fromSequence, limit);
    }
  }
}
