package dev.clinicsync.connectors.google;

import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.connector.ConnectorProvider;
import dev.clinicsync.core.connector.SourceConnector;

/**
 * The {@code google-calendar} connector type, found through {@link java.util.ServiceLoader}.
 * Configuration keys are listed in {@link GoogleCalendarSettings.Keys}; credentials come from the
 * host's {@link dev.clinicsync.core.store.SecretStore}, never from properties.
 */
public final class GoogleCalendarConnectorProvider implements ConnectorProvider {

  /** The type name configurations use. */
  public static final String TYPE = "google-calendar";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public SourceConnector create(ConnectorConfig config, ConnectorContext context) {
    return GoogleCalendarConnector.builder(GoogleCalendarSettings.from(config), context)
        .consent(GoogleConsentSettings.from(config))
        .build();
  }
}
