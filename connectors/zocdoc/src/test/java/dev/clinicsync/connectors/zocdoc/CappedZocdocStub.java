package dev.clinicsync.connectors.zocdoc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stub of Zocdoc's appointment endpoints that behaves like the documented API rather than replaying
 * fixed pages: {@code GET /v1/appointments} filters by {@code start_time_utc_min} and
 * {@code start_time_utc_max} (both inclusive, the less convenient reading, so a connector that does
 * not re-check slice bounds reports boundary appointments twice), {@code provider_ids} and
 * {@code location_ids}, sorts by start, <b>stops at 1,000 results per query</b>, refuses a
 * {@code page} over 10 or a {@code page_size} over 100 with a 400 error body, and answers
 * {@code total_count} (the full count, as many APIs do) unless told not to;
 * {@code GET /v1/appointments/{id}} answers the appointment under {@code data} or a 404 error body.
 */
final class CappedZocdocStub implements AutoCloseable {
  static final int CAP = 1000;

  private final Map<String, ObjectNode> appointments = new ConcurrentHashMap<>();
  private final Map<String, Instant> starts = new ConcurrentHashMap<>();
  private final AtomicInteger listCalls = new AtomicInteger();
  private final AtomicInteger refusals = new AtomicInteger();
  private volatile boolean sendTotal = true;
  private final WireMockServer server;

  CappedZocdocStub() {
    server = new WireMockServer(wireMockConfig().dynamicPort().extensions(new Transformer()));
    server.start();
    server.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(okJson(ZocdocPayloads.token())));
    server.stubFor(get(urlPathEqualTo("/v1/appointments")).willReturn(aResponse().withTransformers(Transformer.NAME)));
    server.stubFor(get(urlPathMatching("/v1/appointments/[^/]+")).willReturn(aResponse().withTransformers(Transformer.NAME)));
  }

  WireMockServer server() {
    return server;
  }

  String baseUrl() {
    return server.baseUrl();
  }

  String target() {
    URI uri = URI.create(baseUrl());
    return uri.getHost() + ":" + uri.getPort();
  }

  void put(ObjectNode appointment) {
    String id = appointment.get("appointment_id").asText();
    starts.put(id, OffsetDateTime.parse(appointment.get("start_time").asText()).toInstant());
    appointments.put(id, appointment);
  }

  void remove(String id) {
    appointments.remove(id);
  }

  void sendTotal(boolean send) {
    this.sendTotal = send;
  }

  int listCalls() {
    return listCalls.get();
  }

  /** Requests refused for a page or page size out of range: the connector must never send one. */
  int refusals() {
    return refusals.get();
  }

  @Override
  public void close() {
    server.stop();
  }

  private final class Transformer implements ResponseDefinitionTransformerV2 {
    static final String NAME = "capped-zocdoc";

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
      Request r = event.getRequest();
      String path = URI.create(r.getUrl()).getPath();
      if (!path.equals("/v1/appointments")) {
        ObjectNode a = appointments.get(path.substring(path.lastIndexOf('/') + 1));
        return a == null
            ? error(404, "not_found", "Appointment not found")
            : json(200, ZocdocPayloads.single(a));
      }
      listCalls.incrementAndGet();
      int page = intParam(r, "page", 0);
      int size = intParam(r, "page_size", 10);
      if (page < 0 || page > 10 || size < 1 || size > 100) {
        refusals.incrementAndGet();
        return error(400, "invalid_request", "page must be 0-10 and page_size 1-100");
      }
      Instant min = instantParam(r, "start_time_utc_min");
      Instant max = instantParam(r, "start_time_utc_max");
      String provider = param(r, "provider_ids");
      String location = param(r, "location_ids");
      List<ObjectNode> matching = new ArrayList<>();
      for (ObjectNode a : appointments.values()) {
        Instant start = starts.get(a.get("appointment_id").asText());
        String[] pl = a.get("provider_location_id").asText().split("\\|");
        if ((min == null || !start.isBefore(min)) && (max == null || !start.isAfter(max))
            && (provider == null || provider.equals(pl[0])) && (location == null || location.equals(pl[1]))) {
          matching.add(a);
        }
      }
      matching.sort(Comparator.comparing((ObjectNode a) -> starts.get(a.get("appointment_id").asText()))
          .thenComparing(a -> a.get("appointment_id").asText()));
      List<ObjectNode> capped = matching.subList(0, Math.min(CAP, matching.size()));
      int from = Math.min(capped.size(), page * size);
      int to = Math.min(capped.size(), from + size);
      return json(200, ZocdocPayloads.page(capped.subList(from, to), page, size,
          sendTotal ? (long) matching.size() : null));
    }

    private ResponseDefinition json(int status, String body) {
      return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
          .withHeader("X-Request-Id", "req-" + listCalls.get()).withBody(body).build();
    }

    private ResponseDefinition error(int status, String code, String message) {
      return json(status, "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}");
    }
  }

  private static String param(Request r, String name) {
    QueryParameter q = r.queryParameter(name);
    return q.isPresent() ? q.firstValue() : null;
  }

  private static int intParam(Request r, String name, int dflt) {
    String v = param(r, name);
    return v == null ? dflt : Integer.parseInt(v);
  }

  private static Instant instantParam(Request r, String name) {
    String v = param(r, name);
    return v == null ? null : Instant.parse(v);
  }
}
