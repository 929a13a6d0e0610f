/**
 * The coordinator's health, PHI-free, for a host's monitoring: per connector and operation call
 * counts, error counts and latency percentiles; write-queue depth and dead letters; how long ago
 * each connector last synced; the aggregated calendar's latency; bookings refused for conflicts
 * ({@link dev.clinicsync.sync.metrics.MetricsSnapshot}, read with
 * {@code SyncCoordinator.metrics(principal)}, admins only). Alert rules over sliding windows
 * ({@link dev.clinicsync.sync.metrics.AlertThresholds}) keep the active
 * {@link dev.clinicsync.sync.metrics.Alert}s ({@code SyncCoordinator.alerts(principal)}). A
 * {@link dev.clinicsync.sync.metrics.MetricsRecorder} receives each measurement as it happens, the
 * seam a metrics library (the {@code clinicsync-micrometer} module) plugs into; nothing here
 * depends on one.
 */
@NullMarked
package dev.clinicsync.sync.metrics;

import org.jspecify.annotations.NullMarked;
