package dev.clinicsync.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The unkeyed audit hash is a stored format: events written before the chain was keyed are still
 * verified (within the unkeyed prefix a host declares). These values were produced by the first
 * released encoding and must never change. The keyed format is pinned by {@link AuditChainFormatTest}.
 */
@DisplayName("The unkeyed audit event hash of events written before the chain was keyed")
class AuditEventHashTest {
  static final Instant AT = Instant.parse("2026-03-02T14:05:06.789Z");
  static final Map<String, String> DETAILS = Map.of("reason", "sync", "source", "zocdoc", "count", "3");

  @Test
  @DisplayName("keeps its published values")
  void pinned() {
    assertThat(AuditEncoding.unkeyedHash(42L, AT, "user:admin-1", AuditAction.CREATE_APPOINTMENT, "appointment:7f3e",
        DETAILS, "0".repeat(64)))
        .isEqualTo("e422c92e8878c39ea657a07ad06fe56b7e0c669d7091492f5caad0fd8d7ff0aa");
    assertThat(AuditEncoding.unkeyedHash(0L, Instant.parse("1969-12-31T23:59:59Z"), "système",
        AuditAction.UPDATE_APPOINTMENT, "a", Map.of(), ""))
        .isEqualTo("a9b3420856b958d4930e0d137c9542bdcc7bc66d9ec649ca51fde6cf1ac26059");
  }

  @Test
  @DisplayName("is SHA-256 over fixed-width numbers, length-prefixed UTF-8 strings and details sorted by key")
  void documentedEncoding() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeLong(42L);
    out.writeLong(AT.getEpochSecond());
    out.writeInt(AT.getNano());
    string(out, "user:admin-1");
    string(out, "CREATE_APPOINTMENT");
    string(out, "appointment:7f3e");
    out.writeInt(DETAILS.size());
    for (Map.Entry<String, String> e : new TreeMap<>(DETAILS).entrySet()) {
      string(out, e.getKey());
      string(out, e.getValue());
    }
    string(out, "0".repeat(64));
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
    assertThat(AuditEncoding.unkeyedHash(42L, AT, "user:admin-1", AuditAction.CREATE_APPOINTMENT, "appointment:7f3e",
        DETAILS, "0".repeat(64))).isEqualTo(expected);
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }
}
