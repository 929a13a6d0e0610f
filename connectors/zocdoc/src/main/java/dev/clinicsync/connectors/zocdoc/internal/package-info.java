/** Zocdoc internals: the HTTP calls, the record mapper, the window slicing and the replay memory. */
@NullMarked
package dev.clinicsync.connectors.zocdoc.internal;

import org.jspecify.annotations.NullMarked;
