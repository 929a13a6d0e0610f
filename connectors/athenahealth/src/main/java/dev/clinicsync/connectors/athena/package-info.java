/**
 * The athenahealth connector: appointments read from athena's FHIR R4 API with HAPI FHIR's client,
 * every call on connector-kit's HTTP pipeline, OAuth 2.0 client credentials, incremental by
 * {@code _lastUpdated} or by a windowed re-fetch compared by {@code meta.versionId}.
 */
@NullMarked
package dev.clinicsync.connectors.athena;

import org.jspecify.annotations.NullMarked;
