/**
 * The generic iCalendar feed connector: any published calendar (Outlook/Exchange "publish
 * calendar", iCloud public calendars, Google's secret iCal address, Zimbra, a practice system's
 * export) read as appointments or as one clinician's busy blocks
 * ({@link dev.clinicsync.connectors.icsfeed.IcsFeedConnector}, provider type {@code ics-feed}).
 * A vendor whose calendar is such a feed is an {@link dev.clinicsync.connectors.icsfeed.IcsFeedPreset}
 * of it (its type, source system, defaults and id rules), not a second reader. Everything a feed says
 * about a person (summaries, descriptions, locations, links, attendees) goes to the
 * {@link dev.clinicsync.core.phi.PhiRecord} only, and busy blocks carry nothing but their times.
 */
@NullMarked
package dev.clinicsync.connectors.icsfeed;

import org.jspecify.annotations.NullMarked;
