/**
 * ClinicSync core: the exception hierarchy. The model lives in {@code model}, the SPIs the host
 * implements in {@code spi}, and their working defaults in {@code memory} and {@code phi}.
 */
@NullMarked
package dev.clinicsync.core;

import org.jspecify.annotations.NullMarked;
