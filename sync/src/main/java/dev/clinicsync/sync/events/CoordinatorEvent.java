package dev.clinicsync.sync.events;

import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import java.time.Instant;
import java.util.Optional;

/**
 * Something the coordinator did that a host UI may want to show at once. A closed set of small
 * immutable records, PHI-free by construction (ids, counts, codes and instants only), so every
 * {@code toString()} is safe to log.
 *
 * <p>Java 17 has no pattern {@code switch}: test with {@code instanceof} patterns, e.g.
 * {@code if (e instanceof ConflictDetected d) ui.warn(d.appointment())}.
 */
public sealed interface CoordinatorEvent permits AppointmentCreated, AppointmentUpdated, AppointmentCancelled,
    ConflictDetected, ConflictResolved, SyncCompleted, SyncFailed, WriteDeadLettered, ReconsentRequired,
    AlertRaised, AlertCleared {

  /** When it happened, by the coordinator's clock. */
  Instant at();

  /** The clinician whose calendar it concerns, when it concerns one: events are delivered in order per clinician. */
  Optional<ClinicianId> clinicianKey();

  /** The connector it concerns, when it concerns one. */
  Optional<ConnectorId> connectorKey();
}
