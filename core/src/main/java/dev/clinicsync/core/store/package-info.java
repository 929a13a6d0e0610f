/**
 * What a host implements to keep ClinicSync's state in its own systems: appointments, sync
 * cursors and leases, the write queue, secrets and the clinician directory. (The PHI vault lives
 * in {@link dev.clinicsync.core.phi} and the audit sink in {@link dev.clinicsync.core.audit},
 * beside the values they keep.) Every store has a working in-memory default in
 * {@link dev.clinicsync.core.memory} and a published contract test that a host's implementation
 * should pass.
 */
@NullMarked
package dev.clinicsync.core.store;

import org.jspecify.annotations.NullMarked;
