package dev.clinicsync.sync.writes;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import java.time.Instant;
import java.util.Optional;

/**
 * Something about the outbound side an admin should see: PHI-free ids and a kind, never content.
 *
 * @param kind what happened
 * @param clinician the clinician concerned
 * @param appointment the appointment concerned; empty for a clinician-wide issue
 * @param target the connector concerned; empty when there is none (no mirror target)
 * @param at when it was noticed
 */
public record MirrorIssue(
    Kind kind, ClinicianId clinician, Optional<AppointmentId> appointment, Optional<ConnectorId> target, Instant at) {

  /** What the issue is. */
  public enum Kind {
    /** The clinician has no calendar to mirror into (none in the clinician directory, or no writer for it): skipped. */
    NO_MIRROR_CALENDAR,
    /** The mirror was edited at the target and the rule says to raise it instead of restoring it. */
    EDITED_AT_TARGET,
    /** The mirror was deleted at the target and the rule says to raise it instead of recreating it. */
    DELETED_AT_TARGET,
    /**
     * A vendor-sourced appointment was rescheduled or cancelled in ClinicSync, and its vendor
     * cannot be written back to: a local change, not at the source. The next pull does not
     * overwrite it silently; it stays flagged until an admin settles it at the source.
     */
    LOCAL_CHANGE_NOT_AT_SOURCE
  }

  public MirrorIssue {
    Checks.notNull(kind, "mirror issue kind");
    Checks.notNull(clinician, "mirror issue clinician");
    Checks.notNull(appointment, "mirror issue appointment");
    Checks.notNull(target, "mirror issue target");
    Checks.notNull(at, "mirror issue time");
  }
}
