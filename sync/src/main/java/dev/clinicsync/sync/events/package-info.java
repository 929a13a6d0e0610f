/**
 * Live, PHI-free events a host pushes to its own front end (live conflict warnings, a refreshed
 * calendar, a banner for a failed sync or a raised alert): the sealed {@link
 * dev.clinicsync.sync.events.CoordinatorEvent} family, the {@link
 * dev.clinicsync.sync.events.CoordinatorListener} a host registers (with {@code
 * SyncCoordinatorBuilder.listener} or {@code SyncCoordinator.subscribe}), its {@link
 * dev.clinicsync.sync.events.Subscription} and the delivery counters.
 *
 * <p>Every event carries only ids (appointment, clinician, connector, write job, alert rule),
 * counts, codes and the instant: never a patient reference, a name, a note or a vendor's free
 * text. A host re-reads what its user may see through the access-checked coordinator operations
 * ({@code calendarEntry}, {@code aggregatedCalendar}).
 */
@NullMarked
package dev.clinicsync.sync.events;

import org.jspecify.annotations.NullMarked;
