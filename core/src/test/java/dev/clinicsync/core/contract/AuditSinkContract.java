package dev.clinicsync.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditEvent;
import dev.clinicsync.core.audit.AuditKeys;
import dev.clinicsync.core.audit.AuditLog;
import dev.clinicsync.core.audit.AuditSink;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link AuditSink} honours: append-only, next sequence only, and every
 * component of an event (the key id above all) given back exactly, so the keyed chain verifies.
 */
public abstract class AuditSinkContract {

  /** A new, empty sink. */
  protected abstract AuditSink newSink();

  protected final MutableClock clock = MutableClock.at("2026-03-02T12:00:00Z");
  protected final InMemorySecretStore secrets = new InMemorySecretStore();
  protected AuditSink sink;
  protected AuditLog log;

  @BeforeEach
  void createSink() {
    secrets.put(AuditKeys.DEFAULT_SECRET_NAME, AuditKeys.newKey());
    sink = newSink();
    log = new AuditLog(sink, AuditKeys.fromSecretStore(secrets), clock);
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
    assertThat(sink.read(1, 0)).isEmpty();
    assertThat(sink.read(1, 100).get(0).details()).containsEntry("window", "2026-W10");
  }

  @Test
  @DisplayName("an empty sink has no newest event and reads nothing")
  void empty() {
    assertThat(sink.last()).isEmpty();
    assertThat(sink.read(1, 100)).isEmpty();
  }

  @Test
  @DisplayName("stores events exactly: the chain read back verifies, alone and against a checkpoint")
  void roundTripVerifies() {
    List<AuditEvent> written = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      written.add(record(i));
    }
    var checkpoint = log.checkpoint();
    assertThat(sink.read(1, 100)).containsExactlyElementsOf(written);
    assertThat(sink.last()).contains(written.get(2));
    assertThat(log.verify().isIntact()).isTrue();
    assertThat(log.verify().eventsChecked()).isEqualTo(3);
    assertThat(log.verify(checkpoint).isIntact()).isTrue();
  }

  @Test
  @DisplayName("keeps each event's key id, so events written before and after a key rotation all verify")
  void keepsKeyIds() {
    record(1);
    secrets.put(AuditKeys.DEFAULT_PREFIX + "2026-04_k2", AuditKeys.newKey());
    AuditLog rotated = new AuditLog(sink, AuditKeys.fromSecretStore(secrets, "2026-04_k2"), clock);
    clock.advance(Duration.ofSeconds(1));
    rotated.record("user-2", AuditAction.VIEW_AUDIT, "", Map.of());
    assertThat(sink.read(1, 10)).extracting(AuditEvent::keyId).containsExactly("v1", "2026-04_k2");
    assertThat(rotated.verify().isIntact()).isTrue();
  }

  @Test
  @DisplayName("gives back every component exactly: nanoseconds, many details, an empty subject, an unkeyed event")
  void exactComponents() {
    Map<String, String> details = new HashMap<>();
    for (int i = 0; i < 32; i++) {
      details.put("k" + i, i == 0 ? "" : "v-" + "x".repeat(i * 10));
    }
    AuditEvent unkeyed = new AuditEvent(1, Instant.parse("2026-03-02T12:00:00.123456789Z"), "système",
        AuditAction.EDIT_AVAILABILITY, "", details, AuditEvent.UNKEYED, AuditEvent.GENESIS_HASH,
        "0123456789abcdef".repeat(4));
    sink.append(unkeyed);
    assertThat(sink.read(1, 1)).containsExactly(unkeyed);
    assertThat(sink.last()).contains(unkeyed);
  }

  @Test
  @DisplayName("refuses anything but the next sequence number, so the chain cannot fork or be rewritten through the sink")
  void nextSequenceOnly() {
    AuditEvent first = record(1);
    assertThatThrownBy(() -> sink.append(first)).isInstanceOf(StorageConflictException.class);
    AuditEvent second = record(2);
    AuditEvent gap = new AuditEvent(5, second.at(), "x", AuditAction.VIEW_CALENDAR, "", Map.of(), "v1",
        second.hash(), second.hash());
    assertThatThrownBy(() -> sink.append(gap)).isInstanceOf(StorageConflictException.class);
    AuditEvent rewrite = new AuditEvent(1, first.at(), "x", AuditAction.VIEW_CALENDAR, "", Map.of(), "v1",
        AuditEvent.GENESIS_HASH, second.hash());
    assertThatThrownBy(() -> sink.append(rewrite)).isInstanceOf(StorageConflictException.class);
    assertThat(sink.last().orElseThrow()).isEqualTo(second);
    assertThat(sink.read(1, 10)).containsExactly(first, second);
  }

  @Test
  @DisplayName("refuses a first event other than sequence 1")
  void firstIsOne() {
    AuditEvent two = new AuditEvent(2, clock.instant(), "x", AuditAction.VIEW_CALENDAR, "", Map.of(), "v1",
        AuditEvent.GENESIS_HASH, AuditEvent.GENESIS_HASH);
    assertThatThrownBy(() -> sink.append(two)).isInstanceOf(StorageConflictException.class);
    assertThat(sink.last()).isEmpty();
  }
}
