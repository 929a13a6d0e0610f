/**
 * Implementation details of the iCalendar feed connector: the iCalendar content model, time-zone
 * resolution (IANA, Windows ids and Outlook display names from CLDR, VTIMEZONE), bounded recurrence
 * expansion, derived keys for events without a UID, and the feed cursor. Not an API.
 */
@NullMarked
package dev.clinicsync.connectors.icsfeed.internal;

import org.jspecify.annotations.NullMarked;
