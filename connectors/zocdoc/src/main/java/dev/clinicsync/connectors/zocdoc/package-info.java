/**
 * The Zocdoc connector: appointments read from {@code GET /v1/appointments} (OAuth 2.0 client
 * credentials with a JSON body and an audience, zero-indexed pages, the 1,000-result cap per query
 * met by splitting the window), mapped to the canonical model with the PHI kept apart, and the
 * webhook handler that turns a signed {@code appointment_updated} notice into a targeted fetch.
 * Read-only: Zocdoc has no idempotency key, so this connector never books.
 */
@NullMarked
package dev.clinicsync.connectors.zocdoc;

import org.jspecify.annotations.NullMarked;
