/**
 * ClinicSync connector kit: what every HTTP vendor connector shares — one configured OkHttp
 * client ({@link dev.clinicsync.connectors.kit.HttpClients}), small interceptors (auth, error
 * classification, rate limiting, redacted logging), the OAuth2 client-credentials token source,
 * one error classifier into the core exception hierarchy, backoff and retries, safe JSON and XML
 * parsing, and an SSRF guard for URLs that come from configuration or data.
 *
 * <p>A connector typically builds one {@link dev.clinicsync.connectors.kit.ConnectorHttp} and
 * calls {@link dev.clinicsync.connectors.kit.ConnectorHttp#execute} for every vendor request.
 */
@NullMarked
package dev.clinicsync.connectors.kit;

import org.jspecify.annotations.NullMarked;
