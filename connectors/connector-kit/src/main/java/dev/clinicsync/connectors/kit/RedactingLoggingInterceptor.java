package dev.clinicsync.connectors.kit;

import dev.clinicsync.core.Checks;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each request at DEBUG — method, redacted URL, status, duration, vendor request id — and
 * its request and response header names at TRACE, each value shown only when its header is on the
 * {@link Redaction}'s allow-list (every other value masked: a {@code Content-Disposition} filename
 * or a vendor's custom header never reaches a log). Never a body, never an Authorization header,
 * never an unreviewed query value or a patient id in a path.
 */
public final class RedactingLoggingInterceptor implements Interceptor {
  /** The logger used unless another is given. */
  public static final String LOGGER_NAME = "dev.clinicsync.connectors.http";

  private final Redaction redaction;
  private final HttpErrorClassifier classifier;
  private final Logger log;

  public RedactingLoggingInterceptor(Redaction redaction, HttpErrorClassifier classifier) {
    this(redaction, classifier, LoggerFactory.getLogger(LOGGER_NAME));
  }

  public RedactingLoggingInterceptor(Redaction redaction, HttpErrorClassifier classifier, Logger log) {
    this.redaction = Checks.notNull(redaction, "redaction");
    this.classifier = Checks.notNull(classifier, "error classifier");
    this.log = Checks.notNull(log, "logger");
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (!log.isDebugEnabled()) {
      return chain.proceed(request);
    }
    String target = request.method() + " " + redaction.url(request.url());
    if (log.isTraceEnabled()) {
      log.trace("[{}] --> {} headers {}", classifier.connectorId(), target, headers(request.headers()));
    }
    Response response;
    try {
      response = chain.proceed(request);
    } catch (IOException e) {
      log.debug("[{}] {} failed: {}", classifier.connectorId(), target, e.getClass().getSimpleName());
      throw e;
    }
    long millis = response.receivedResponseAtMillis() - response.sentRequestAtMillis();
    log.debug("[{}] {} -> {} ({} ms{})", classifier.connectorId(), target, response.code(), millis,
        classifier.requestId(response).map(id -> ", request id " + id).orElse(""));
    if (log.isTraceEnabled()) {
      log.trace("[{}] <-- {} headers {}", classifier.connectorId(), target, headers(response.headers()));
    }
    return response;
  }

  private String headers(okhttp3.Headers headers) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < headers.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(headers.name(i)).append('=').append(redaction.headerValue(headers.name(i), headers.value(i)));
    }
    return sb.append('}').toString();
  }
}
