package dev.clinicsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A stateful Google Calendar behind WireMock: one calendar ({@code primary}) with events.list (a
 * full list, then incremental changes after a sync token), events.get, insert with client-chosen
 * ids (409 when taken), PATCH and DELETE conditional on {@code If-Match} (412 when stale, 404 when
 * absent), deleted events kept as {@code status=cancelled}, ETags that change on every write, and
 * the token endpoint. Faults are scripted per method ({@link #failNext}), including a write that is
 * applied and then has its answer lost ({@link #applyThenDrop}). A third writer (a person in Google,
 * another sync tool) edits and deletes events with {@link #editAsPerson} and {@link #deleteAsPerson}.
 */
final class FakeGoogleCalendar implements ResponseDefinitionTransformerV2 {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EVENTS = "/calendar/v3/calendars/primary/events";

  /** A scripted answer to the next request of one method. */
  private record Fault1(String method, Function<LoggedRequest, ResponseDefinition> answer, boolean applyFirst,
      int delayMillis) {}

  private final Map<String, ObjectNode> events = new LinkedHashMap<>();
  private final Map<String, Long> changedAt = new LinkedHashMap<>();
  private final Deque<Fault1> faults = new ArrayDeque<>();
  private long sequence;
  private int etags;
  /** Successful writes (insert, patch, delete) by anyone through the API. */
  private int apiWrites;
  /** Inserts that created an event. */
  private int inserts;
  private final List<String> log = new ArrayList<>();

  @Override
  public String getName() {
    return "fake-google-calendar";
  }

  @Override
  public synchronized ResponseDefinition transform(ServeEvent serveEvent) {
    LoggedRequest r = serveEvent.getRequest();
    String method = r.getMethod().getName();
    String path = r.getUrl().contains("?") ? r.getUrl().substring(0, r.getUrl().indexOf('?')) : r.getUrl();
    if (path.equals("/token")) {
      return json(200, "{\"access_token\":\"ya29.fake\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
    }
    log.add(method + " " + path);
    for (Iterator<Fault1> it = faults.iterator(); it.hasNext(); ) {
      Fault1 f = it.next();
      if (f.method().equals(method)) {
        it.remove();
        if (f.delayMillis() > 0) {
          return ResponseDefinitionBuilder.like(handle(method, path, r)).withFixedDelay(f.delayMillis()).build();
        }
        if (f.applyFirst()) {
          handle(method, path, r);
        }
        return f.answer().apply(r);
      }
    }
    return handle(method, path, r);
  }

  private ResponseDefinition handle(String method, String path, LoggedRequest r) {
    if (path.equals(EVENTS) && method.equals("GET")) {
      return list(r);
    }
    if (path.equals(EVENTS) && method.equals("POST")) {
      ObjectNode body = read(r.getBodyAsString());
      String id = body.path("id").asText();
      List<String> unset = new ArrayList<>();
      body.fields().forEachRemaining(e -> {
        if (e.getValue().isNull()) {
          unset.add(e.getKey()); // Google treats an explicit null as "not set"
        }
      });
      unset.forEach(body::remove);
      if (events.containsKey(id)) {
        return error(409, "duplicate");
      }
      body.put("status", body.path("status").asText("confirmed"));
      store(id, body);
      apiWrites++;
      inserts++;
      return json(200, events.get(id).toString());
    }
    if (!path.startsWith(EVENTS + "/")) {
      return error(404, "notFound");
    }
    String id = path.substring(EVENTS.length() + 1);
    ObjectNode event = events.get(id);
    switch (method) {
      case "GET":
        return event == null ? error(404, "notFound") : json(200, event.toString());
      case "PATCH": {
        if (event == null) {
          return error(404, "notFound");
        }
        if (!event.path("etag").asText().equals(r.getHeader("If-Match"))) {
          return error(412, "conditionNotMet");
        }
        ObjectNode changes = read(r.getBodyAsString());
        changes.fields().forEachRemaining(e -> {
          if (e.getValue().isNull()) {
            event.remove(e.getKey());
          } else {
            event.set(e.getKey(), e.getValue());
          }
        });
        store(id, event);
        apiWrites++;
        return json(200, event.toString());
      }
      case "DELETE": {
        if (event == null) {
          return error(404, "notFound");
        }
        if ("cancelled".equals(event.path("status").asText())) {
          return error(410, "deleted");
        }
        if (!event.path("etag").asText().equals(r.getHeader("If-Match"))) {
          return error(412, "conditionNotMet");
        }
        event.put("status", "cancelled");
        store(id, event);
        apiWrites++;
        return ResponseDefinitionBuilder.responseDefinition().withStatus(204).build();
      }
      default:
        return error(400, "badRequest");
    }
  }

  private ResponseDefinition list(LoggedRequest r) {
    String token = r.queryParameter("syncToken").isPresent() ? r.queryParameter("syncToken").firstValue() : null;
    long since = token == null ? -1 : Long.parseLong(token.substring("sync-".length()));
    ObjectNode page = JSON.createObjectNode();
    page.put("kind", "calendar#events").put("timeZone", "America/New_York").put("nextSyncToken", "sync-" + sequence);
    ArrayNode items = page.putArray("items");
    for (Map.Entry<String, ObjectNode> e : events.entrySet()) {
      boolean cancelled = "cancelled".equals(e.getValue().path("status").asText());
      if (token == null ? !cancelled : changedAt.get(e.getKey()) > since) {
        items.add(e.getValue().deepCopy());
      }
    }
    return json(200, page.toString());
  }

  private void store(String id, ObjectNode event) {
    event.put("id", id);
    event.put("etag", "\"" + (++etags) + "\"");
    events.put(id, event);
    changedAt.put(id, ++sequence);
  }

  // ---- scripting ----

  /** The next {@code times} requests of {@code method} get the answer instead of being served. */
  synchronized void failNext(String method, int times, Function<LoggedRequest, ResponseDefinition> answer) {
    for (int i = 0; i < times; i++) {
      faults.add(new Fault1(method, answer, false, 0));
    }
  }

  /** The next request of {@code method} is applied, then its answer is lost (the connection is reset). */
  synchronized void applyThenDrop(String method) {
    faults.add(new Fault1(method, r -> ResponseDefinitionBuilder.responseDefinition()
        .withFault(Fault.CONNECTION_RESET_BY_PEER).build(), true, 0));
  }

  /** The next request of {@code method} is applied, and answered only after {@code millis} (the client times out). */
  synchronized void applyThenStall(String method, int millis) {
    faults.add(new Fault1(method, r -> null, true, millis));
  }

  static ResponseDefinition status(int status, String reason, Map<String, String> headers) {
    ResponseDefinitionBuilder b = ResponseDefinitionBuilder.responseDefinition().withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"error\":{\"errors\":[{\"domain\":\"usageLimits\",\"reason\":\"" + reason
            + "\",\"message\":\"Rate Limit Exceeded\"}],\"code\":" + status + ",\"message\":\"Rate Limit Exceeded\"}}");
    headers.forEach(b::withHeader);
    return b.build();
  }

  /** A person moves an event in Google (another writer): a new ETag, seen by the next incremental list. */
  synchronized void editAsPerson(String id, String start, String end) {
    ObjectNode event = events.get(id);
    event.set("start", JSON.createObjectNode().put("dateTime", start).put("timeZone", "America/New_York"));
    event.set("end", JSON.createObjectNode().put("dateTime", end).put("timeZone", "America/New_York"));
    store(id, event);
  }

  /** A person deletes an event in Google: it stays as {@code status=cancelled}, with its properties. */
  synchronized void deleteAsPerson(String id) {
    ObjectNode event = events.get(id);
    event.put("status", "cancelled");
    store(id, event);
  }

  /** A third writer (another tool) creates its own event, not marked as ours. */
  synchronized void createAsOtherTool(String id, String start, String end) {
    ObjectNode event = JSON.createObjectNode();
    event.put("summary", "Blocked by another tool").put("status", "confirmed");
    event.set("start", JSON.createObjectNode().put("dateTime", start));
    event.set("end", JSON.createObjectNode().put("dateTime", end));
    store(id, event);
  }

  synchronized Optional<JsonNode> event(String id) {
    return Optional.ofNullable(events.get(id)).map(JsonNode::deepCopy);
  }

  /** Events that are not cancelled. */
  synchronized long liveEvents() {
    return events.values().stream().filter(e -> !"cancelled".equals(e.path("status").asText())).count();
  }

  synchronized int inserts() {
    return inserts;
  }

  synchronized int apiWrites() {
    return apiWrites;
  }

  synchronized List<String> requests() {
    return List.copyOf(log);
  }

  synchronized long count(String methodAndPathPrefix) {
    return log.stream().filter(l -> l.startsWith(methodAndPathPrefix)).count();
  }

  // ---- helpers ----

  private static ObjectNode read(String body) {
    try {
      return (ObjectNode) JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ResponseDefinition json(int status, String body) {
    return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
        .withHeader("Content-Type", "application/json").withBody(body).build();
  }

  private static ResponseDefinition error(int status, String reason) {
    return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"error\":{\"errors\":[{\"domain\":\"global\",\"reason\":\"" + reason + "\"}],\"code\":"
            + status + "}}").build();
  }
}
