package dev.clinicsync.sync.internal;

import dev.clinicsync.core.connector.IdempotencyKey;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.TimeWindow;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this node last wrote (or last saw) of each mirror: the vendor's version and the interval.
 * A cache, not a record of truth: a mirror missing here is created with its idempotency key (which
 * finds one that exists) or read back before it is cancelled, and an echo is judged by its content
 * against the appointment, so a restarted node loses nothing but a call.
 */
public final class MirrorLedger {
  /**
   * One mirror as written.
   *
   * @param version the vendor's version after the write (its ETag), when it gave one
   * @param window the interval written; empty for a cancelled mirror
   */
  record Entry(Optional<String> version, Optional<TimeWindow> window) {}

  public MirrorLedger() {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  /** Target and idempotency key (the vendor's id of the mirror) to the appointment: tombstones carry only the id. */
  private final Map<String, AppointmentId> byKey = new ConcurrentHashMap<>();

  Optional<Entry> find(ConnectorId target, AppointmentId appointment) {
    return Optional.ofNullable(entries.get(key(target, appointment)));
  }

  void put(ConnectorId target, AppointmentId appointment, Entry entry) {
    entries.put(key(target, appointment), entry);
    byKey.put(target.value() + '/' + IdempotencyKey.forAppointment(appointment).value(), appointment);
  }

  /** The appointment whose mirror at {@code target} has the vendor id {@code key}, when this node wrote it. */
  Optional<AppointmentId> byIdempotencyKey(ConnectorId target, String key) {
    return Optional.ofNullable(byKey.get(target.value() + '/' + key));
  }

  void forget(ConnectorId target, AppointmentId appointment) {
    entries.remove(key(target, appointment));
  }

  private static String key(ConnectorId target, AppointmentId appointment) {
    return target.value() + '/' + appointment.value();
  }
}
