package dev.clinicsync.connectors.athena;

import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.connector.ConnectorProvider;
import dev.clinicsync.core.connector.SourceConnector;

/**
 * The {@code athenahealth} connector type, found through {@link java.util.ServiceLoader}.
 * Configuration keys are listed in {@link AthenaSettings.Keys}; the OAuth client comes from the
 * host's {@link dev.clinicsync.core.store.SecretStore}, never from properties.
 */
public final class AthenaConnectorProvider implements ConnectorProvider {

  /** The type name configurations use. */
  public static final String TYPE = "athenahealth";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public SourceConnector create(ConnectorConfig config, ConnectorContext context) {
    return AthenaConnector.create(AthenaSettings.from(config), context);
  }
}
