package dev.clinicsync.connectors.kareo;

import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.connector.ConnectorProvider;
import dev.clinicsync.core.connector.SourceConnector;

/**
 * The {@code kareo} connector type, found through {@link java.util.ServiceLoader}. Configuration
 * keys are listed in {@link KareoSettings}; credentials come from the host's
 * {@link dev.clinicsync.core.store.SecretStore}, never from properties.
 */
public final class KareoConnectorProvider implements ConnectorProvider {

  /** The type name configurations use. */
  public static final String TYPE = "kareo";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public SourceConnector create(ConnectorConfig config, ConnectorContext context) {
    return KareoConnector.create(KareoSettings.from(config), context);
  }
}
