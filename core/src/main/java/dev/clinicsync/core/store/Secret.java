package dev.clinicsync.core.store;

import dev.clinicsync.core.Checks;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A secret value (a token, a key, a password). Its {@link #toString()} never reveals it; its
 * bytes are copied in and out so no caller can change the stored value.
 */
public final class Secret {
  private final byte[] value;

  private Secret(byte[] value) {
    this.value = value;
  }

  public static Secret of(byte[] value) {
    Checks.notNull(value, "secret value");
    return new Secret(value.clone());
  }

  public static Secret of(String value) {
    Checks.notNull(value, "secret value");
    return new Secret(value.getBytes(StandardCharsets.UTF_8));
  }

  /** A copy of the secret's bytes. */
  public byte[] bytes() {
    return value.clone();
  }

  /** The secret as UTF-8 text. */
  public String asString() {
    return new String(value, StandardCharsets.UTF_8);
  }

  public int length() {
    return value.length;
  }

  /** Constant-time comparison. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && MessageDigest.isEqual(value, s.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "Secret[redacted]";
  }
}
