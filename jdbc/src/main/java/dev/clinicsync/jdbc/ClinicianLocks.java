package dev.clinicsync.jdbc;

/**
 * The JDBC stores' {@link dev.clinicsync.core.store.ClinicianLocks}: on PostgreSQL an advisory
 * transaction lock ({@code pg_advisory_xact_lock}); on H2, the clinician's row in a lock table.
 * Either way it is held until the transaction ends, and taking one outside a transaction is
 * refused (it would end at once). Hand it to the coordinator with the stores' transactions.
 */
public interface ClinicianLocks extends dev.clinicsync.core.store.ClinicianLocks {
}
