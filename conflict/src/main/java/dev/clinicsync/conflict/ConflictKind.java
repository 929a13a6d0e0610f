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
   * The same visit seen through another source, linked rather than counted as a conflict. Either
   * another appointment (provenance {@link Provenance.OtherAppointment}): same clinician, same
   * patient token, start and end within the configured tolerance, different source system,
   * reported instead of {@link #OVERLAP}; or a busy block (provenance
   * {@link Provenance.ExternalBusy}) marked as a copy of the checked appointment's source system
   * ({@link dev.clinicsync.core.model.BusyBlock#copyOf}: read from a calendar that receives that
   * system's own calendar sync) whose start and end are within the tolerance of the appointment's,
   * reported instead of {@link #EXTERNAL_BUSY}. A copy that does not match (moved in one system
   * only), a copy of another system and an unmarked block stay {@link #EXTERNAL_BUSY}, and a
   * copy blocks time for every other check (a probe, another appointment) like any busy block.
   */
  DUPLICATE
}
