/**
 * The interfaces a host (or a connector author) implements: connectors, stores, secrets, the
 * PHI vault and the clinician directory. Every SPI has a working default in the SDK and a
 * published contract test that the host's implementation should pass.
 */
@NullMarked
package dev.clinicsync.core.spi;

import org.jspecify.annotations.NullMarked;
