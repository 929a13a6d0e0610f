/**
 * The HTML week view of the demo: {@link dev.clinicsync.examples.demo.view.WeekViews} reads a
 * week of every clinician's calendar through the coordinator into a {@link
 * dev.clinicsync.examples.demo.view.WeekView}, and {@link
 * dev.clinicsync.examples.demo.view.WeekViewPage} renders it as one self-contained, PHI-free HTML
 * page (inline CSS, nothing loaded from the network).
 */
@NullMarked
package dev.clinicsync.examples.demo.view;

import org.jspecify.annotations.NullMarked;
