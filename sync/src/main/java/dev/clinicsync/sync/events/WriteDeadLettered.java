package dev.clinicsync.sync.events;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import java.time.Instant;
import java.util.Optional;

/**
 * An outbound write (a mirror into a therapist's calendar) was parked after its last attempt; an
 * admin can list it with {@code SyncCoordinator.deadLetters} and retry or discard it.
 *
 * @param jobId the write job's id
 * @param appointment the appointment it writes
 * @param clinician the appointment's clinician, when it is still stored
 * @param target the connector it writes through
 * @param errorCode the PHI-free code of the last failure ({@code permanent-400}, {@code retryable-503})
 * @param at when it was parked
 */
public record WriteDeadLettered(String jobId, AppointmentId appointment, Optional<ClinicianId> clinician,
    ConnectorId target, String errorCode, Instant at) implements CoordinatorEvent {

  public WriteDeadLettered {
    Checks.notBlank(jobId, "event write job id");
    Checks.notNull(appointment, "event appointment id");
    Checks.notNull(clinician, "event clinician");
    Checks.notNull(target, "event target connector id");
    Checks.notBlank(errorCode, "event error code");
    Checks.notNull(at, "event time");
  }

  @Override
  public Optional<ClinicianId> clinicianKey() {
    return clinician;
  }

  @Override
  public Optional<ConnectorId> connectorKey() {
    return Optional.of(target);
  }
}
