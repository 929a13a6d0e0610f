/**
 * The connector TCK: {@link dev.clinicsync.connectors.tck.ConnectorContractTest}, the contract
 * every connector's test suite extends, and its small test doubles. Shipped in connector-kit's
 * test-jar ({@code <type>test-jar</type>}).
 */
@NullMarked
package dev.clinicsync.connectors.tck;

import org.jspecify.annotations.NullMarked;
