package dev.clinicsync.core.connector;

import dev.clinicsync.core.phi.PhiVault;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.phi.PhiRecord;
import java.util.Optional;

/**
 * One vendor record split the way the SDK keeps it: the canonical, PHI-free appointment, and the
 * PHI part that goes to the {@link PhiVault} under the appointment's id.
 *
 * @param appointment the canonical appointment (revision 0, no conflict ids)
 * @param phi the identifying part, when the vendor sent any
 */
public record SourceRecord(Appointment appointment, Optional<PhiRecord> phi) {
  public SourceRecord {
    Checks.notNull(appointment, "source record appointment");
    Checks.notNull(phi, "source record PHI");
    if (appointment.revision() != 0) {
      throw new ValidationException("source record " + appointment.source().key()
          + " must not carry a store revision");
    }
  }

  public static SourceRecord of(Appointment appointment) {
    return new SourceRecord(appointment, Optional.empty());
  }

  public static SourceRecord of(Appointment appointment, PhiRecord phi) {
    return new SourceRecord(appointment, phi.isEmpty() ? Optional.empty() : Optional.of(phi));
  }
}
