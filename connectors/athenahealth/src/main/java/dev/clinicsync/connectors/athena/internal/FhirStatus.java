package dev.clinicsync.connectors.athena.internal;

import dev.clinicsync.connectors.kit.MappingTable;
import dev.clinicsync.core.model.AppointmentStatus;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a FHIR R4 {@code Appointment.status} means here: a canonical status, or — for
 * {@code entered-in-error} — that the record should never have existed and is removed.
 */
public enum FhirStatus {
  PENDING(AppointmentStatus.PENDING),
  SCHEDULED(AppointmentStatus.SCHEDULED),
  COMPLETED(AppointmentStatus.COMPLETED),
  CANCELLED(AppointmentStatus.CANCELLED),
  NO_SHOW(AppointmentStatus.NO_SHOW),
  /** {@code entered-in-error}: a deletion, not an appointment. */
  REMOVED(null);

  /**
   * All ten codes of http://hl7.org/fhir/R4/valueset-appointmentstatus.html. An undocumented code
   * (or none) falls back to SCHEDULED, reported: an appointment of unknown standing still blocks
   * its clinician's time.
   */
  public static final MappingTable<FhirStatus> TABLE = MappingTable.of("status", Map.of(
      "proposed", PENDING,
      "pending", PENDING,
      "waitlist", PENDING,
      "booked", SCHEDULED,
      "arrived", COMPLETED,
      "checked-in", COMPLETED,
      "fulfilled", COMPLETED,
      "cancelled", CANCELLED,
      "noshow", NO_SHOW,
      "entered-in-error", REMOVED), code -> SCHEDULED);

  private final @Nullable AppointmentStatus canonical;

  FhirStatus(@Nullable AppointmentStatus canonical) {
    this.canonical = canonical;
  }

  /** The canonical status; empty for {@link #REMOVED}. */
  public Optional<AppointmentStatus> canonical() {
    return Optional.ofNullable(canonical);
  }
}
