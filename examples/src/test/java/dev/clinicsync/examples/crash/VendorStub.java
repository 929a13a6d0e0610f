package dev.clinicsync.examples.crash;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One WireMock server playing two vendors in their wire formats: Zocdoc's appointment list
 * ({@code GET /v1/appointments}, zero-indexed pages filtered by start time, sorted, with
 * {@code total_count}, behind a client-credentials token) and Google Calendar's event insert and
 * read ({@code POST/GET /calendar/v3/calendars/primary/events[/{id}]}, behind a refresh-token grant).
 * Google is stateful as Google is: an insert under an id already taken answers 409, and each
 * event id's successful inserts are counted, so a test sees a mirror written twice. A listener
 * sees every request as it arrives, so a test can kill a client at a chosen request.
 */
final class VendorStub implements AutoCloseable {
  static final String PROVIDER = "pr_Xq3hT0aB9kLmN2pQ";
  static final String LOCATION = "lo_7JvR2sW4cD1eF6gH";
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final String PATIENT_NAME = "Jordan Testpatient";
  static final String PATIENT_PHONE = "2125550187";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, ObjectNode> appointments = new ConcurrentHashMap<>();
  private final Map<String, Instant> starts = new ConcurrentHashMap<>();
  private final Map<String, ObjectNode> events = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> inserts = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile Consumer<Integer> onRequest = n -> { };
  private final WireMockServer server;

  VendorStub() {
    server = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(12).extensions(new Vendor()));
    server.start();
    server.stubFor(any(urlPathMatching("/.*")).willReturn(aResponse().withTransformers(Vendor.NAME)));
    server.stubFor(post(urlPathEqualTo("/oauth/token")).atPriority(1).willReturn(okJson(
        "{\"access_token\":\"eyJhbGciOiJSUzI1NiJ9.zd\",\"token_type\":\"Bearer\",\"expires_in\":86400,"
            + "\"scope\":\"external.appointment.read\"}")));
    server.stubFor(post(urlPathEqualTo("/token")).atPriority(1).willReturn(okJson(
        "{\"access_token\":\"ya29.a0AfH6SMBx-stub\",\"expires_in\":3599,\"token_type\":\"Bearer\","
            + "\"scope\":\"https://www.googleapis.com/auth/calendar\"}")));
    server.stubFor(get(urlPathEqualTo("/calendar/v3/calendars/primary/events")).atPriority(1).willReturn(okJson(
        "{\"kind\":\"calendar#events\",\"items\":[],\"nextSyncToken\":\"sync-1\"}")));
  }

  String baseUrl() {
    return server.baseUrl();
  }

  String target() {
    URI uri = URI.create(baseUrl());
    return uri.getHost() + ":" + uri.getPort();
  }

  /** Calls {@code listener} with each request's number (1, 2, ...) as it arrives, before it is answered. */
  void onRequest(Consumer<Integer> listener) {
    this.onRequest = listener;
  }

  int requests() {
    return requests.get();
  }

  /** Plants {@code count} confirmed Zocdoc appointments, 40 minutes apart, from {@code first}. */
  void plant(int count, Instant first) {
    for (int i = 0; i < count; i++) {
      String id = String.format(Locale.ROOT, "d04b049a-41b1-4aba-9268-%012d", i);
      Instant start = first.plus(Duration.ofMinutes(40L * i));
      appointments.put(id, appointment(id, start));
      starts.put(id, start);
    }
  }

  List<String> appointmentIds() {
    return List.copyOf(appointments.keySet());
  }

  /** Successful inserts per Google event id (an insert answered 409 does not count). */
  Map<String, Integer> insertsById() {
    Map<String, Integer> out = new java.util.TreeMap<>();
    inserts.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  Map<String, ObjectNode> events() {
    return Map.copyOf(events);
  }

  /** Forgets Google's events and the counts, keeps Zocdoc's appointments. */
  void resetGoogle() {
    events.clear();
    inserts.clear();
    requests.set(0);
  }

  @Override
  public void close() {
    server.stop();
  }

  private static ObjectNode appointment(String id, Instant start) {
    DateTimeFormatter offset = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    ObjectNode a = JsonNodeFactory.instance.objectNode();
    a.put("appointment_id", id);
    a.put("appointment_status", "confirmed");
    a.put("start_time", offset.format(ZonedDateTime.ofInstant(start, NEW_YORK).toOffsetDateTime()));
    a.put("end_time", offset.format(ZonedDateTime.ofInstant(start.plus(Duration.ofMinutes(30)), NEW_YORK).toOffsetDateTime()));
    a.put("time_zone", "America/New_York");
    a.put("provider_location_id", PROVIDER + "|" + LOCATION);
    a.put("visit_reason_id", "pc_FRO-18leckytNKtruw5dLR");
    a.put("patient_type", "existing");
    a.put("created_time_utc", "2026-02-11T15:22:07.391Z");
    a.put("last_modified_time_utc", "2026-02-20T14:03:11.204Z");
    a.put("booked_by", "m2m");
    a.put("notes", "anxious about needles, prefers Dr. Quincy");
    ObjectNode p = a.putObject("patient");
    p.put("developer_patient_id", "dp-" + id.substring(0, 8));
    p.put("patient_id", "pt-" + id.substring(id.length() - 6));
    p.put("first_name", "Jordan");
    p.put("last_name", "Testpatient");
    p.put("date_of_birth", "1984-07-19");
    p.put("phone_number", PATIENT_PHONE);
    p.put("email_address", "jordan.testpatient@example.com");
    p.putArray("gender").add("woman");
    return a;
  }

  private final class Vendor implements ResponseDefinitionTransformerV2 {
    static final String NAME = "clinicsync-crash-vendor";

    @Override
    public String getName() {
      return NAME;
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      onRequest.accept(requests.incrementAndGet());
      Request r = event.getRequest();
      String path = URI.create(r.getUrl()).getPath();
      String method = r.getMethod().getName();
      if (path.equals("/v1/appointments") && method.equals("GET")) {
        return list(r);
      }
      String events = "/calendar/v3/calendars/primary/events";
      if (path.equals(events) && method.equals("POST")) {
        return insert(r);
      }
      if (path.startsWith(events + "/") && method.equals("GET")) {
        ObjectNode e = VendorStub.this.events.get(path.substring(events.length() + 1));
        return e == null ? googleError(404, "notFound", "Not Found") : json(200, e.toString());
      }
      return json(404, "{\"error\":\"no such endpoint in the stub\"}");
    }

    private ResponseDefinition insert(Request r) {
      ObjectNode body;
      try {
        body = (ObjectNode) JSON.readTree(r.getBodyAsString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String id = body.path("id").asText();
      ObjectNode stored = body.deepCopy();
      stored.put("kind", "calendar#event");
      stored.put("etag", "\"3" + Math.abs(id.hashCode()) + "\"");
      stored.put("status", "confirmed");
      stored.put("htmlLink", "https://www.google.com/calendar/event?eid=" + id);
      if (events.putIfAbsent(id, stored) != null) {
        return googleError(409, "duplicate", "The requested identifier already exists.");
      }
      inserts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      return json(200, stored.toString());
    }

    private ResponseDefinition list(Request r) {
      int page = intParam(r, "page", 0);
      int size = intParam(r, "page_size", 10);
      Instant min = Instant.parse(param(r, "start_time_utc_min", "1970-01-01T00:00:00Z"));
      Instant max = Instant.parse(param(r, "start_time_utc_max", "2999-01-01T00:00:00Z"));
      List<ObjectNode> matching = new ArrayList<>();
      for (ObjectNode a : appointments.values()) {
        Instant start = starts.get(a.get("appointment_id").asText());
        if (!start.isBefore(min) && !start.isAfter(max)) {
          matching.add(a);
        }
      }
      matching.sort(Comparator.comparing((ObjectNode a) -> starts.get(a.get("appointment_id").asText()))
          .thenComparing(a -> a.get("appointment_id").asText()));
      int from = Math.min(matching.size(), page * size);
      int to = Math.min(matching.size(), from + size);
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      ArrayNode data = body.putArray("data");
      matching.subList(from, to).forEach(data::add);
      body.put("page", page);
      body.put("page_size", size);
      body.put("total_count", matching.size());
      return json(200, body.toString());
    }

    private ResponseDefinition googleError(int status, String reason, String message) {
      return json(status, "{\"error\":{\"errors\":[{\"domain\":\"global\",\"reason\":\"" + reason + "\",\"message\":\""
          + message + "\"}],\"code\":" + status + ",\"message\":\"" + message + "\"}}");
    }

    private ResponseDefinition json(int status, String body) {
      return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=UTF-8")
          .withBody(body).build();
    }
  }

  private static String param(Request r, String name, String dflt) {
    QueryParameter q = r.queryParameter(name);
    return q.isPresent() ? q.firstValue() : dflt;
  }

  private static int intParam(Request r, String name, int dflt) {
    return Integer.parseInt(param(r, name, Integer.toString(dflt)));
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
