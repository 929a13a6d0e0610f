package dev.clinicsync.core.model;

import dev.clinicsync.core.Checks;

/**
 * The id of one configured connector instance ("google-dr-lee", "zocdoc-main"). Cursors, leases,
 * write jobs and errors are keyed by it.
 *
 * @param value a printable identifier without whitespace
 */
public record ConnectorId(String value) {
  public ConnectorId {
    Checks.identifier(value, "connector id");
  }

  public static ConnectorId of(String value) {
    return new ConnectorId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
