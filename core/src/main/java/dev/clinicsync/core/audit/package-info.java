/**
 * The tamper-evident audit trail: hash-chained {@link dev.clinicsync.core.audit.AuditEvent}s
 * written by the SDK through {@link dev.clinicsync.core.audit.AuditLog}.
 */
@NullMarked
package dev.clinicsync.core.audit;

import org.jspecify.annotations.NullMarked;
