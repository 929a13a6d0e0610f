package dev.clinicsync.connectors.athena.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clinicsync.connectors.kit.VendorJson;
import dev.clinicsync.core.Checks;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a page token carries from one page of a fetch to the next: the server's {@code next} link,
 * the server time of the first page (the next {@code _lastUpdated} cursor), the latest
 * {@code meta.lastUpdated} seen, and — for a windowed cursor — the versions seen so far. Ids,
 * versions and a URL of our own query only.
 *
 * @param next the {@code Bundle.link[next]} URL
 * @param searchTime {@code Bundle.meta.lastUpdated} of the first page, when the server gave it
 * @param latestUpdate the latest {@code meta.lastUpdated} of the appointments read so far
 * @param seen appointment id to version, of every appointment read so far
 */
public record PageState(String next, Optional<Instant> searchTime, Optional<Instant> latestUpdate, Map<String, String> seen) {
  private static final ObjectMapper JSON = VendorJson.newMapper();

  public PageState {
    Checks.notBlank(next, "next page link");
    Checks.notNull(searchTime, "search time");
    Checks.notNull(latestUpdate, "latest update");
    seen = Map.copyOf(Checks.notNull(seen, "seen versions"));
  }

  public String encode() {
    ObjectNode node = JSON.createObjectNode().put("next", next);
    searchTime.ifPresent(t -> node.put("searchTime", t.toString()));
    latestUpdate.ifPresent(t -> node.put("latest", t.toString()));
    ObjectNode s = node.putObject("seen");
    seen.forEach(s::put);
    return node.toString();
  }

  /** The state a token stands for; empty when this connector did not issue it. */
  public static Optional<PageState> decode(String token) {
    try {
      JsonNode node = JSON.readTree(token);
      if (node == null || !node.path("next").isTextual()) {
        return Optional.empty();
      }
      Map<String, String> seen = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : node.path("seen").properties()) {
        seen.put(e.getKey(), e.getValue().asText());
      }
      return Optional.of(new PageState(node.path("next").asText(), instant(node.path("searchTime")),
          instant(node.path("latest")), seen));
    } catch (java.io.IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> instant(JsonNode n) {
    return n.isTextual() ? Optional.of(Instant.parse(n.asText())) : Optional.empty();
  }

  @Override
  public String toString() {
    return "PageState[" + seen.size() + " seen]";
  }
}
