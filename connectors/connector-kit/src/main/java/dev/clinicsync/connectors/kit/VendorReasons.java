package dev.clinicsync.connectors.kit;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The vendor error reason codes that may appear in exception messages, logs and sync reports: an
 * allow-list of fixed vocabulary. A vendor's {@code reason} or {@code error} field is free text as
 * far as we can know (a vendor may echo a patient's name or a field value into it), so a code
 * passes only when it is on the list, compared exactly; anything else is shown as
 * {@value #UNRECOGNIZED}, and a missing one as {@value #NONE}.
 *
 * <p>{@link #defaults()} knows Google's API error reasons and the OAuth 2.0 error codes; a
 * connector adds its vendor's documented codes with {@link #allowing}.
 */
public final class VendorReasons {
  /** Shown for a reason that is not on the list. */
  public static final String UNRECOGNIZED = "unrecognized";
  /** Shown when the vendor gave no reason. */
  public static final String NONE = "none";

  /** Google API error reasons (Calendar and the common Google API set). */
  public static final Set<String> GOOGLE_REASONS = Set.of(
      "rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded", "dailyLimitExceeded", "limitExceeded",
      "variableTermLimitExceeded", "authError", "notFound", "forbidden", "timeRangeEmpty", "backendError",
      "internalError", "badRequest", "invalid", "invalidParameter", "required", "duplicate", "conflict",
      "deleted", "fullSyncRequired", "updatedMinTooLongAgo", "insufficientPermissions", "requiredAccessLevel",
      "unauthorized", "notImplemented");

  /** OAuth 2.0 error codes (RFC 6749 §5.2, RFC 6750 §3.1). */
  public static final Set<String> OAUTH_ERRORS = Set.of(
      "invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type",
      "invalid_scope", "access_denied", "invalid_token", "insufficient_scope", "server_error",
      "temporarily_unavailable");

  private static final Pattern CODE = Pattern.compile("[A-Za-z][A-Za-z0-9_.\\-]{0,63}");
  private static final VendorReasons DEFAULTS = new VendorReasons(union(GOOGLE_REASONS, OAUTH_ERRORS));

  private final Set<String> codes;

  private VendorReasons(Set<String> codes) {
    for (String c : codes) {
      if (c == null || !CODE.matcher(c).matches()) {
        throw new ValidationException("a vendor reason code must be a letter then up to 63 letters, digits, "
            + "'_', '.' or '-'");
      }
    }
    this.codes = Set.copyOf(codes);
  }

  /** Google's reasons and the OAuth error codes. */
  public static VendorReasons defaults() {
    return DEFAULTS;
  }

  /** An empty list: every reason is shown as {@value #UNRECOGNIZED}. */
  public static VendorReasons none() {
    return new VendorReasons(Set.of());
  }

  /** A copy that also lets these codes through (a vendor's documented, fixed vocabulary). */
  public VendorReasons allowing(String... more) {
    Checks.notNull(more, "vendor reason codes");
    Set<String> all = new LinkedHashSet<>(codes);
    for (String c : more) {
      all.add(c);
    }
    return new VendorReasons(all);
  }

  /** Whether {@code reason} is on the list (exactly). */
  public boolean isKnown(@Nullable String reason) {
    return reason != null && codes.contains(reason);
  }

  /** {@code reason} when it is on the list, {@value #NONE} when absent or blank, else {@value #UNRECOGNIZED}. */
  public String shown(@Nullable String reason) {
    if (reason == null || reason.isBlank()) {
      return NONE;
    }
    return codes.contains(reason) ? reason : UNRECOGNIZED;
  }

  /** The codes on the list. */
  public Set<String> codes() {
    return codes;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new LinkedHashSet<>(a);
    out.addAll(b);
    return out;
  }

  @Override
  public String toString() {
    return "VendorReasons[" + codes.size() + " codes]";
  }
}
