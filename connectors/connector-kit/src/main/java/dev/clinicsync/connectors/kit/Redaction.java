package dev.clinicsync.connectors.kit;

import dev.clinicsync.core.Checks;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * What a log line may show of a request: a header value only when the header is on an allow-list
 * of transport and paging headers ({@link #SHOWN_HEADERS}, {@link #SHOWN_HEADER_PREFIXES},
 * extensible) and on no deny-list, so a header nobody reviewed (a {@code Content-Disposition}
 * whose filename is a patient's name) is masked; a query value
 * is shown only when its parameter is on an allow-list of paging, time-range and filter names
 * ({@link #ALLOWED_QUERY_PARAMETERS}, extensible) and on no deny-list, so a parameter nobody
 * reviewed (a vendor's {@code search=Jane}) is masked; a path segment after a patient collection
 * ({@code /patients/{id}}) is masked; and capability URLs (an ICS feed whose path is the secret)
 * can have their whole path masked. Bodies are never shown at all.
 *
 * <p>Matching is case-insensitive; a query parameter is also denied when its name contains one of
 * {@link #DENIED_QUERY_FRAGMENTS} ({@code token}, {@code secret}, {@code patient}…), even if allowed.
 */
public final class Redaction {
  /** What a masked value is replaced with. */
  public static final String MASK = "[redacted]";

  /**
   * Headers whose values are shown (unless denied): content and transfer metadata, dates and
   * cache validators, rate-limit state, and request ids. Every other header value is masked.
   */
  public static final Set<String> SHOWN_HEADERS = Set.of(
      "content-type", "content-length", "content-encoding", "transfer-encoding", "date", "retry-after",
      "etag", "last-modified", "if-none-match", "if-modified-since", "cache-control", "age", "expires",
      "vary", "accept", "accept-encoding", "connection", "keep-alive", "user-agent", "server",
      "x-request-id", "request-id", "x-correlation-id", "x-amzn-requestid", "x-amz-request-id",
      "x-cloud-trace-context", "x-guploader-uploadid");

  /** Headers whose names start with one of these are shown too (rate-limit state). */
  public static final Set<String> SHOWN_HEADER_PREFIXES = Set.of("x-ratelimit-", "x-rate-limit-", "ratelimit-");

  /** Headers whose values are never shown, even when a connector allows them. */
  public static final Set<String> DENIED_HEADERS = Set.of(
      "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key",
      "x-auth-token", "x-amz-security-token", "x-zocdoc-signature");

  /** Query parameters whose values are never shown. */
  public static final Set<String> DENIED_QUERY_PARAMETERS = Set.of(
      "access_token", "client_id", "client_secret", "code", "key", "api_key", "apikey", "password",
      "signature", "sig", "assertion", "client_assertion", "name", "first_name", "firstname",
      "last_name", "lastname", "dob", "birthdate", "ssn", "mrn", "q", "query");

  /**
   * Query parameters whose values are shown (unless denied): paging, time ranges, sorting and
   * status or id filters of the vendors we speak to. Every other value is masked.
   */
  public static final Set<String> ALLOWED_QUERY_PARAMETERS = Set.of(
      "page", "page_size", "pagesize", "per_page", "limit", "offset", "count", "_count", "maxresults",
      "timemin", "timemax", "updatedmin", "singleevents", "showdeleted", "orderby", "sort", "fields",
      "alt", "prettyprint", "timezone", "status", "statuses", "start_date", "end_date", "startdate",
      "enddate", "from", "to", "since", "_since", "departmentid", "providerid", "practiceid",
      "include", "format", "_format", "eventtypes");

  /** Query parameters are also masked when their name contains one of these. */
  public static final Set<String> DENIED_QUERY_FRAGMENTS = Set.of(
      "token", "secret", "password", "patient", "email", "phone", "birth", "address");

  /** Path segments naming a collection of people; the segment after one is masked. */
  public static final Set<String> PERSON_COLLECTIONS = Set.of("patients", "patient", "clients", "client", "persons", "person");

  private static final Redaction DEFAULTS = new Redaction(
      SHOWN_HEADERS, DENIED_HEADERS, DENIED_QUERY_PARAMETERS, ALLOWED_QUERY_PARAMETERS, PERSON_COLLECTIONS, false);

  private final Set<String> shownHeaders;
  private final Set<String> deniedHeaders;
  private final Set<String> deniedQueryParameters;
  private final Set<String> allowedQueryParameters;
  private final Set<String> personCollections;
  private final boolean opaquePaths;

  private Redaction(Set<String> shown, Set<String> headers, Set<String> query, Set<String> allowed,
      Set<String> collections, boolean opaquePaths) {
    this.shownHeaders = lower(shown);
    this.deniedHeaders = lower(headers);
    this.deniedQueryParameters = lower(query);
    this.allowedQueryParameters = lower(allowed);
    this.personCollections = lower(collections);
    this.opaquePaths = opaquePaths;
  }

  /** The default allow- and deny-lists. */
  public static Redaction defaults() {
    return DEFAULTS;
  }

  /** A copy that also masks these headers. */
  public Redaction denyingHeaders(String... names) {
    return new Redaction(shownHeaders, union(deniedHeaders, names), deniedQueryParameters, allowedQueryParameters,
        personCollections, opaquePaths);
  }

  /** A copy that also masks these query parameters. */
  public Redaction denyingQueryParameters(String... names) {
    return new Redaction(shownHeaders, deniedHeaders, union(deniedQueryParameters, names), allowedQueryParameters,
        personCollections, opaquePaths);
  }

  /**
   * A copy that also shows the values of these query parameters (a connector's own paging or
   * filter names), unless a deny-list still matches them.
   */
  public Redaction allowingQueryParameters(String... names) {
    return new Redaction(shownHeaders, deniedHeaders, deniedQueryParameters, union(allowedQueryParameters, names),
        personCollections, opaquePaths);
  }

  /** A copy that also masks the segment after each of these path segments. */
  public Redaction withPersonCollections(String... segments) {
    return new Redaction(shownHeaders, deniedHeaders, deniedQueryParameters, allowedQueryParameters,
        union(personCollections, segments), opaquePaths);
  }

  /** A copy that never shows a path at all (capability URLs such as private ICS feeds). */
  public Redaction withOpaquePaths() {
    return new Redaction(shownHeaders, deniedHeaders, deniedQueryParameters, allowedQueryParameters,
        personCollections, true);
  }

  /**
   * A copy that also shows the values of these headers (a vendor's own request-id or rate-limit
   * header), unless a deny-list still matches them.
   */
  public Redaction allowingHeaders(String... names) {
    return new Redaction(union(shownHeaders, names), deniedHeaders, deniedQueryParameters, allowedQueryParameters,
        personCollections, opaquePaths);
  }

  public boolean isDeniedHeader(String name) {
    return deniedHeaders.contains(name.toLowerCase(Locale.ROOT));
  }

  public boolean isDeniedQueryParameter(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (deniedQueryParameters.contains(n)) {
      return true;
    }
    for (String fragment : DENIED_QUERY_FRAGMENTS) {
      if (n.contains(fragment)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a log line may show this query parameter's value: allowed and not denied. */
  public boolean isShownQueryParameter(String name) {
    return allowedQueryParameters.contains(name.toLowerCase(Locale.ROOT)) && !isDeniedQueryParameter(name);
  }

  /** Whether a log line may show this header's value: allowed (by name or prefix) and not denied. */
  public boolean isShownHeader(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (deniedHeaders.contains(n)) {
      return false;
    }
    if (shownHeaders.contains(n)) {
      return true;
    }
    for (String prefix : SHOWN_HEADER_PREFIXES) {
      if (n.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** The header's value when {@linkplain #isShownHeader shown}, else {@link #MASK}. */
  public String headerValue(String name, String value) {
    return isShownHeader(name) ? value : MASK;
  }

  /** The URL as a log line may show it: no user info, no fragment, denied parts masked. */
  public String url(HttpUrl url) {
    StringBuilder sb = new StringBuilder().append(url.scheme()).append("://").append(url.host());
    if (url.port() != HttpUrl.defaultPort(url.scheme())) {
      sb.append(':').append(url.port());
    }
    if (opaquePaths) {
      sb.append('/').append(MASK);
    } else {
      List<String> segments = url.encodedPathSegments();
      boolean maskNext = false;
      for (String segment : segments) {
        sb.append('/').append(maskNext && !segment.isEmpty() ? MASK : segment);
        maskNext = personCollections.contains(segment.toLowerCase(Locale.ROOT));
      }
    }
    for (int i = 0; i < url.querySize(); i++) {
      String name = url.queryParameterName(i);
      String value = url.queryParameterValue(i);
      sb.append(i == 0 ? '?' : '&').append(name);
      if (value != null) {
        sb.append('=').append(isShownQueryParameter(name) ? encode(value) : MASK);
      }
    }
    return sb.toString();
  }

  private static String encode(String value) {
    return new HttpUrl.Builder().scheme("http").host("x").addQueryParameter("v", value).build()
        .encodedQuery().substring(2);
  }

  private static Set<String> lower(Set<String> names) {
    Set<String> out = new HashSet<>();
    for (String n : names) {
      out.add(Checks.notBlank(n, "redacted name").toLowerCase(Locale.ROOT));
    }
    return Set.copyOf(out);
  }

  private static Set<String> union(Set<String> base, String... more) {
    Set<String> out = new HashSet<>(base);
    out.addAll(List.of(more)); // the constructor checks and lower-cases every name
    return out;
  }

  @Override
  public String toString() {
    return "Redaction[" + shownHeaders.size() + " shown and " + deniedHeaders.size() + " denied headers, " + deniedQueryParameters.size()
        + " denied and " + allowedQueryParameters.size() + " shown query parameters"
        + (opaquePaths ? ", opaque paths" : "") + "]";
  }
}
