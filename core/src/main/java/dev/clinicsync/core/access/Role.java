package dev.clinicsync.core.access;

/** What a user is to the practice. */
public enum Role {
  /** Reads and writes everything. */
  ADMIN,
  /** Reads their own appointments and profile only. */
  THERAPIST,
  /** Books, reschedules and cancels for every clinician; sees no source metadata. */
  FRONT_DESK
}
