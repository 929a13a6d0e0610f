/**
 * The {@link dev.clinicsync.sync.SyncCoordinator}: what a host wires up and calls. It syncs
 * connectors into the stores, keeps the conflict index and every appointment's conflict ids
 * current, and offers the access-checked, audited host operations: the aggregated calendar,
 * booking, rescheduling, cancelling, conflict resolution and the audit trail.
 */
@NullMarked
package dev.clinicsync.sync;

import org.jspecify.annotations.NullMarked;
