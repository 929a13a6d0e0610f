/**
 * The conflict engine's implementation: per-clinician copy-on-write interval buckets of
 * primitive arrays, compiled availability and zone offset tables. Not an API.
 */
@NullMarked
package dev.clinicsync.conflict.internal;

import org.jspecify.annotations.NullMarked;
