package dev.clinicsync.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.testkit.MutableClock;
import java.time.Instant;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The keyed chain is a stored format: chains written by one version must verify in the next. These
 * vectors are published (the key is the bytes 0x00 to 0x1f) and must never change; each is also
 * recomputed from an independent re-encoding with {@code javax.crypto} alone, so an accidental
 * change to the encoding fails here.
 */
@DisplayName("The keyed audit chain's stored format")
class AuditChainFormatTest {
  static final byte[] KEY = AuditFixtures.KEY_V1;
  static final Instant AT = Instant.parse("2026-03-02T14:05:06.789Z");
  /** Inserted in reverse key order (Map.of's order varies per JVM): the pinned hashes prove the keys are sorted. */
  static final Map<String, String> DETAILS = reversedKeys();
  static final String EVENT_1 = "55a8eb8c38d58bf215025a1df7bb6e2064b752ea263c017e601d902afc5c189b";
  static final String EVENT_2 = "1bd1b0c0f70724e498ab2c931e1771d64065c10486360fb7c2f9e1e50f174050";
  static final String CHECKPOINT_1 = "fb171b34b2f89d52764e16d6f2572b5adba54da96c0335795a65a27116a488c7";

  private static Mac mac() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
    return mac;
  }

  @Test
  @DisplayName("keeps its published event hashes")
  void pinnedEvents() throws Exception {
    assertThat(AuditEncoding.eventMac(mac(), 42L, AT, "user:admin-1", AuditAction.CREATE_APPOINTMENT,
        "appointment:7f3e", DETAILS, "v1", AuditEvent.GENESIS_HASH)).isEqualTo(EVENT_1);
    assertThat(AuditEncoding.eventMac(mac(), 1L, Instant.parse("1969-12-31T23:59:59.000000001Z"), "système",
        AuditAction.UPDATE_APPOINTMENT, "", Map.of(), "2026-04_k2", "0123456789abcdef".repeat(4))).isEqualTo(EVENT_2);
  }

  @Test
  @DisplayName("keeps its published checkpoint signature")
  void pinnedCheckpoint() throws Exception {
    assertThat(AuditEncoding.checkpointMac(mac(), 42L, EVENT_1, Instant.parse("2026-03-03T00:00:00Z"), "v1"))
        .isEqualTo(CHECKPOINT_1);
  }

  @Test
  @DisplayName("is HMAC-SHA256 over a domain text, fixed-width numbers, length-prefixed UTF-8 strings, sorted details, key id and previous hash")
  void documentedEncoding() throws Exception {
    assertThat(IndependentEncoding.hmac(KEY, IndependentEncoding.event(42L, AT, "user:admin-1", "CREATE_APPOINTMENT",
        "appointment:7f3e", DETAILS, "v1", AuditEvent.GENESIS_HASH))).isEqualTo(EVENT_1);
    assertThat(IndependentEncoding.hmac(KEY, IndependentEncoding.event(1L,
        Instant.parse("1969-12-31T23:59:59.000000001Z"), "système", "UPDATE_APPOINTMENT", "", Map.of(), "2026-04_k2",
        "0123456789abcdef".repeat(4)))).isEqualTo(EVENT_2);
    assertThat(IndependentEncoding.hmac(KEY, IndependentEncoding.checkpoint(42L, EVENT_1,
        Instant.parse("2026-03-03T00:00:00Z"), "v1"))).isEqualTo(CHECKPOINT_1);
  }

  @Test
  @DisplayName("is what AuditLog writes: a recorded event and a checkpoint match the independent re-encoding")
  void writtenByTheLog() {
    MutableClock clock = new MutableClock(AT);
    TamperableSink sink = new TamperableSink();
    AuditLog log = new AuditLog(sink, AuditKeys.fromSecretStore(AuditFixtures.secrets()), clock);
    AuditEvent e = log.record("user:admin-1", AuditAction.CREATE_APPOINTMENT, "appointment:7f3e", DETAILS);
    assertThat(e.hash()).isEqualTo(IndependentEncoding.hmac(KEY, IndependentEncoding.event(1L, AT, "user:admin-1",
        "CREATE_APPOINTMENT", "appointment:7f3e", DETAILS, "v1", AuditEvent.GENESIS_HASH)));
    AuditCheckpoint c = log.checkpoint();
    assertThat(c.signature()).isEqualTo(IndependentEncoding.hmac(KEY,
        IndependentEncoding.checkpoint(1L, e.hash(), AT, "v1")));
  }

  private static Map<String, String> reversedKeys() {
    Map<String, String> details = new java.util.LinkedHashMap<>();
    details.put("source", "zocdoc:123");
    details.put("reason", "new at source");
    details.put("count", "3");
    return details;
  }
}
