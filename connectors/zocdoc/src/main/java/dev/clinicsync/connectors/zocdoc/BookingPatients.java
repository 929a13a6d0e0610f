package dev.clinicsync.connectors.zocdoc;

import dev.clinicsync.core.model.AppointmentId;
import java.util.Optional;

/**
 * Where the booking writer gets the patient of a canonical appointment: the write-back SPI's
 * {@link dev.clinicsync.core.connector.MirrorWrite} carries no PHI, but Zocdoc cannot book without
 * the patient's details. The host supplies this through
 * {@link ZocdocConnector.Builder#bookingPatients(BookingPatients)}; without it every create is
 * refused (permanent).
 */
@FunctionalInterface
public interface BookingPatients {

  /** The patient of {@code appointment}; empty when the host has none (the create is refused). */
  Optional<ZocdocPatient> patientFor(AppointmentId appointment);

  /** Knows no patient: every create is refused. */
  static BookingPatients none() {
    return appointment -> Optional.empty();
  }
}
