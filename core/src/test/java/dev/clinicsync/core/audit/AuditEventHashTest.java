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
import java.util.LinkedHashMap;
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
  /** The details in sorted key order. */
  static final Map<String, String> DETAILS = inOrder("count", "3", "reason", "sync", "source", "zocdoc");
  /** The same details inserted in reverse key order. */
  static final Map<String, String> DETAILS_REVERSED = inOrder("source", "zocdoc", "reason", "sync", "count", "3");
  static final String PINNED = "e422c92e8878c39ea657a07ad06fe56b7e0c669d7091492f5caad0fd8d7ff0aa";

  @Test
  @DisplayName("keeps its published values")
  void pinned() {
    assertThat(AuditEncoding.unkeyedHash(42L, AT, "user:admin-1", AuditAction.CREATE_APPOINTMENT, "appointment:7f3e",
        DETAILS, "0".repeat(64)))
        .isEqualTo(PINNED);
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
    // Written by hand in sorted key order, independent of any map's iteration order.
    string(out, "count");
    string(out, "3");
    string(out, "reason");
    string(out, "sync");
    string(out, "source");
    string(out, "zocdoc");
    string(out, "0".repeat(64));
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
    assertThat(expected).isEqualTo(PINNED);
    assertThat(AuditEncoding.unkeyedHash(42L, AT, "user:admin-1", AuditAction.CREATE_APPOINTMENT, "appointment:7f3e",
        DETAILS_REVERSED, "0".repeat(64))).isEqualTo(expected);
  }

  @Test
  @DisplayName("does not depend on the order in which the details were inserted")
  void insertionOrderIsIrrelevant() {
    assertThat(new java.util.ArrayList<>(DETAILS_REVERSED.keySet())).containsExactly("source", "reason", "count");
    String sorted = AuditEncoding.unkeyedHash(42L, AT, "user:admin-1", AuditAction.CREATE_APPOINTMENT,
        "appointment:7f3e", DETAILS, "0".repeat(64));
    String reversed = AuditEncoding.unkeyedHash(42L, AT, "user:admin-1", AuditAction.CREATE_APPOINTMENT,
        "appointment:7f3e", DETAILS_REVERSED, "0".repeat(64));
    assertThat(reversed).isEqualTo(sorted).isEqualTo(PINNED);
  }

  private static Map<String, String> inOrder(String... keyValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put(keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }
}
