package dev.clinicsync.core.model;

import dev.clinicsync.core.Checks;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The SDK's internal id of an appointment. Appointments from a source get a deterministic id
 * derived from their source key ({@link #forSource}), so that every sync, on every node, names
 * the same record the same way.
 *
 * @param value a printable identifier without whitespace
 */
public record AppointmentId(String value) {

  public AppointmentId {
    Checks.identifier(value, "appointment id");
  }

  public static AppointmentId of(String value) {
    return new AppointmentId(value);
  }

  /** A fresh random id, for appointments booked through the SDK. */
  public static AppointmentId random() {
    return new AppointmentId(UUID.randomUUID().toString());
  }

  /** The deterministic id of the appointment behind a source key (a name-based UUID). */
  public static AppointmentId forSource(SourceRef source) {
    byte[] key = (source.system().id() + '\u0000' + source.externalId()).getBytes(StandardCharsets.UTF_8);
    return new AppointmentId(UUID.nameUUIDFromBytes(key).toString());
  }

  @Override
  public String toString() {
    return value;
  }
}
