package dev.clinicsync.conflict;

/** What a proposal collides with. */
public enum ConflictKind {
  /** Another blocking appointment of the same clinician shares at least one instant. */
  OVERLAP,
  /** The appointment is not wholly inside the clinician's working hours (weekly or extra). */
  OUTSIDE_AVAILABILITY,
  /** The appointment touches a dated time-off exception. */
  TIME_OFF,
  /** The appointment overlaps an external busy block, such as a personal calendar event. */
  EXTERNAL_BUSY,
  /** Another appointment is closer than the configured buffer, without overlapping. */
  BUFFER,
  /**
   * Another appointment is the same visit seen through another source: same clinician, same
   * patient token, start and end within the configured tolerance, different source system.
   * Reported instead of {@link #OVERLAP}.
   */
  DUPLICATE
}
