package dev.clinicsync.connectors.kit;

import dev.clinicsync.core.ConnectorException;
import java.util.Optional;
import okhttp3.Response;

/**
 * A vendor's additions to the kit's {@link HttpErrorClassifier}: the facts of one vendor's error
 * responses that the generic rules cannot know (Google's 403 {@code rateLimitExceeded} is
 * retryable while a plain 403 is not; its 410 to a sync token is an expired cursor). A connector
 * plugs its rules into {@link ConnectorHttp.Builder#errorRules}; the
 * {@link ErrorClassifyingInterceptor} consults them for every response of status 400 and up
 * before the generic classification, and uses the generic one when they answer empty.
 *
 * <p>Rules build their exceptions with the classifier they are given ({@link HttpErrorClassifier#retryable},
 * {@link HttpErrorClassifier#permanent}, {@link HttpErrorClassifier#classify(int, java.util.function.Function)}),
 * so the connector id, the status, the request id and Retry-After parsing stay the kit's. The body is
 * the vendor's free text: a rule reads a reason code from it, and never puts body text into a
 * message unless the code is on a fixed list of the vendor's documented codes.
 */
@FunctionalInterface
public interface VendorErrorRules {

  /** At most this much of an error body is read for the rules (the rest is never looked at). */
  int MAX_ERROR_BODY_BYTES = 64 * 1024;

  /** No vendor rules: the generic classification only. */
  VendorErrorRules NONE = (response, body, classifier) -> Optional.empty();

  /**
   * The failure an error response stands for by this vendor's rules.
   *
   * @param response the error response (status 400 and up), with its request; its body must not be
   *     read here — {@code body} holds its first {@link #MAX_ERROR_BODY_BYTES} bytes
   * @param body the start of the error body, empty when it had none or could not be read
   * @param classifier the connector's classifier, to build the exception with
   * @return the failure, or empty to leave the response to the generic classification
   */
  Optional<ConnectorException> classify(Response response, byte[] body, HttpErrorClassifier classifier);
}
