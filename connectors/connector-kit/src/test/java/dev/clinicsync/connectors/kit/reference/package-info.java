/**
 * A tiny reference connector for a fake JSON vendor, built only from kit pieces, that proves the
 * connector TCK: it passes, and deliberately broken variants of it fail.
 */
@NullMarked
package dev.clinicsync.connectors.kit.reference;

import org.jspecify.annotations.NullMarked;
