package dev.clinicsync.sync;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a clinician's external account (their Google calendar) is linked.
 *
 * @param connector the connector reading that account
 * @param clinician whose account it is
 * @param state linked, not linked, or needing the clinician's re-consent
 * @param reconsentSince when the vendor refused the grant, for {@link State#RECONSENT_REQUIRED}
 */
public record AccountStatus(ConnectorId connector, ClinicianId clinician, State state, Optional<Instant> reconsentSince) {

  /** The link's state. */
  public enum State {
    /** A grant is stored and the vendor has not refused it. */
    CONNECTED,
    /** No grant is stored: the clinician has not connected, or disconnected. */
    NOT_CONNECTED,
    /**
     * The vendor refused the stored grant (revoked or expired, Google's {@code invalid_grant}): this
     * connector is not synced on schedule until the clinician connects again; every other keeps syncing.
     */
    RECONSENT_REQUIRED
  }

  public AccountStatus {
    Checks.notNull(connector, "account connector");
    Checks.notNull(clinician, "account clinician");
    Checks.notNull(state, "account state");
    Checks.notNull(reconsentSince, "account re-consent time");
  }
}
