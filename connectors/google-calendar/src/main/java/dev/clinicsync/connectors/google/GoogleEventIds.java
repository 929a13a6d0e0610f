package dev.clinicsync.connectors.google;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.connector.IdempotencyKey;
import dev.clinicsync.core.model.AppointmentId;
import java.util.regex.Pattern;

/**
 * The Google event id of a mirrored appointment: core's {@link IdempotencyKey} of the appointment,
 * as it is. Its 32 lowercase hexadecimal characters are valid where Google restricts client-chosen
 * event ids (base32hex: {@code a}–{@code v} and {@code 0}–{@code 9}, 5 to 1024 of them), so the same
 * appointment always gives the same event id and a retried insert meets Google's "id already
 * exists" (409) instead of creating a second event.
 *
 * <p>The mapping is one-way; a tombstone that carries only an id is recognised by computing the id
 * of the appointment and comparing.
 */
public final class GoogleEventIds {
  private static final Pattern VALID = Pattern.compile("[a-v0-9]{5,1024}");

  private GoogleEventIds() {}

  /** The event id of the mirror keyed by {@code key}. */
  public static String forKey(IdempotencyKey key) {
    Checks.notNull(key, "idempotency key");
    String id = key.value();
    if (!isValid(id)) {
      throw new IllegalStateException("an idempotency key is not a valid Google event id");
    }
    return id;
  }

  /** The event id of the mirror of an appointment. */
  public static String forAppointment(AppointmentId appointmentId) {
    return forKey(IdempotencyKey.forAppointment(appointmentId));
  }

  /** Whether Google accepts the string as a client-chosen event id. */
  public static boolean isValid(String eventId) {
    return eventId != null && VALID.matcher(eventId).matches();
  }
}
