package dev.clinicsync.core.model;

/**
 * Why someone accepted a conflict. A fixed list of codes rather than free text, so that the reason
 * can be stored, audited and shown without ever carrying PHI; a host that needs a note keeps it
 * in its own PHI store (or the {@link dev.clinicsync.core.phi.PhiVault}), never in the audit trail.
 */
public enum OverrideReason {
  /** The overlap is intended: a group session, co-therapy, a supervised session. */
  INTENDED_OVERLAP,
  /** The clinician agreed to see the patient outside their working hours. */
  CLINICIAN_APPROVED_HOURS,
  /** A clinical urgency justifies the double booking. */
  URGENT_CARE,
  /** The conflicting record is wrong at its source and will be fixed there. */
  SOURCE_DATA_ERROR,
  /** The two records describe the same visit (a duplicate the engine did not link). */
  SAME_VISIT,
  /** Another reason, documented outside the SDK. */
  OTHER
}
