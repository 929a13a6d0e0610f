package dev.clinicsync.core.connector;

import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.store.SecretStore;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A connector's typed configuration: its id, its provider type, and string properties read
 * through typed accessors that fail with a message naming the connector and the key. Secrets are
 * never properties: a property names a secret in the {@link SecretStore}.
 *
 * @param id the connector instance id
 * @param type the provider type, matching {@link ConnectorProvider#type()}
 * @param properties the raw properties
 */
public record ConnectorConfig(ConnectorId id, String type, Map<String, String> properties) {

  public ConnectorConfig {
    Checks.notNull(id, "connector id");
    Checks.notBlank(type, () -> "connector " + id + " type");
    Checks.notNull(properties, () -> "connector " + id + " properties");
    properties = Map.copyOf(properties);
  }

  public static ConnectorConfig of(String id, String type, Map<String, String> properties) {
    return new ConnectorConfig(ConnectorId.of(id), type, properties);
  }

  /** The raw value of a key. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(properties.get(key)).map(String::strip).filter(v -> !v.isEmpty());
  }

  /** The value of a required key. */
  public String require(String key) {
    return get(key).orElseThrow(() -> new ValidationException(
        "connector " + id + " (" + type + "): missing required property '" + key + "'"));
  }

  /** An ISO-8601 duration ({@code PT30S}) or a number of seconds. */
  public Duration duration(String key, Duration defaultValue) {
    return get(key).map(v -> parseDuration(key, v)).orElse(defaultValue);
  }

  public int integer(String key, int defaultValue) {
    return get(key).map(v -> {
      try {
        return Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw invalid(key, "an integer", v);
      }
    }).orElse(defaultValue);
  }

  public double decimal(String key, double defaultValue) {
    return get(key).map(v -> {
      try {
        return Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw invalid(key, "a number", v);
      }
    }).orElse(defaultValue);
  }

  public boolean bool(String key, boolean defaultValue) {
    return get(key).map(v -> {
      if (v.equalsIgnoreCase("true")) {
        return true;
      }
      if (v.equalsIgnoreCase("false")) {
        return false;
      }
      throw invalid(key, "true or false", v);
    }).orElse(defaultValue);
  }

  /** A copy with one more property. */
  public ConnectorConfig with(String key, String value) {
    Map<String, String> copy = new TreeMap<>(properties);
    copy.put(key, value);
    return new ConnectorConfig(id, type, copy);
  }

  private Duration parseDuration(String key, String v) {
    try {
      if (v.chars().allMatch(Character::isDigit)) {
        return Duration.ofSeconds(Long.parseLong(v));
      }
      return Duration.parse(v);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw invalid(key, "a duration such as PT30S or a number of seconds", v);
    }
  }

  private ValidationException invalid(String key, String expected, String value) {
    return new ValidationException("connector " + id + " (" + type + "): property '" + key
        + "' must be " + expected + ", was '" + value + "'");
  }
}
