package dev.clinicsync.sync.events;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.sync.SyncMode;
import java.time.Instant;
import java.util.Optional;

/**
 * A sync of one connector failed; its cursor is unchanged and the next sync tries again.
 *
 * @param connector the connector
 * @param mode how it was being read
 * @param errorCode the PHI-free code the audit trail records for it: the typed failure's class
 *     ({@code RetryableConnectorException}, {@code ConnectorAuthException}), the limit of a fetch
 *     past its limits ({@code FETCH_LIMIT_PAGES}), or the class an unexpected throwable is wrapped
 *     with ({@code ConnectorException:StackOverflowError}); never a message
 * @param at when it ended
 */
public record SyncFailed(ConnectorId connector, SyncMode mode, String errorCode, Instant at)
    implements CoordinatorEvent {

  public SyncFailed {
    Checks.notNull(connector, "event connector id");
    Checks.notNull(mode, "event sync mode");
    Checks.notBlank(errorCode, "event error code");
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
