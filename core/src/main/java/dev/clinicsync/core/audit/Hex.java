package dev.clinicsync.core.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Lowercase hex digests: the stored form of hashes and signatures. */
final class Hex {
  private Hex() {}

  /** {@code [0-9a-f]{64}}, without a regex: every audited change builds an event. */
  static boolean isHex64(String s) {
    if (s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** Constant-time equality of two hex digests, so a verifier leaks no timing about a MAC. */
  static boolean sameDigest(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }
}
