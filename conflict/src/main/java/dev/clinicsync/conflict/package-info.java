/**
 * The conflict engine: double-bookings, working hours, time off, external busy blocks, buffers
 * and cross-source duplicates, answered from an incremental in-memory index. Start at
 * {@link dev.clinicsync.conflict.ConflictEngine}.
 */
@NullMarked
package dev.clinicsync.conflict;

import org.jspecify.annotations.NullMarked;
