package dev.clinicsync.core.connector;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import java.net.URI;

/**
 * What a code exchange sends: the authorization code the vendor returned, the PKCE verifier of the
 * challenge the authorization URL carried, and the same redirect URI. Its {@link #toString()}
 * shows neither the code nor the verifier.
 *
 * @param code the authorization code from the callback
 * @param codeVerifier the PKCE verifier (43 to 128 characters, RFC 7636)
 * @param redirectUri the redirect URI of the authorization request
 */
public record ConsentGrant(String code, String codeVerifier, URI redirectUri) {

  public ConsentGrant {
    Checks.notBlank(code, "authorization code");
    Checks.notBlank(codeVerifier, "PKCE code verifier");
    if (codeVerifier.length() < 43 || codeVerifier.length() > 128) {
      throw new ValidationException("PKCE code verifier must be 43 to 128 characters long");
    }
    Checks.notNull(redirectUri, "consent redirect URI");
  }

  @Override
  public String toString() {
    return "ConsentGrant[code=redacted, codeVerifier=redacted]";
  }
}
