package dev.clinicsync.connectors.simplepractice;

import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.connector.ConnectorProvider;
import dev.clinicsync.core.connector.SourceConnector;

/**
 * Builds {@link SimplePracticeCsvConnector}s for configurations of type
 * {@value SimplePracticeCsvConfig#TYPE}; properties on {@link SimplePracticeCsvConfig}.
 */
public final class SimplePracticeCsvProvider implements ConnectorProvider {

  @Override
  public String type() {
    return SimplePracticeCsvConfig.TYPE;
  }

  @Override
  public SourceConnector create(ConnectorConfig config, ConnectorContext context) {
    return new SimplePracticeCsvConnector(config.id(), SimplePracticeCsvConfig.from(config), context);
  }
}
