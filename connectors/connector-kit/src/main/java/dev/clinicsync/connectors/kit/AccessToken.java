package dev.clinicsync.connectors.kit;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.store.Secret;
import java.time.Instant;
import java.util.Optional;

/**
 * A bearer token and when it expires. Its {@link #toString()} never shows the token.
 *
 * @param value the token
 * @param expiresAt when the vendor said it expires, if it said
 */
public record AccessToken(Secret value, Optional<Instant> expiresAt) {
  public AccessToken {
    Checks.notNull(value, "access token");
    Checks.notNull(expiresAt, "access token expiry");
  }

  public static AccessToken of(String value, Instant expiresAt) {
    return new AccessToken(Secret.of(Checks.notBlank(value, "access token")), Optional.of(expiresAt));
  }

  /** A token without a known expiry (used until the vendor rejects it). */
  public static AccessToken withoutExpiry(String value) {
    return new AccessToken(Secret.of(Checks.notBlank(value, "access token")), Optional.empty());
  }

  /** The {@code Authorization} header value. */
  public String bearerHeader() {
    return "Bearer " + value.asString();
  }

  /** Whether it expires before {@code instant}. */
  public boolean expiresBefore(Instant instant) {
    return expiresAt.map(e -> e.isBefore(instant)).orElse(false);
  }

  @Override
  public String toString() {
    return "AccessToken[redacted" + expiresAt.map(e -> ", expires " + e).orElse("") + "]";
  }
}
