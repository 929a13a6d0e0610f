package dev.clinicsync.core.model;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;

/**
 * A pseudonymous patient token — never a name, never an MRN. Built by
 * {@link dev.clinicsync.core.phi.PatientTokenizer} as an HMAC of the vendor's patient id, so the
 * same patient gets the same token across syncs without being named.
 *
 * @param token 16 to 128 characters of letters, digits, {@code -} and {@code _}
 */
public record PatientRef(String token) {

  public PatientRef {
    Checks.notBlank(token, "patient token");
    if (!valid(token)) {
      throw new ValidationException(
          "patient token must be 16-128 characters of letters, digits, '-' and '_' (length "
              + token.length() + "); use PatientTokenizer, never a raw patient id");
    }
  }

  /** {@code [A-Za-z0-9_-]{16,128}} without a regex: tokens are checked for every record synced. */
  private static boolean valid(String token) {
    int n = token.length();
    if (n < 16 || n > 128) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = token.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  public static PatientRef of(String token) {
    return new PatientRef(token);
  }

  /** Shows a short prefix only: enough to tell two tokens apart in a debugger, no more. */
  @Override
  public String toString() {
    return "PatientRef[" + token.substring(0, 8) + "…]";
  }
}
