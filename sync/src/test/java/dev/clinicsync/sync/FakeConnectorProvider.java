package dev.clinicsync.sync;

import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.connector.ConnectorProvider;
import dev.clinicsync.core.connector.SourceConnector;

/** A provider found through ServiceLoader (registered in this module's test resources). */
public final class FakeConnectorProvider implements ConnectorProvider {
  @Override
  public String type() {
    return "fake-vendor";
  }

  @Override
  public SourceConnector create(ConnectorConfig config, ConnectorContext context) {
    return new FakeConnector(config.id().value(), SourceSystem.of(config.require("system")),
        config.duration("pollingFloor", java.time.Duration.ZERO));
  }
}
