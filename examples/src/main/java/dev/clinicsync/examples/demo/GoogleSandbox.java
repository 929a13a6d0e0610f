package dev.clinicsync.examples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clinicsync.examples.demo.DemoSandboxes.Request;
import dev.clinicsync.examples.demo.DemoSandboxes.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Google Calendar for the demo's clinicians: one calendar each (their address) under
 * {@code /google/<clinician>/calendar/v3/calendars/<address>/events}, with events.list (a full list
 * of the window in pages, then changes after a {@code nextSyncToken}, deleted events included as
 * {@code status=cancelled}), events.get, insert with the client's id (409 when taken), PATCH and
 * DELETE conditional on {@code If-Match} (412 when stale), ETags that change on every write, and
 * the OAuth token endpoint. The calendars are kept in a JSON file between runs, as Google keeps
 * them, so the second run's sync token and mirrors are still valid.
 */
public final class GoogleSandbox {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final java.util.regex.Pattern EVENTS =
      java.util.regex.Pattern.compile("/calendar/v3/calendars/([^/]+)/events(?:/([^/]+))?");
  private static final int PAGE = 50;

  /** What the SDK did in Google and what Google holds. */
  public record Stats(int inserts, int patches, int deletes, long liveMirrors, long personalEvents) {}

  private static final class Calendar {
    final Map<String, ObjectNode> events = new LinkedHashMap<>();
    final Map<String, Long> changedAt = new LinkedHashMap<>();
  }

  private final Map<String, Calendar> calendars = new LinkedHashMap<>();
  private final Path file;
  private final Map<String, String> zones = new LinkedHashMap<>();
  private long sequence;
  private long etags;
  private int inserts;
  private int patches;
  private int deletes;

  private GoogleSandbox(Path file) {
    this.file = file;
  }

  static GoogleSandbox load(DemoPractice practice, Path file) {
    GoogleSandbox g = new GoogleSandbox(file);
    practice.clinicians().stream().filter(DemoClinician::google).forEach(c -> {
      g.calendars.put(c.id(), new Calendar());
      g.zones.put(c.id(), c.zone().getId());
    });
    if (Files.exists(file)) {
      g.read();
    }
    for (DemoBusy b : practice.busy()) {
      Calendar cal = g.calendars.get(b.clinician());
      if (cal != null && !cal.events.containsKey(b.id())) {
        g.personal(b);
      }
    }
    return g;
  }

  private void personal(DemoBusy b) {
    String zone = zones.getOrDefault(b.clinician(), "UTC");
    ObjectNode e = JSON.createObjectNode();
    e.put("kind", "calendar#event");
    e.put("status", "confirmed");
    e.put("summary", b.title());
    e.put("description", "personal: " + b.title());
    e.set("creator", JSON.createObjectNode().put("email", b.clinician() + "@practice.example").put("self", true));
    e.set("start", JSON.createObjectNode().put("dateTime", time(b.start(), zone)).put("timeZone", zone));
    e.set("end", JSON.createObjectNode().put("dateTime", time(b.end(), zone)).put("timeZone", zone));
    e.put("iCalUID", b.id() + "@google.com");
    store(b.clinician(), b.id(), e);
  }

  private static String time(Instant t, String zone) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atZone(java.time.ZoneId.of(zone)).toOffsetDateTime());
  }

  synchronized Response handle(Request r) {
    if (r.path().equals("/google/token")) {
      return Response.json(200, "{\"access_token\":\"ya29.demo-access-token\",\"expires_in\":3599,"
          + "\"scope\":\"https://www.googleapis.com/auth/calendar.events\",\"token_type\":\"Bearer\"}");
    }
    String rest = r.path().substring("/google/".length());
    int slash = rest.indexOf('/');
    Calendar cal = slash < 0 ? null : calendars.get(rest.substring(0, slash));
    if (cal == null || DemoSandboxes.bearer(r).isEmpty()) {
      return error(cal == null ? 404 : 401, cal == null ? "notFound" : "authError");
    }
    String clinician = rest.substring(0, slash);
    java.util.regex.Matcher m = EVENTS.matcher(rest.substring(slash));
    if (!m.matches() || !m.group(1).equals(clinician + "@practice.example")) {
      return error(404, "notFound");
    }
    String id = m.group(2);
    if (id == null && r.method().equals("GET")) {
      return list(cal, r);
    }
    if (id == null && r.method().equals("POST")) {
      ObjectNode body = read(r.body());
      String newId = body.path("id").asText("");
      List<String> unset = new ArrayList<>();
      body.fields().forEachRemaining(e -> {
        if (e.getValue().isNull()) {
          unset.add(e.getKey());
        }
      });
      unset.forEach(body::remove);
      if (newId.isEmpty()) {
        return error(400, "invalid");
      }
      if (cal.events.containsKey(newId)) {
        return error(409, "duplicate");
      }
      body.put("kind", "calendar#event");
      body.put("status", body.path("status").asText("confirmed"));
      store(clinician, newId, body);
      inserts++;
      return Response.json(200, body.toString());
    }
    if (id == null) {
      return error(400, "badRequest");
    }
    ObjectNode event = cal.events.get(id);
    switch (r.method()) {
      case "GET":
        return event == null ? error(404, "notFound") : Response.json(200, event.toString());
      case "PATCH": {
        if (event == null) {
          return error(404, "notFound");
        }
        if (!event.path("etag").asText().equals(r.header("If-Match"))) {
          return error(412, "conditionNotMet");
        }
        read(r.body()).fields().forEachRemaining(e -> {
          if (e.getValue().isNull()) {
            event.remove(e.getKey());
          } else {
            event.set(e.getKey(), e.getValue());
          }
        });
        store(clinician, id, event);
        patches++;
        return Response.json(200, event.toString());
      }
      case "DELETE": {
        if (event == null) {
          return error(404, "notFound");
        }
        if ("cancelled".equals(event.path("status").asText())) {
          return error(410, "deleted");
        }
        if (r.header("If-Match") != null && !event.path("etag").asText().equals(r.header("If-Match"))) {
          return error(412, "conditionNotMet");
        }
        event.put("status", "cancelled");
        store(clinician, id, event);
        deletes++;
        return Response.of(204, "application/json", "");
      }
      default:
        return error(400, "badRequest");
    }
  }

  private Response list(Calendar cal, Request r) {
    String token = r.param("syncToken");
    long since;
    try {
      since = token == null ? -1 : Long.parseLong(token.substring("sync-".length()));
    } catch (RuntimeException e) {
      return error(410, "fullSyncRequired");
    }
    Instant min = instant(r.param("timeMin"));
    Instant max = instant(r.param("timeMax"));
    List<ObjectNode> matching = new ArrayList<>();
    for (Map.Entry<String, ObjectNode> e : cal.events.entrySet()) {
      ObjectNode ev = e.getValue();
      boolean cancelled = "cancelled".equals(ev.path("status").asText());
      if (token != null) {
        if (cal.changedAt.getOrDefault(e.getKey(), 0L) > since) {
          matching.add(ev);
        }
      } else if (!cancelled && overlaps(ev, min, max)) {
        matching.add(ev);
      }
    }
    int from = 0;
    String pageToken = r.param("pageToken");
    if (pageToken != null) {
      from = Integer.parseInt(pageToken.substring("p".length()));
    }
    int size = PAGE;
    String max1 = r.param("maxResults");
    if (max1 != null) {
      size = Math.max(1, Math.min(PAGE, Integer.parseInt(max1)));
    }
    int to = Math.min(matching.size(), from + size);
    ObjectNode page = JSON.createObjectNode();
    page.put("kind", "calendar#events").put("summary", "primary").put("timeZone", "America/New_York")
        .put("accessRole", "owner");
    if (to < matching.size()) {
      page.put("nextPageToken", "p" + to);
    } else {
      page.put("nextSyncToken", "sync-" + sequence);
    }
    ArrayNode items = page.putArray("items");
    matching.subList(from, to).forEach(ev -> items.add(ev.deepCopy()));
    return Response.json(200, page.toString());
  }

  private static boolean overlaps(JsonNode ev, @Nullable Instant min, @Nullable Instant max) {
    Instant start = instant(ev.path("start").path("dateTime").asText(null));
    Instant end = instant(ev.path("end").path("dateTime").asText(null));
    if (start == null || end == null) {
      return true;
    }
    return (max == null || start.isBefore(max)) && (min == null || end.isAfter(min));
  }

  private static @Nullable Instant instant(@Nullable String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private void store(String clinician, String id, ObjectNode event) {
    Calendar cal = calendars.computeIfAbsent(clinician, k -> new Calendar());
    event.put("id", id);
    event.put("etag", "\"" + (++etags) + "\"");
    event.put("updated", Instant.EPOCH.plusSeconds(1_700_000_000L + etags).toString());
    cal.events.put(id, event);
    cal.changedAt.put(id, ++sequence);
  }

  synchronized Stats stats() {
    long mirrors = 0;
    long personal = 0;
    for (Calendar c : calendars.values()) {
      for (ObjectNode e : c.events.values()) {
        boolean live = !"cancelled".equals(e.path("status").asText());
        boolean ours = e.path("extendedProperties").path("private").size() > 0;
        if (live && ours) {
          mirrors++;
        } else if (live) {
          personal++;
        }
      }
    }
    return new Stats(inserts, patches, deletes, mirrors, personal);
  }

  // ------------------------------------------------------------------ the state between runs

  private void read() {
    try {
      JsonNode root = JSON.readTree(file.toFile());
      sequence = root.path("sequence").asLong();
      etags = root.path("etags").asLong();
      for (Iterator<Map.Entry<String, JsonNode>> it = root.path("calendars").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> c = it.next();
        Calendar cal = calendars.get(c.getKey());
        if (cal == null) {
          continue;
        }
        for (JsonNode e : c.getValue()) {
          ObjectNode ev = (ObjectNode) e.get("event");
          cal.events.put(ev.path("id").asText(), ev);
          cal.changedAt.put(ev.path("id").asText(), e.path("changedAt").asLong());
        }
      }
    } catch (IOException | RuntimeException e) {
      // an unreadable state is a fresh Google: the SDK's sync token then gets 410 and a full sync
      calendars.values().forEach(c -> {
        c.events.clear();
        c.changedAt.clear();
      });
      sequence = 0;
    }
  }

  synchronized void save() {
    ObjectNode root = JSON.createObjectNode();
    root.put("sequence", sequence).put("etags", etags);
    ObjectNode cals = root.putObject("calendars");
    calendars.forEach((id, cal) -> {
      ArrayNode a = cals.putArray(id);
      cal.events.forEach((eid, ev) -> a.addObject().put("changedAt", cal.changedAt.getOrDefault(eid, 0L)).set("event", ev));
    });
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, root.toString());
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("the Google sandbox could not keep its calendars", e);
    }
  }

  private static ObjectNode read(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      return n instanceof ObjectNode o ? o : JSON.createObjectNode();
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static Response error(int status, String reason) {
    return Response.json(status, "{\"error\":{\"errors\":[{\"domain\":\"global\",\"reason\":\"" + reason + "\"}],\"code\":"
        + status + ",\"message\":\"" + reason + "\"}}");
  }
}
