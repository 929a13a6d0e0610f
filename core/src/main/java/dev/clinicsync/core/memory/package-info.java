/**
 * Working in-memory defaults of every storage SPI: thread-safe, honouring the same contracts as
 * the JDBC implementations, and suitable for tests, demos and single-node hosts that keep their
 * data elsewhere.
 */
@NullMarked
package dev.clinicsync.core.memory;

import org.jspecify.annotations.NullMarked;
