/**
 * Implementation details of the Kareo connector: the SOAP envelope writer, the response reader and
 * its error classification, the practice-local time parser and the record mapper. Not an API.
 */
@NullMarked
package dev.clinicsync.connectors.kareo.internal;

import org.jspecify.annotations.NullMarked;
