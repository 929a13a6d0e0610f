package dev.clinicsync.sync.writes;

/**
 * How a change made at the mirror's side (a therapist moved or deleted the mirrored event in
 * Google) is settled when the next pull notices it. Nothing is lost silently either way: both are
 * audited.
 */
public enum MirrorRule {
  /**
   * The source system wins (the default): the mirror is restored — moved back, or recreated when
   * it was deleted — and the change audited as reverted.
   */
  SOURCE_WINS,
  /** The mirror is left as it is and the difference raised as a {@link MirrorIssue} for an admin. */
  RAISE_CONFLICT
}
