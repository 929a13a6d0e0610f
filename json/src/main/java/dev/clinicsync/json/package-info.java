/**
 * The canonical model's JSON form, for hosts that store or ship appointments, busy blocks and
 * clinicians: {@link dev.clinicsync.json.CanonicalJson}. Every document carries a {@code
 * schemaVersion}; see {@code CanonicalJson} for the versions and what changed between them.
 */
@NullMarked
package dev.clinicsync.json;

import org.jspecify.annotations.NullMarked;
