/**
 * The canonical, PHI-free appointment model. All moments are UTC {@link java.time.Instant}s;
 * zones travel beside them for rules and display; intervals are half-open {@code [start, end)}.
 */
@NullMarked
package dev.clinicsync.core.model;

import org.jspecify.annotations.NullMarked;
