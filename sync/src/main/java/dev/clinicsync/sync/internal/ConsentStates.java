package dev.clinicsync.sync.internal;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The consents begun and not yet completed, server-side: each {@code state} is random (256 bits),
 * single-use (taken on its first presentation, whatever the outcome), expiring, and bound to the
 * user and clinician who began it, together with the PKCE verifier (RFC 7636, S256) that only this
 * process knows. States are looked up by their SHA-256, so no comparison runs on the secret itself.
 * At most {@link #MAX_PENDING} consents are pending; expired ones are dropped as new ones begin.
 * Thread-safe.
 */
public final class ConsentStates {
  /** The most consents pending at once. */
  public static final int MAX_PENDING = 10_000;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  /** A consent begun: by whom, for which connector and clinician, with which verifier and redirect. */
  public record Pending(String userId, ConnectorId connector, ClinicianId clinician, String verifier, URI redirectUri,
      Instant expiresAt) {
    @Override
    public String toString() {
      return "Pending[" + connector + ", expires " + expiresAt + "]";
    }
  }

  /** A consent just begun: the state and PKCE challenge to put in the authorization URL. */
  public record Issued(String state, String challenge, Pending pending) {
    @Override
    public String toString() {
      return "Issued[" + pending + "]";
    }
  }

  private final Map<String, Pending> pending = new HashMap<>();
  private final Clock clock;
  private final Duration ttl;
  private final SecureRandom random;

  public ConsentStates(Clock clock, Duration ttl, SecureRandom random) {
    this.clock = clock;
    this.ttl = ttl;
    this.random = random;
  }

  /** Begins a consent. */
  public synchronized Issued issue(String userId, ConnectorId connector, ClinicianId clinician, URI redirectUri) {
    Instant now = clock.instant();
    pending.values().removeIf(p -> !p.expiresAt().isAfter(now));
    if (pending.size() >= MAX_PENDING) {
      throw new ValidationException("too many consents are pending (" + MAX_PENDING + "); try again later");
    }
    String state = randomToken(32);
    String verifier = randomToken(32); // 43 characters of the unreserved set
    Pending p = new Pending(userId, connector, clinician, verifier, redirectUri, now.plus(ttl));
    pending.put(sha256(state), p);
    return new Issued(state, sha256Base64Url(verifier), p);
  }

  /** Takes the consent of a state: empty when unknown or used; it cannot be taken twice. */
  public synchronized Optional<Pending> take(String state) {
    return Optional.ofNullable(pending.remove(sha256(state)));
  }

  /** Whether a pending consent has expired by now. */
  public boolean expired(Pending p) {
    return !p.expiresAt().isAfter(clock.instant());
  }

  /** A random token of {@code bytes} bytes, base64url without padding. */
  public static String randomToken(SecureRandom random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return B64.encodeToString(b);
  }

  private String randomToken(int bytes) {
    return randomToken(random, bytes);
  }

  /** The PKCE S256 challenge of a verifier: base64url(SHA-256(ASCII verifier)), no padding. */
  public static String sha256Base64Url(String verifier) {
    return B64.encodeToString(digest(verifier));
  }

  private static String sha256(String value) {
    return B64.encodeToString(digest(value));
  }

  private static byte[] digest(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
