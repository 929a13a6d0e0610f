/** Runnable examples of embedding ClinicSync. */
@NullMarked
package dev.clinicsync.examples;

import org.jspecify.annotations.NullMarked;
