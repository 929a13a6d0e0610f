package dev.clinicsync.connectors.icsfeed;

import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.connector.ConnectorProvider;
import dev.clinicsync.core.connector.SourceConnector;

/**
 * Builds {@link IcsFeedConnector}s for configurations of type {@value IcsFeedConfig#TYPE}
 * ({@link IcsFeedPreset#GENERIC}); registered in
 * {@code META-INF/services/dev.clinicsync.core.connector.ConnectorProvider}. The properties are
 * documented on {@link IcsFeedConfig}.
 */
public final class IcsFeedProvider implements ConnectorProvider {

  @Override
  public String type() {
    return IcsFeedConfig.TYPE;
  }

  /**
   * @throws dev.clinicsync.core.ValidationException naming every missing or invalid property
   */
  @Override
  public SourceConnector create(ConnectorConfig config, ConnectorContext context) {
    return new IcsFeedConnector(config, context, IcsFeedPreset.GENERIC);
  }
}
