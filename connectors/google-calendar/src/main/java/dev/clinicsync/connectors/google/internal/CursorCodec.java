package dev.clinicsync.connectors.google.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clinicsync.core.model.SyncCursor;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Encodes the connector's positions as opaque strings.
 *
 * <ul>
 *   <li>The {@link SyncCursor}: one Google sync token per calendar, as
 *       {@code g1.<base64url of {"v":1,"tokens":{"<calendarId>":"<syncToken>"}}>}.
 *   <li>The FetchPage page token: which calendar the fetch is on, Google's page token within it
 *       (absent at a calendar's first page), and the sync tokens of the calendars already
 *       finished in this fetch, which the last page's cursor needs. Same envelope, with
 *       {@code "cal"}, {@code "page"} and {@code "tokens"}.
 * </ul>
 * A string that does not decode is reported as empty: a broken cursor means a full sync, never a
 * guess.
 */
public final class CursorCodec {
  private static final String PREFIX = "g1.";
  private final ObjectMapper mapper;

  public CursorCodec(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** Where a multi-calendar fetch stands between two pages. */
  public record PagePosition(int calendarIndex, Optional<String> googlePageToken, Map<String, String> finished) {
    public PagePosition {
      finished = Map.copyOf(finished);
    }

    /** The start of a fetch. */
    public static PagePosition start() {
      return new PagePosition(0, Optional.empty(), Map.of());
    }
  }

  public SyncCursor encodeCursor(Map<String, String> tokens) {
    ObjectNode root = mapper.createObjectNode();
    root.put("v", 1);
    root.set("tokens", tokensNode(tokens));
    return SyncCursor.of(wrap(root));
  }

  /** The per-calendar sync tokens of a cursor; empty when it is not one of ours. */
  public Optional<Map<String, String>> decodeCursor(SyncCursor cursor) {
    return unwrap(cursor.value()).flatMap(root -> tokens(root.get("tokens")));
  }

  public String encodePage(PagePosition position) {
    ObjectNode root = mapper.createObjectNode();
    root.put("v", 1);
    root.put("cal", position.calendarIndex());
    position.googlePageToken().ifPresent(p -> root.put("page", p));
    root.set("tokens", tokensNode(position.finished()));
    return wrap(root);
  }

  /** The position a page token stands for; empty when it is not one of ours. */
  public Optional<PagePosition> decodePage(String token) {
    return unwrap(token).flatMap(root -> {
      JsonNode cal = root.get("cal");
      JsonNode page = root.get("page");
      if (cal == null || !cal.canConvertToInt() || cal.asInt() < 0 || (page != null && !page.isTextual())) {
        return Optional.empty();
      }
      return tokens(root.get("tokens")).map(t -> new PagePosition(
          cal.asInt(), Optional.ofNullable(page).map(JsonNode::asText).filter(s -> !s.isBlank()), t));
    });
  }

  private ObjectNode tokensNode(Map<String, String> tokens) {
    ObjectNode node = mapper.createObjectNode();
    tokens.forEach(node::put);
    return node;
  }

  private static Optional<Map<String, String>> tokens(@Nullable JsonNode node) {
    if (node == null || !node.isObject()) {
      return Optional.empty();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
        return Optional.empty();
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return Optional.of(out);
  }

  private String wrap(ObjectNode root) {
    try {
      return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(mapper.writeValueAsBytes(root));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a cursor", e);
    }
  }

  private Optional<JsonNode> unwrap(String value) {
    if (!value.startsWith(PREFIX)) {
      return Optional.empty();
    }
    try {
      byte[] json = Base64.getUrlDecoder().decode(value.substring(PREFIX.length()));
      JsonNode root = mapper.readTree(new String(json, StandardCharsets.UTF_8));
      if (root == null || !root.isObject() || root.path("v").asInt() != 1) {
        return Optional.empty();
      }
      return Optional.of(root);
    } catch (IllegalArgumentException | JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
