/**
 * The Kareo/Tebra connector: reads a practice's appointments from Kareo's SOAP 2.1 service
 * ({@code GetAppointments}) through connector-kit's HTTP pipeline. Credentials (customer key, user,
 * password) come from the host's {@link dev.clinicsync.core.store.SecretStore} and travel only in
 * the request body, which is never logged; times arrive practice-local and are converted with the
 * practice's configured zone. The connector is never polled more often than every five minutes.
 */
@NullMarked
package dev.clinicsync.connectors.kareo;

import org.jspecify.annotations.NullMarked;
