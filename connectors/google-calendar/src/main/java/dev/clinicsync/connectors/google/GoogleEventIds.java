package dev.clinicsync.connectors.google;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * Deterministic Google event ids for mirrored appointments: the same canonical appointment id
 * always gives the same event id, so a retried insert meets Google's "id already exists" (409)
 * instead of creating a second event.
 *
 * <p>Google accepts only base32hex characters ({@code a}–{@code v}, {@code 0}–{@code 9}), 5 to
 * 1024 of them. The id is {@code "cs"} followed by the unpadded lowercase base32hex of
 * SHA-256({@code "clinicsync/google-event/v1/" + appointmentId}): 54 characters, whatever the
 * appointment id looks like. The mapping is one-way; to recognise a tombstone of a mirrored
 * event, compute the id of the appointment and compare.
 */
public final class GoogleEventIds {
  private static final Pattern VALID = Pattern.compile("[a-v0-9]{5,1024}");
  private static final char[] BASE32HEX = "0123456789abcdefghijklmnopqrstuv".toCharArray();
  private static final String PREFIX = "cs";
  private static final String DOMAIN = "clinicsync/google-event/v1/";

  private GoogleEventIds() {}

  /** The event id of the mirror of an appointment. */
  public static String forAppointment(AppointmentId appointmentId) {
    Checks.notNull(appointmentId, "appointment id");
    byte[] digest = sha256((DOMAIN + appointmentId.value()).getBytes(StandardCharsets.UTF_8));
    return PREFIX + base32hex(digest);
  }

  /** Whether Google accepts the string as a client-chosen event id. */
  public static boolean isValid(String eventId) {
    return eventId != null && VALID.matcher(eventId).matches();
  }

  static String base32hex(byte[] data) {
    StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32HEX[(buffer >>> (bits - 5)) & 0x1f]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32HEX[(buffer << (5 - bits)) & 0x1f]);
    }
    return out.toString();
  }

  private static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
