package dev.clinicsync.connectors.kit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.Checks;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import okhttp3.Headers;
import org.w3c.dom.Document;

/**
 * A successful vendor response, read whole: status, headers, request id and body bytes, with
 * parsing helpers that fail the classified way (an empty body is retryable, a malformed one
 * permanent). Its {@link #toString()} never shows the body.
 */
public final class VendorResponse {
  private final int status;
  private final Headers headers;
  private final byte[] body;
  private final HttpErrorClassifier classifier;

  public VendorResponse(int status, Headers headers, byte[] body, HttpErrorClassifier classifier) {
    this.status = status;
    this.headers = Checks.notNull(headers, "response headers");
    this.body = Checks.notNull(body, "response body").clone();
    this.classifier = Checks.notNull(classifier, "error classifier");
  }

  public int status() {
    return status;
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }

  public Headers headers() {
    return headers;
  }

  /** The vendor's request id, when it sent one. */
  public Optional<String> requestId() {
    return classifier.requestId(headers::get);
  }

  /** A copy of the body. */
  public byte[] body() {
    return body.clone();
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public boolean isEmpty() {
    return body.length == 0;
  }

  /** The body as a JSON tree; see {@link VendorJson#read(byte[], HttpErrorClassifier, int, String)}. */
  public JsonNode json() {
    return VendorJson.read(body, classifier, status, requestId().orElse(null));
  }

  /** The body as a JSON document of a type. */
  public <T> T json(Class<T> type) {
    return VendorJson.read(body, type, classifier, status, requestId().orElse(null));
  }

  /** The body as an XML document, parsed by {@link SafeXml}. */
  public Document xml() {
    return SafeXml.parse(body, classifier, status, requestId().orElse(null));
  }

  /**
   * A permanent failure for a payload the connector could not make sense of as a whole (a
   * missing envelope field); {@code what} must be PHI-free. Per-record problems are
   * {@link dev.clinicsync.core.connector.RecordIssue}s instead.
   */
  public PermanentConnectorException malformed(String what) {
    return classifier.malformed(what, status, requestId().orElse(null));
  }

  @Override
  public String toString() {
    return "VendorResponse[" + status + ", " + body.length + " bytes"
        + requestId().map(id -> ", request id " + id).orElse("") + "]";
  }
}
