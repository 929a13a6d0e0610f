package dev.clinicsync.core.access;

/** Every operation the access policy decides on. */
public enum Operation {
  /** Read appointments and busy blocks of a clinician. */
  VIEW_CALENDAR,
  /** See the vendor metadata of appointments. */
  VIEW_SOURCE_METADATA,
  /** Read a clinician's profile and working hours. */
  VIEW_CLINICIAN,
  /** Read the PHI part of an appointment. */
  VIEW_PHI,
  BOOK,
  RESCHEDULE,
  CANCEL,
  /** Resolve a conflict by cancelling or rescheduling. */
  RESOLVE_CONFLICT,
  /** Book or keep a conflicting appointment on purpose, with a reason. */
  OVERRIDE_CONFLICT,
  /** Change a clinician's working hours or time off. */
  EDIT_AVAILABILITY,
  /** Run a sync on demand. */
  RUN_SYNC,
  /** Inspect, apply or discard a held sync plan (the mass-deletion guard). */
  MANAGE_SYNC_PLANS,
  /** List and retry dead-lettered write jobs. */
  MANAGE_WRITE_QUEUE,
  /** Link, unlink or review a clinician's external account (their Google calendar). */
  CONNECT_ACCOUNT,
  /** Read the audit trail. */
  VIEW_AUDIT,
  /** Read a connector's PHI-free list of service (visit) types. */
  VIEW_SERVICE_TYPES,
  /** Invalidate the coordinator's caches (availability, service types). */
  MANAGE_CACHE,
  /**
   * Read the coordinator's operational state: metrics, active alerts and event delivery counters.
   * PHI-free, but it tells which connectors fail, how busy the clinic is and how the write queue
   * stands — administrative, never granted to front desk or (even for themselves) to therapists.
   * A metrics scraper runs as a host-supplied admin principal.
   */
  VIEW_METRICS
}
