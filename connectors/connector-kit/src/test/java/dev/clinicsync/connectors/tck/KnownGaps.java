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
  private static final Map<String, Map<Hardening, String>> REGISTER = Map.of(
      "dev.clinicsync.connectors.google.GoogleCalendarContractTest", Map.of(
          Hardening.REDIRECT_TO_LOOPBACK, "google-http-client (NetHttpTransport) follows redirects without the kit's "
              + "SsrfGuard: the request reaches the internal service",
          Hardening.REDIRECT_TO_METADATA, "google-http-client follows the redirect to 169.254.169.254 and reads the answer",
          Hardening.BODY_CAP, "events.list reads the body whole (InputStream.readAllBytes) with no cap; only Jackson's "
              + "32 MiB document limit stops it, after 64 MiB were inflated",
          Hardening.CALL_TIMEOUT, "GoogleHttp applies connect and read timeouts only, never http.call-timeout: "
              + "a 6 s drip is read to the end",
          Hardening.UNRECOGNIZED_ERROR_REASON, "GoogleErrors lets any letters-only reason into messages (403, 429)"),
      "dev.clinicsync.connectors.simplepractice.SimplePracticeIcsContractTest", Map.of(
          Hardening.REDIRECT_TO_LOOPBACK, "its contract test sets allow-private-addresses=true (every loopback address) "
              + "and SimplePracticeIcsConnector.guardFor does not read allow-private-targets (SsrfGuard.from would), "
              + "so the redirect to another loopback port is followed"));

  private KnownGaps() {}

  /** The known gaps of a contract test class; empty for all but the listed ones. */
  static Map<Hardening, String> of(Class<?> contractTest) {
    return REGISTER.getOrDefault(contractTest.getName(), Map.of());
  }
}
