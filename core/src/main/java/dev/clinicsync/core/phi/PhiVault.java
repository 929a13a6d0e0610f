package dev.clinicsync.core.phi;

import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.phi.PhiRecord;
import java.util.Optional;

/**
 * Where the identifying part of each record lives, apart from the general store, keyed by
 * appointment id. Hosts plug in their own HIPAA-eligible store; the default keeps records
 * AES-GCM encrypted in memory.
 */
public interface PhiVault {

  /** Stores or replaces the PHI of an appointment. */
  void put(AppointmentId id, PhiRecord record);

  Optional<PhiRecord> get(AppointmentId id);

  /** Removes the PHI of an appointment; returns whether there was any. */
  boolean delete(AppointmentId id);
}
