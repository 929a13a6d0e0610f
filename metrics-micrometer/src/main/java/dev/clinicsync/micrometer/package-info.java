/**
 * The SyncCoordinator's metrics in Micrometer: {@link dev.clinicsync.micrometer.MicrometerMetricsRecorder}
 * records every measurement as it is taken (timers with p50/p95/p99, counters), and
 * {@link dev.clinicsync.micrometer.CoordinatorGauges} reads the coordinator's state (write-queue
 * depth, dead letters, sync age, active alerts) as gauges. Tags carry ids and fixed names only —
 * {@code connector}, {@code operation}, {@code outcome}, {@code severity} — never PHI.
 */
@NullMarked
package dev.clinicsync.micrometer;

import org.jspecify.annotations.NullMarked;
