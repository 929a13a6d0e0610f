package dev.clinicsync.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.sync.SyncReport;
import dev.clinicsync.sync.writes.WriteRunReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

  /**
   * One connector's sync as the {@code sync} document lists it: {@code connector}, {@code mode},
   * {@code outcome}, {@code created}, {@code updated}, {@code deleted}, {@code unchanged},
   * {@code busyBlocksUpserted}, {@code busyBlocksRemoved}, {@code elapsed}, {@code skipped},
   * {@code heldPlan}, {@code errors}.
   */
  static Map<String, Object> syncRow(SyncReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("connector", r.connector().value());
    m.put("mode", r.mode().name());
    m.put("outcome", r.outcome().name());
    m.put("created", r.created());
    m.put("updated", r.updated());
    m.put("deleted", r.deleted());
    m.put("unchanged", r.unchanged());
    m.put("busyBlocksUpserted", r.busyBlocksUpserted());
    m.put("busyBlocksRemoved", r.busyBlocksRemoved());
    m.put("elapsed", r.duration().toString());
    m.put("skipped", issues(r.skipped()));
    m.put("heldPlan", r.heldPlan().orElse(null));
    m.put("errors", r.errors());
    return m;
  }

  /** A skipped record: {@code severity}, {@code field}, {@code reason} (PHI-free by RecordIssue's contract). */
  static Map<String, Object> issue(RecordIssue i) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("severity", i.severity().name());
    s.put("field", i.field());
    s.put("reason", i.reason());
    return s;
  }

  static List<Map<String, Object>> issues(List<RecordIssue> issues) {
    List<Map<String, Object>> out = new ArrayList<>();
    issues.forEach(i -> out.add(issue(i)));
    return out;
  }

  /** The mirror writes of a run: {@code attempted}, {@code written}, {@code retried}, {@code deadLettered}. */
  static Map<String, Object> writes(int attempted, int written, int retried, int deadLettered) {
    Map<String, Object> w = new LinkedHashMap<>();
    w.put("attempted", attempted);
    w.put("written", written);
    w.put("retried", retried);
    w.put("deadLettered", deadLettered);
    return w;
  }

  static Map<String, Object> writes(WriteRunReport r) {
    return writes(r.attempted(), r.written(), r.retried(), r.deadLettered());
  }

  /** A skipped record in a table listing: {@code   connector: skipped a record, field 'start': reason}. */
  static String issueLine(String connector, RecordIssue i) {
    return "  " + connector + ": " + i.severity().name().toLowerCase(Locale.ROOT) + " a record, field '" + i.field()
        + "': " + i.reason();
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
