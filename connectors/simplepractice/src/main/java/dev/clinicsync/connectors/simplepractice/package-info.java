/**
 * The SimplePractice connector. SimplePractice has no public API; practices have its calendar
 * subscription feed (iCalendar) and its report exports (CSV). This package reads both:
 * the iCalendar feed connector with SimplePractice's preset ({@link dev.clinicsync.connectors.simplepractice.SimplePracticeIcsConfig}) polls a clinician's
 * feed, {@link dev.clinicsync.connectors.simplepractice.SimplePracticeCsvImporter} imports an
 * appointments export. Everything a feed or export says about the client (names, notes,
 * telehealth links) goes to the {@link dev.clinicsync.core.phi.PhiRecord} only.
 */
@NullMarked
package dev.clinicsync.connectors.simplepractice;

import org.jspecify.annotations.NullMarked;
