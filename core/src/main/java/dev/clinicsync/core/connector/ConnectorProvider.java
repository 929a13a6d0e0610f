package dev.clinicsync.core.connector;

import dev.clinicsync.core.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Builds connectors of one type from configuration. Vendor modules register theirs in
 * {@code META-INF/services/dev.clinicsync.core.connector.ConnectorProvider}, and the SDK finds them with
 * {@link ServiceLoader}, as JDBC finds drivers.
 */
public interface ConnectorProvider {

  /** The type name configurations use ("google-calendar", "zocdoc"). */
  String type();

  /**
   * Builds a connector from its configuration.
   *
   * @throws ValidationException naming every missing or invalid property
   */
  SourceConnector create(ConnectorConfig config, ConnectorContext context);

  /** Every provider visible to the class loader. */
  static List<ConnectorProvider> all(ClassLoader loader) {
    List<ConnectorProvider> out = new ArrayList<>();
    ServiceLoader.load(ConnectorProvider.class, loader).forEach(out::add);
    return out;
  }

  /** The provider of a type, if one is on the class path. */
  static Optional<ConnectorProvider> find(String type, ClassLoader loader) {
    return all(loader).stream().filter(p -> p.type().equals(type)).findFirst();
  }

  /**
   * Builds a connector from a configuration, finding its provider by type.
   *
   * @throws ValidationException when no provider of that type is on the class path
   */
  static SourceConnector create(ConnectorConfig config, ConnectorContext context, ClassLoader loader) {
    ConnectorProvider provider = find(config.type(), loader).orElseThrow(() -> new ValidationException(
        "connector " + config.id() + ": no ConnectorProvider of type '" + config.type()
            + "' on the class path (is its module a dependency?)"));
    return provider.create(config, context);
  }
}
