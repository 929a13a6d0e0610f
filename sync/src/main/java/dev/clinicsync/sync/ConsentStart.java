package dev.clinicsync.sync;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.ConnectorId;
import java.net.URI;
import java.time.Instant;

/**
 * The start of a therapist's consent: the vendor URL to send their browser to, and until when the
 * consent may be completed. The URL carries the single-use state, so {@link #toString()} omits it.
 *
 * @param connector the connector whose account is being linked
 * @param authorizationUrl the vendor's authorization URL (with state and PKCE challenge)
 * @param expiresAt when the state stops being accepted
 */
public record ConsentStart(ConnectorId connector, URI authorizationUrl, Instant expiresAt) {

  public ConsentStart {
    Checks.notNull(connector, "consent connector");
    Checks.notNull(authorizationUrl, "consent authorization URL");
    Checks.notNull(expiresAt, "consent expiry");
  }

  @Override
  public String toString() {
    return "ConsentStart[" + connector + ", expires " + expiresAt + "]";
  }
}
