package dev.clinicsync.core.audit;

/** What an audit event records. */
public enum AuditAction {
  CREATE_APPOINTMENT,
  UPDATE_APPOINTMENT,
  RESCHEDULE_APPOINTMENT,
  CANCEL_APPOINTMENT,
  DELETE_APPOINTMENT,
  RESOLVE_CONFLICT,
  OVERRIDE_CONFLICT,
  VIEW_CALENDAR,
  VIEW_PHI,
  VIEW_AUDIT,
  EDIT_AVAILABILITY,
  ACCOUNT_CONNECTED,
  ACCOUNT_DISCONNECTED,
  ACCOUNT_RECONSENT_REQUIRED,
  CONSENT_REFUSED,
  SYNC_COMPLETED,
  SYNC_FAILED,
  SYNC_PLAN_HELD,
  SYNC_PLAN_APPLIED,
  SYNC_PLAN_DISCARDED,
  WRITE_DEAD_LETTERED,
  WRITE_REQUEUED,
  /** An admin discarded a dead-lettered write job. */
  WRITE_DISCARDED,
  /** A mirror changed at its target was restored (moved back or recreated): the source system won. */
  MIRROR_RESTORED,
  /** A mirror changed at its target was raised as a conflict for an admin instead of being restored. */
  MIRROR_CONFLICT_RAISED,
  ACCESS_DENIED,
  /** An admin invalidated a cache entry, or a whole cache. */
  CACHE_INVALIDATED
}
