/**
 * The conflict engine: double-bookings, working hours, time off, external busy blocks, buffers
 * and cross-source duplicates, answered from an incremental in-memory index. Start at
 * {@link dev.clinicsync.conflict.ConflictEngine}. Availability search ({@code freeSlots},
 * {@code nextFree}, {@code isFree}) answers from the same index; {@link dev.clinicsync.conflict.SlotGrid}
 * defines its grid and its meaning by {@code check}, and {@link dev.clinicsync.conflict.FreeSlots}
 * holds the answer as a primitive array.
 */
@NullMarked
package dev.clinicsync.conflict;

import org.jspecify.annotations.NullMarked;
