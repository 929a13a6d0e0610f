package dev.clinicsync.connectors.simplepractice;

import dev.clinicsync.connectors.icsfeed.IcsFeedConnector;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.connector.ConnectorProvider;
import dev.clinicsync.core.connector.SourceConnector;

/**
 * Builds the iCalendar feed connector with SimplePractice's {@link SimplePracticeIcsConfig#PRESET}
 * for configurations of type {@value SimplePracticeIcsConfig#TYPE}; registered in
 * {@code META-INF/services/dev.clinicsync.core.connector.ConnectorProvider}. The properties are
 * documented on {@link dev.clinicsync.connectors.icsfeed.IcsFeedConfig}.
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
    return new IcsFeedConnector(config, context, SimplePracticeIcsConfig.PRESET);
  }
}
