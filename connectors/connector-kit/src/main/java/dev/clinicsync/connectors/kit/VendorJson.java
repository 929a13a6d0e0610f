package dev.clinicsync.connectors.kit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The one Jackson configuration for vendor JSON: no default typing (never enabled), unknown
 * properties ignored (vendors add fields), trailing tokens refused, source snippets left out of
 * error locations, java.time support, and {@link StreamReadConstraints} limits on document size,
 * nesting depth, string and number length — a hostile or broken vendor cannot exhaust memory or
 * the stack.
 *
 * <p>Use {@link #reader()} (immutable, shared) or {@link #read}; {@link #newMapper()} gives a
 * fresh mapper with the same settings for connectors that must register their own modules.
 */
public final class VendorJson {
  /** Deepest accepted nesting of arrays and objects. */
  public static final int MAX_NESTING_DEPTH = 64;
  /** Longest accepted document, in bytes or chars. */
  public static final long MAX_DOCUMENT_LENGTH = 32L * 1024 * 1024;
  /** Longest accepted string value, in chars. */
  public static final int MAX_STRING_LENGTH = 1024 * 1024;
  /** Longest accepted number, in chars. */
  public static final int MAX_NUMBER_LENGTH = 64;

  private static final ObjectReader READER = newMapper().reader();

  private VendorJson() {}

  /** The limits every vendor document is read under. */
  public static StreamReadConstraints constraints() {
    return StreamReadConstraints.builder()
        .maxNestingDepth(MAX_NESTING_DEPTH)
        .maxDocumentLength(MAX_DOCUMENT_LENGTH)
        .maxStringLength(MAX_STRING_LENGTH)
        .maxNumberLength(MAX_NUMBER_LENGTH)
        .build();
  }

  /** A fresh mapper with the vendor configuration. */
  public static ObjectMapper newMapper() {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(constraints())
        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        .build();
    return JsonMapper.builder(factory)
        .addModule(new JavaTimeModule())
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .build();
  }

  /** The shared, immutable reader with the vendor configuration. */
  public static ObjectReader reader() {
    return READER;
  }

  /**
   * Reads a JSON tree.
   *
   * @throws dev.clinicsync.core.RetryableConnectorException when the body is empty or blank
   * @throws dev.clinicsync.core.PermanentConnectorException when it is not JSON within the limits;
   *     the message gives the line and column, never the content
   */
  public static JsonNode read(byte[] body, HttpErrorClassifier classifier, int status,
      @Nullable String requestId) {
    return read(body, JsonNode.class, classifier, status, requestId);
  }

  /** Reads a JSON document into a type, with the failures of {@link #read(byte[], HttpErrorClassifier, int, String)}. */
  public static <T> T read(byte[] body, Class<T> type, HttpErrorClassifier classifier, int status,
      @Nullable String requestId) {
    if (isBlank(body)) {
      throw classifier.emptyResponse(status, requestId);
    }
    try {
      T value = READER.readValue(body, type);
      if (value == null) {
        throw classifier.malformed("JSON null where a document was expected", status, requestId);
      }
      return value;
    } catch (JsonProcessingException e) {
      throw classifier.malformed(describe(e), status, requestId);
    } catch (IOException e) {
      throw classifier.malformed("unreadable JSON (" + e.getClass().getSimpleName() + ")", status, requestId);
    }
  }

  /**
   * A PHI-free description of a Jackson failure: the kind, the JSON path of field names and
   * indexes, and the location — never the offending value.
   */
  public static String describe(JsonProcessingException e) {
    StringBuilder sb = new StringBuilder();
    if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      sb.append("unexpected value at $");
      for (JsonMappingException.Reference ref : m.getPath()) {
        if (ref.getFieldName() != null) {
          sb.append('.').append(ref.getFieldName());
        } else if (ref.getIndex() >= 0) {
          sb.append('[').append(ref.getIndex()).append(']');
        }
      }
    } else {
      sb.append("invalid JSON");
    }
    JsonLocation loc = e.getLocation();
    if (loc != null && loc.getLineNr() > 0) {
      sb.append(" at line ").append(loc.getLineNr()).append(", column ").append(loc.getColumnNr());
    }
    return sb.append(" (").append(e.getClass().getSimpleName()).append(')').toString();
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }
}
