package dev.clinicsync.core.connector;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.AppointmentId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one idempotency scheme: every outbound write derives its vendor-side key from the canonical
 * appointment id, so a retried create finds what an earlier attempt wrote instead of writing a
 * second copy. The value is 32 lowercase hexadecimal characters (the first 128 bits of SHA-256 of
 * the id) — valid as it is where vendors restrict their ids (hex is a subset of Google's
 * base32hex event-id alphabet), and free of anything the id itself spells.
 *
 * @param value 32 lowercase hex characters
 */
public record IdempotencyKey(String value) {
  private static final int LENGTH = 32;

  public IdempotencyKey {
    Checks.notNull(value, "idempotency key");
    if (value.length() != LENGTH || !isLowerHex(value)) {
      throw new ValidationException("an idempotency key is " + LENGTH + " lowercase hex characters");
    }
  }

  /** The key of every write that mirrors {@code appointment}. */
  public static IdempotencyKey forAppointment(AppointmentId appointment) {
    Checks.notNull(appointment, "appointment id");
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(appointment.value().getBytes(StandardCharsets.UTF_8));
      return new IdempotencyKey(HexFormat.of().formatHex(digest, 0, LENGTH / 2));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  private static boolean isLowerHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return value;
  }
}
