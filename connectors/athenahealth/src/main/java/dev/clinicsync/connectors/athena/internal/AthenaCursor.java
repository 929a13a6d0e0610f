package dev.clinicsync.connectors.athena.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clinicsync.connectors.kit.VendorJson;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.SyncCursor;
import dev.clinicsync.core.model.TimeWindow;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The typed content of an athena {@link SyncCursor}, one of two kinds:
 * <ul>
 *   <li>{@link Kind#LAST_UPDATED}: the server time up to which changes were read ({@code _lastUpdated=gt});
 *   <li>{@link Kind#WINDOWED}: the window read and the version of every appointment in it, so a
 *       re-fetch of the window reports only what changed and what vanished.
 * </ul>
 * Encoded as a small JSON object of ids and versions only (no PHI).
 *
 * @param kind which of the two
 * @param since for LAST_UPDATED, the server time read up to
 * @param window for WINDOWED, the window read
 * @param versions for WINDOWED, appointment id to version
 */
public record AthenaCursor(Kind kind, Optional<Instant> since, Optional<TimeWindow> window, Map<String, String> versions) {
  private static final ObjectMapper JSON = VendorJson.newMapper();
  private static final int FORMAT = 1;

  /** The two kinds of cursor. */
  public enum Kind {
    LAST_UPDATED,
    WINDOWED
  }

  public AthenaCursor {
    Checks.notNull(kind, "cursor kind");
    Checks.notNull(since, "cursor since");
    Checks.notNull(window, "cursor window");
    versions = Map.copyOf(Checks.notNull(versions, "cursor versions"));
    if ((kind == Kind.LAST_UPDATED) != since.isPresent() || (kind == Kind.WINDOWED) != window.isPresent()) {
      throw new ValidationException("a " + kind + " cursor needs " + (kind == Kind.LAST_UPDATED ? "a since time" : "a window"));
    }
  }

  public static AthenaCursor lastUpdated(Instant since) {
    return new AthenaCursor(Kind.LAST_UPDATED, Optional.of(since), Optional.empty(), Map.of());
  }

  public static AthenaCursor windowed(TimeWindow window, Map<String, String> versions) {
    return new AthenaCursor(Kind.WINDOWED, Optional.empty(), Optional.of(window), versions);
  }

  /** The cursor as the SDK stores it. */
  public SyncCursor encode() {
    ObjectNode node = JSON.createObjectNode().put("v", FORMAT).put("kind", kind.name());
    since.ifPresent(s -> node.put("since", s.toString()));
    window.ifPresent(w -> node.put("from", w.start().toString()).put("to", w.end().toString()));
    if (kind == Kind.WINDOWED) {
      ObjectNode v = node.putObject("versions");
      versions.forEach(v::put);
    }
    return SyncCursor.of(node.toString());
  }

  /** The cursor an encoded one stands for; empty when it is not one this connector wrote. */
  public static Optional<AthenaCursor> decode(SyncCursor cursor) {
    try {
      JsonNode node = JSON.readTree(cursor.value());
      if (node == null || node.path("v").asInt(0) != FORMAT) {
        return Optional.empty();
      }
      Kind kind = Kind.valueOf(node.path("kind").asText(""));
      if (kind == Kind.LAST_UPDATED) {
        return Optional.of(lastUpdated(Instant.parse(node.path("since").asText(""))));
      }
      TimeWindow w = TimeWindow.of(Instant.parse(node.path("from").asText("")), Instant.parse(node.path("to").asText("")));
      Map<String, String> v = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : node.path("versions").properties()) {
        v.put(e.getKey(), e.getValue().asText());
      }
      return Optional.of(windowed(w, v));
    } catch (java.io.IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "AthenaCursor[" + kind + since.map(s -> " since " + s).orElse("") + window.map(w -> " " + w).orElse("")
        + (kind == Kind.WINDOWED ? ", " + versions.size() + " versions" : "") + "]";
  }
}
