package dev.clinicsync.connectors.simplepractice;

import dev.clinicsync.connectors.kit.HttpSettings;
import dev.clinicsync.core.spi.ConnectorConfig;
import dev.clinicsync.core.spi.ConnectorContext;
import dev.clinicsync.core.spi.ConnectorProvider;
import dev.clinicsync.core.spi.SourceConnector;

/**
 * Builds {@link SimplePracticeIcsConnector}s for configurations of type {@value SimplePracticeIcsConfig#TYPE};
 * registered in {@code META-INF/services/dev.clinicsync.core.spi.ConnectorProvider}. The properties
 * are documented on {@link SimplePracticeIcsConfig}.
 */
public final class SimplePracticeIcsProvider implements ConnectorProvider {

  @Override
  public String type() {
    return SimplePracticeIcsConfig.TYPE;
  }

  /**
   * @throws dev.clinicsync.core.ValidationException naming every missing or invalid property
   */
  @Override
  public SourceConnector create(ConnectorConfig config, ConnectorContext context) {
    SimplePracticeIcsConfig c = SimplePracticeIcsConfig.from(config);
    return new SimplePracticeIcsConnector(config.id(), c, HttpSettings.from(config), context);
  }
}
