package dev.clinicsync.sync.metrics;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.ConnectorId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long ago a connector last synced successfully.
 *
 * @param connector the connector
 * @param lastSuccess when its last successful sync finished; empty when it has not synced
 *     successfully since this coordinator was built
 * @param age the time since then, or since the coordinator was built when it has not
 * @param interval its sync interval
 */
public record SyncFreshness(ConnectorId connector, Optional<Instant> lastSuccess, Duration age, Duration interval) {

  public SyncFreshness {
    Checks.notNull(connector, "freshness connector");
    Checks.notNull(lastSuccess, "freshness last success");
    Checks.notNull(age, "freshness age");
    Checks.notNull(interval, "freshness interval");
  }
}
