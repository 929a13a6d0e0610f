/**
 * Implementation details of the SimplePractice connector: the iCalendar content model, time-zone
 * resolution, recurrence expansion and the feed cursor. Not an API.
 */
@NullMarked
package dev.clinicsync.connectors.simplepractice.internal;

import org.jspecify.annotations.NullMarked;
