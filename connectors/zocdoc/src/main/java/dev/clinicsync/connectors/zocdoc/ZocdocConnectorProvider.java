package dev.clinicsync.connectors.zocdoc;

import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.connector.ConnectorProvider;
import dev.clinicsync.core.connector.SourceConnector;

/**
 * The {@code zocdoc} connector type, found through {@link java.util.ServiceLoader}. Configuration
 * keys are listed in {@link ZocdocSettings.Keys}; the client id and secret come from the host's
 * {@link dev.clinicsync.core.store.SecretStore}, never from properties.
 */
public final class ZocdocConnectorProvider implements ConnectorProvider {

  /** The type name configurations use. */
  public static final String TYPE = "zocdoc";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public SourceConnector create(ConnectorConfig config, ConnectorContext context) {
    return ZocdocConnector.create(ZocdocSettings.from(config), context);
  }
}
