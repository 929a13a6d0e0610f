package dev.clinicsync.examples.harbor;

import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.connector.ConnectorProvider;
import dev.clinicsync.core.connector.SourceConnector;

/**
 * Step 5 of the guide: the provider the SDK finds with {@link java.util.ServiceLoader} (registered in
 * {@code META-INF/services}), so hosts configure the connector by its type, {@value #TYPE}.
 */
public final class HarborConnectorProvider implements ConnectorProvider {
  /** The type name in a host's configuration. */
  public static final String TYPE = "harbor";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public SourceConnector create(ConnectorConfig config, ConnectorContext context) {
    return HarborConnector.create(config, context);
  }
}
