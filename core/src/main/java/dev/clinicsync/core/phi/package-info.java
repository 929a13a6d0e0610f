/**
 * PHI handling: the {@link dev.clinicsync.core.phi.PhiRecord} that cannot be logged, patient
 * tokens, and the default encrypted vault.
 */
@NullMarked
package dev.clinicsync.core.phi;

import org.jspecify.annotations.NullMarked;
