package dev.clinicsync.connectors.athena.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clinicsync.connectors.kit.HttpErrorClassifier;
import dev.clinicsync.connectors.kit.VendorErrorRules;
import dev.clinicsync.connectors.kit.VendorJson;
import dev.clinicsync.core.ConnectorAuthException;
import dev.clinicsync.core.ConnectorException;
import dev.clinicsync.core.RetryableConnectorException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import okhttp3.Response;

/**
 * athena's error responses are FHIR {@code OperationOutcome}s. This reads their issue codes — FHIR's
 * fixed {@code IssueType} vocabulary ({@link #ISSUE_TYPES}), anything else shown as
 * {@code unrecognized} — into the message of the exception the kit's classification chose by status
 * (429 and 5xx retryable with their Retry-After, 401 auth, other 4xx permanent). The issues'
 * {@code diagnostics} and {@code details.text} are free text and never read. A body that is not an
 * OperationOutcome is left to the generic classification.
 */
public final class OperationOutcomeRules implements VendorErrorRules {

  /** FHIR R4 IssueType codes (http://hl7.org/fhir/R4/valueset-issue-type.html). */
  public static final Set<String> ISSUE_TYPES = Set.of(
      "invalid", "structure", "required", "value", "invariant", "security", "login", "unknown", "expired",
      "forbidden", "suppressed", "processing", "not-supported", "duplicate", "multiple-matches", "not-found",
      "deleted", "too-long", "code-invalid", "extension", "too-costly", "business-rule", "conflict",
      "transient", "lock-error", "no-store", "exception", "timeout", "incomplete", "throttled", "informational");

  /** At most this many distinct issue codes are named. */
  private static final int MAX_CODES = 5;

  @Override
  public Optional<ConnectorException> classify(Response response, byte[] body, HttpErrorClassifier classifier) {
    if (body.length == 0) {
      return Optional.empty();
    }
    JsonNode json;
    try {
      json = VendorJson.reader().readTree(body);
    } catch (java.io.IOException | RuntimeException e) {
      return Optional.empty();
    }
    if (json == null || !"OperationOutcome".equals(json.path("resourceType").asText(""))) {
      return Optional.empty();
    }
    Set<String> codes = new LinkedHashSet<>();
    for (JsonNode issue : json.path("issue")) {
      String code = issue.path("code").asText("");
      codes.add(code.isBlank() ? "none" : ISSUE_TYPES.contains(code) ? code : "unrecognized");
      if (codes.size() >= MAX_CODES) {
        break;
      }
    }
    String suffix = " (OperationOutcome issues: " + (codes.isEmpty() ? "none" : String.join(", ", codes)) + ")";
    ConnectorException plain = classifier.classify(response.code(), response::header);
    String requestId = plain.vendorRequestId().orElse(null);
    if (plain instanceof ConnectorAuthException) {
      return Optional.of(classifier.auth("the vendor refused the credentials" + suffix, response.code(), requestId));
    }
    if (plain instanceof RetryableConnectorException r) {
      return Optional.of(classifier.retryable(describe(response.code()) + suffix, response.code(), requestId,
          r.retryAfter().orElse(null), null));
    }
    return Optional.of(classifier.permanent(describe(response.code()) + suffix, response.code(), requestId, null));
  }

  private static String describe(int status) {
    if (status == 429) {
      return "the vendor is rate limiting us";
    }
    return status >= 500 ? "the vendor failed" : "the vendor rejected the request";
  }

  @Override
  public String toString() {
    return "OperationOutcomeRules";
  }
}
