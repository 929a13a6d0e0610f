package dev.clinicsync.sync.events;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.sync.SyncMode;
import java.time.Instant;
import java.util.Optional;

/**
 * A sync of one connector ended without failing: it applied what it read, or the mass-deletion
 * guard held it for an admin ({@code held}). A sync skipped because another node holds the lease
 * fires nothing.
 *
 * @param connector the connector synced
 * @param mode how it was read
 * @param held whether the changes were held as a plan for an admin instead of applied
 * @param created appointments created
 * @param updated appointments updated
 * @param deleted appointments removed
 * @param at when it ended
 */
public record SyncCompleted(ConnectorId connector, SyncMode mode, boolean held, int created, int updated, int deleted,
    Instant at) implements CoordinatorEvent {

  public SyncCompleted {
    Checks.notNull(connector, "event connector id");
    Checks.notNull(mode, "event sync mode");
    Checks.notNull(at, "event time");
  }

  @Override
  public Optional<ClinicianId> clinicianKey() {
    return Optional.empty();
  }

  @Override
  public Optional<ConnectorId> connectorKey() {
    return Optional.of(connector);
  }
}
