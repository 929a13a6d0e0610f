/**
 * ClinicSync's stores over JDBC: appointments, busy blocks, sync cursors and leases, the write
 * queue (outbox), the append-only audit trail and the sealed PHI vault, in H2 (embedded, file mode by default) or PostgreSQL, with the schema
 * created and migrated by versioned Flyway migrations shipped in this jar. Start at
 * {@link dev.clinicsync.jdbc.JdbcStores}.
 */
@NullMarked
package dev.clinicsync.jdbc;

import org.jspecify.annotations.NullMarked;
