package dev.clinicsync.connectors.tck;

import java.util.Map;

/**
 * The TCK's register of hostile-vendor checks that existing connectors are known to fail, by
 * contract test class, each with the reason. {@link ConnectorContractTest#knownGaps()} reads it, so
 * those suites keep passing while their connector is fixed — and report each excused check as
 * aborted with its reason, never as passed. A new connector is never listed: it passes every check.
 * Delete an entry in the change that fixes its connector.
 */
final class KnownGaps {
  private static final Map<String, Map<Hardening, String>> REGISTER = Map.of();

  private KnownGaps() {}

  /** The known gaps of a contract test class; empty for all but the listed ones. */
  static Map<Hardening, String> of(Class<?> contractTest) {
    return REGISTER.getOrDefault(contractTest.getName(), Map.of());
  }
}
