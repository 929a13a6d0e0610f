package dev.clinicsync.core.model;

import dev.clinicsync.core.Checks;

/**
 * The host's id of a clinician (the SDK's internal id, not a vendor's provider id).
 *
 * @param value a printable identifier without whitespace
 */
public record ClinicianId(String value) {

  public ClinicianId {
    Checks.identifier(value, "clinician id");
  }

  public static ClinicianId of(String value) {
    return new ClinicianId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
