/**
 * The tamper-evident audit trail: {@link dev.clinicsync.core.audit.AuditEvent}s chained with
 * HMAC-SHA256 under a key from the host's secret store ({@link dev.clinicsync.core.audit.AuditKeys}),
 * written by the SDK through {@link dev.clinicsync.core.audit.AuditLog}, with signed
 * {@link dev.clinicsync.core.audit.AuditCheckpoint}s for the host to keep elsewhere.
 */
@NullMarked
package dev.clinicsync.core.audit;

import org.jspecify.annotations.NullMarked;
