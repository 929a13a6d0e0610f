package dev.clinicsync.connectors.simplepractice;

import dev.clinicsync.core.spi.ConnectorConfig;
import dev.clinicsync.core.spi.ConnectorContext;
import dev.clinicsync.core.spi.ConnectorProvider;
import dev.clinicsync.core.spi.SourceConnector;

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
