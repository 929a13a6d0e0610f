/**
 * The Google Calendar connector: incremental pull of a clinician's calendars into busy blocks,
 * free/busy queries, and idempotent, content-free write-back of mirrored appointments.
 */
@NullMarked
package dev.clinicsync.connectors.google;

import org.jspecify.annotations.NullMarked;
