package dev.clinicsync.connectors.google;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.connector.ConnectorConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a therapist's Google consent goes: Google's authorization and revocation endpoints and the
 * scopes asked for. The token endpoint and the OAuth client are the connector's
 * ({@link GoogleCalendarSettings#tokenUrl()}, {@link GoogleCalendarSettings#clientIdSecret()}).
 *
 * @param authorizationUrl Google's authorization endpoint (the user's browser goes there)
 * @param revokeUrl Google's revocation endpoint
 * @param scopes the OAuth scopes asked for, at least one
 */
public record GoogleConsentSettings(String authorizationUrl, String revokeUrl, List<String> scopes) {

  /** Configuration keys. */
  public static final class Keys {
    public static final String AUTHORIZATION_URL = "authorization-url";
    public static final String REVOKE_URL = "revoke-url";
    /** Space- or comma-separated scopes. */
    public static final String SCOPES = "scopes";

    private Keys() {}
  }

  public static final String DEFAULT_AUTHORIZATION_URL = "https://accounts.google.com/o/oauth2/v2/auth";
  public static final String DEFAULT_REVOKE_URL = "https://oauth2.googleapis.com/revoke";
  /** Events read and written (mirrors, busy blocks, watch channels), and free/busy. */
  public static final List<String> DEFAULT_SCOPES = List.of(
      "https://www.googleapis.com/auth/calendar.events", "https://www.googleapis.com/auth/calendar.freebusy");

  /** Google's production endpoints and {@link #DEFAULT_SCOPES}. */
  public static final GoogleConsentSettings DEFAULTS =
      new GoogleConsentSettings(DEFAULT_AUTHORIZATION_URL, DEFAULT_REVOKE_URL, DEFAULT_SCOPES);

  public GoogleConsentSettings {
    absolute(authorizationUrl, "google consent " + Keys.AUTHORIZATION_URL);
    absolute(revokeUrl, "google consent " + Keys.REVOKE_URL);
    Checks.notNull(scopes, "google consent scopes");
    if (scopes.isEmpty()) {
      throw new ValidationException("google consent " + Keys.SCOPES + ": at least one scope is required");
    }
    scopes.forEach(s -> Checks.notBlank(s, "google consent scope"));
    scopes = List.copyOf(scopes);
  }

  /**
   * Reads the keys above from a connector configuration; a plain-http URL only where the
   * connector's {@code allow-http} is set.
   */
  public static GoogleConsentSettings from(ConnectorConfig config) {
    Checks.notNull(config, "connector config");
    boolean allowHttp = config.bool(GoogleCalendarSettings.Keys.ALLOW_HTTP, false);
    String auth = config.get(Keys.AUTHORIZATION_URL).orElse(DEFAULT_AUTHORIZATION_URL);
    String revoke = config.get(Keys.REVOKE_URL).orElse(DEFAULT_REVOKE_URL);
    String where = "connector " + config.id() + " (google-calendar) ";
    https(auth, allowHttp, where + Keys.AUTHORIZATION_URL);
    https(revoke, allowHttp, where + Keys.REVOKE_URL);
    List<String> scopes = config.get(Keys.SCOPES).map(GoogleConsentSettings::split).orElse(DEFAULT_SCOPES);
    return new GoogleConsentSettings(auth, revoke, scopes);
  }

  private static List<String> split(String value) {
    List<String> out = new ArrayList<>();
    for (String part : value.split("[,\\s]+")) {
      if (!part.isBlank()) {
        out.add(part.strip());
      }
    }
    return out;
  }

  private static URI absolute(String url, String what) {
    Checks.notBlank(url, what);
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getRawUserInfo() != null) {
        throw new ValidationException(what + " must be an absolute http(s) URL without user info");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ValidationException(what + " is not a valid URL");
    }
  }

  private static void https(String url, boolean allowHttp, String what) {
    if (!allowHttp && !"https".equalsIgnoreCase(absolute(url, what).getScheme())) {
      throw new ValidationException(what + " must be an https URL (set " + GoogleCalendarSettings.Keys.ALLOW_HTTP
          + " for a local sandbox)");
    }
  }
}
