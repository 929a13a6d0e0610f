/** Implementation details of the Google Calendar connector; not API. */
@NullMarked
package dev.clinicsync.connectors.google.internal;

import org.jspecify.annotations.NullMarked;
