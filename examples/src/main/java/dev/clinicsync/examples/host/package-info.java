/**
 * A sample host integration: how a practice-management application wires ClinicSync to its own
 * database, its own secrets vault and its own users. Start with {@link
 * dev.clinicsync.examples.host.PracticeApp}.
 */
@NullMarked
package dev.clinicsync.examples.host;

import org.jspecify.annotations.NullMarked;
