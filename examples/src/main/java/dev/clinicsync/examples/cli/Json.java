package dev.clinicsync.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CLI's JSON output: every document is an object whose first two fields are
 * {@code "command"} and {@code "version"} (of that command's document shape, raised only when a
 * field changes meaning or goes away), followed by the command's fields. Instants are ISO-8601 UTC
 * strings, durations ISO-8601 ({@code PT50M}), ids plain strings.
 */
final class Json {
  static final int VERSION = 1;
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  /** A document for a command, to which the command adds its fields in order. */
  static Map<String, Object> document(String command) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("command", command);
    doc.put("version", VERSION);
    return doc;
  }

  static void print(PrintWriter out, Map<String, Object> doc) {
    try {
      out.println(MAPPER.writeValueAsString(doc));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a CLI document could not be written as JSON", e);
    }
  }
}
