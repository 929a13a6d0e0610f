package dev.clinicsync.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.testkit.MutableClock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The character rules that keep free text (and so PHI) out of the audit trail, checked at the
 * edges of every character range and length limit.
 */
@DisplayName("The audit trail's character rules at their edges")
class AuditCharacterRulesTest {

  @ParameterizedTest(name = "detail key \"{0}\" is accepted")
  @ValueSource(strings = {"a", "z", "a0", "a9", "a.b", "a_b", "a-b", "az09"})
  @DisplayName("detail keys from a-z, then digits . _ - are accepted")
  void keysAccepted(String key) {
    assertThat(AuditDetails.check(Map.of(key, "x"))).containsKey(key);
  }

  @Test
  @DisplayName("a detail key of 64 characters is accepted, of 65 refused")
  void keyLength() {
    assertThat(AuditDetails.check(Map.of("k".repeat(64), "x"))).hasSize(1);
    assertThatThrownBy(() -> AuditDetails.check(Map.of("k".repeat(65), "x"))).isInstanceOf(ValidationException.class);
  }

  @ParameterizedTest(name = "detail key \"{0}\" is refused")
  @ValueSource(strings = {"`", "{", "A", "0a", "a/", "a:", "a@", "a[", "a b", ""})
  @DisplayName("detail keys with characters just outside the allowed ranges are refused")
  void keysRefused(String key) {
    assertThatThrownBy(() -> AuditDetails.check(Map.of(key, "x"))).isInstanceOf(ValidationException.class);
  }

  @Test
  @DisplayName("subjects span ! to ~ and up to 512 characters; space, DEL and 513 characters are refused")
  void subjects() {
    assertThat(AuditDetails.checkSubject("!~")).isEqualTo("!~");
    assertThat(AuditDetails.checkSubject("appt-1")).isEqualTo("appt-1");
    assertThat(AuditDetails.checkSubject("")).isEmpty();
    assertThat(AuditDetails.checkSubject("s".repeat(512))).hasSize(512);
    assertThatThrownBy(() -> AuditDetails.checkSubject("s".repeat(513))).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> AuditDetails.checkSubject("a b")).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> AuditDetails.checkSubject("a\u007f")).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> AuditDetails.checkSubject("a\u001f")).isInstanceOf(ValidationException.class);
  }

  @ParameterizedTest(name = "key id \"{0}\" is well-formed")
  @ValueSource(strings = {"a", "z", "A", "Z", "0", "9", "v1.k_2-x"})
  @DisplayName("key ids from letters and digits, then . _ -, are well-formed")
  void keyIdsAccepted(String id) {
    assertThat(AuditKeys.isKeyId(id)).isTrue();
    assertThat(AuditKeys.checkKeyId(id, "key id")).isEqualTo(id);
  }

  @ParameterizedTest(name = "key id \"{0}\" is not well-formed")
  @ValueSource(strings = {"", "`", "{", "@", "[", "/", ":", ".a", "-a", "_a", "a b", "a+b"})
  @DisplayName("key ids with characters just outside the allowed ranges, or a leading . _ -, are refused")
  void keyIdsRefused(String id) {
    assertThat(AuditKeys.isKeyId(id)).isFalse();
    assertThatThrownBy(() -> AuditKeys.checkKeyId(id, "key id")).isInstanceOf(ValidationException.class);
  }

  @Test
  @DisplayName("a key id of 64 characters is well-formed, of 65 not")
  void keyIdLength() {
    assertThat(AuditKeys.isKeyId("k".repeat(64))).isTrue();
    assertThat(AuditKeys.isKeyId("k".repeat(65))).isFalse();
  }

  @Test
  @DisplayName("an append that loses the race to other writers is tried exactly five times")
  void fiveAppendAttempts() {
    AtomicInteger appends = new AtomicInteger();
    AuditSink contended = new AuditSink() {
      @Override
      public void append(AuditEvent event) {
        appends.incrementAndGet();
        throw new StorageConflictException("audit", "another writer took sequence " + event.sequence());
      }

      @Override
      public Optional<AuditEvent> last() {
        return Optional.empty();
      }

      @Override
      public List<AuditEvent> read(long fromSequence, int limit) {
        return List.of();
      }
    };
    AuditLog log = new AuditLog(contended, AuditKeys.fromSecretStore(AuditFixtures.secrets()),
        MutableClock.at("2026-03-02T12:00:00Z"));
    assertThatThrownBy(() -> log.record("u-admin", AuditAction.CANCEL_APPOINTMENT, "appt-1", Map.of()))
        .isInstanceOf(AuditAppendException.class).hasMessageContaining("5 times");
    assertThat(appends).hasValue(5);
  }
}
