package dev.clinicsync.core.audit;

import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.store.Secret;
import java.util.HexFormat;

/** The keys the audit tests sign with. */
final class AuditFixtures {
  /** The SDK's key {@code v1}: 32 bytes the insider never sees. */
  static final byte[] KEY_V1 = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  /** A second key, {@code v2}, for rotation. */
  static final byte[] KEY_V2 = HexFormat.of().parseHex("f0e1d2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff");

  private AuditFixtures() {}

  /** A secret store holding {@code clinicsync/audit-hmac/v1}. */
  static InMemorySecretStore secrets() {
    InMemorySecretStore secrets = new InMemorySecretStore();
    secrets.put(AuditKeys.DEFAULT_SECRET_NAME, Secret.of(KEY_V1));
    return secrets;
  }
}
