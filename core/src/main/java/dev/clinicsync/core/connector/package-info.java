/**
 * What a connector author implements and receives: {@link dev.clinicsync.core.connector.SourceConnector}
 * and its {@link dev.clinicsync.core.connector.ConnectorProvider} (found with
 * {@link java.util.ServiceLoader}), the fetch request and the typed changes a fetch reports, and
 * the {@link dev.clinicsync.core.connector.ConnectorContext} the SDK hands a connector. Nothing a
 * host implements lives here; see {@link dev.clinicsync.core.store} for that.
 */
@NullMarked
package dev.clinicsync.core.connector;

import org.jspecify.annotations.NullMarked;
