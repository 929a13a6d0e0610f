package dev.clinicsync.core.connector;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import java.net.URI;

/**
 * What an authorization URL carries: the coordinator's single-use {@code state}, the PKCE
 * challenge (S256) of a verifier only the coordinator knows, and the host's registered redirect URI.
 * Its {@link #toString()} shows none of the values.
 *
 * @param state the opaque, random, single-use state
 * @param codeChallenge base64url(SHA-256(verifier)), RFC 7636
 * @param redirectUri where the vendor sends the user back (absolute)
 */
public record ConsentRequest(String state, String codeChallenge, URI redirectUri) {

  public ConsentRequest {
    Checks.notBlank(state, "consent state");
    Checks.notBlank(codeChallenge, "consent code challenge");
    Checks.notNull(redirectUri, "consent redirect URI");
    if (!redirectUri.isAbsolute()) {
      throw new ValidationException("consent redirect URI must be absolute");
    }
  }

  @Override
  public String toString() {
    return "ConsentRequest[state=redacted, codeChallenge=redacted]";
  }
}
