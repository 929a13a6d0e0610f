package dev.clinicsync.examples.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * The vendors of the demo, in this process, on one loopback port: each speaks its vendor's wire
 * format from the generated practice — Google Calendar's events JSON (pages, sync tokens, mirror
 * inserts, patches and deletes; its state kept in a file between runs), SimplePractice's iCalendar
 * feeds, Zocdoc's JSON (token and appointment pages), Kareo's SOAP {@code GetAppointments} and
 * athenahealth's FHIR R4 {@code Appointment} search bundles. Started by the demo, stopped at its end.
 */
public final class DemoSandboxes implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private final GoogleSandbox google;

  private DemoSandboxes(HttpServer server, ExecutorService executor, GoogleSandbox google) {
    this.server = server;
    this.executor = executor;
    this.google = google;
  }

  /**
   * Starts the sandboxes serving {@code practice}.
   *
   * @param googleState where Google's calendars are kept between runs (read if present, written on close)
   */
  public static DemoSandboxes start(DemoPractice practice, Path googleState) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("the demo sandboxes could not open a loopback port", e);
    }
    ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "demo-sandbox");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    GoogleSandbox google = GoogleSandbox.load(practice, googleState);
    String base = "http://" + hostAndPort(server);
    server.createContext("/google/", ex -> serve(ex, google::handle));
    SimplePracticeSandbox sp = new SimplePracticeSandbox(practice);
    server.createContext("/sp/", ex -> serve(ex, sp::handle));
    ZocdocSandbox zocdoc = new ZocdocSandbox(practice);
    server.createContext("/zocdoc/", ex -> serve(ex, zocdoc::handle));
    KareoSandbox kareo = new KareoSandbox(practice);
    server.createContext("/kareo/", ex -> serve(ex, kareo::handle));
    AthenaSandbox athena = new AthenaSandbox(practice, base + "/athena/fhir/r4");
    server.createContext("/athena/", ex -> serve(ex, athena::handle));
    server.start();
    return new DemoSandboxes(server, executor, google);
  }

  /** {@code http://127.0.0.1:port}. */
  public String baseUrl() {
    return "http://" + hostAndPort();
  }

  /** {@code 127.0.0.1:port}, for the connectors' {@code allow-private-targets}. */
  public String hostAndPort() {
    return hostAndPort(server);
  }

  private static String hostAndPort(HttpServer s) {
    return s.getAddress().getAddress().getHostAddress() + ":" + s.getAddress().getPort();
  }

  /** Mirror events the SDK wrote into the Google sandbox, and live ones, over every clinician. */
  public GoogleSandbox.Stats googleStats() {
    return google.stats();
  }

  @Override
  public void close() {
    try {
      server.stop(0);
      executor.shutdownNow();
    } finally {
      google.save();
    }
  }

  // ------------------------------------------------------------------ plumbing shared by the sandboxes

  /** A request as the sandboxes see it. */
  record Request(String method, String path, Map<String, List<String>> query, Map<String, String> headers, String body) {
    @Nullable String param(String name) {
      List<String> v = query.get(name);
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    List<String> params(String name) {
      return query.getOrDefault(name, List.of());
    }

    @Nullable String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** An answer. */
  record Response(int status, String contentType, String body, Map<String, String> headers) {
    static Response json(int status, String body) {
      return new Response(status, "application/json; charset=UTF-8", body, Map.of());
    }

    static Response of(int status, String contentType, String body) {
      return new Response(status, contentType, body, Map.of());
    }
  }

  interface Handler {
    Response handle(Request r);
  }

  private static void serve(HttpExchange ex, Handler handler) throws IOException {
    try (ex) {
      Response r;
      try {
        URI uri = ex.getRequestURI();
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        r = handler.handle(new Request(ex.getRequestMethod(), uri.getPath(), query(uri.getRawQuery()), headers, body));
      } catch (RuntimeException e) {
        r = Response.json(500, "{\"error\":\"sandbox failure\"}");
      }
      byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", r.contentType());
      r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
      if (r.status() == 204) {
        ex.sendResponseHeaders(204, -1);
        return;
      }
      ex.sendResponseHeaders(r.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  static Map<String, List<String>> query(@Nullable String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return out;
  }

  static Optional<String> bearer(Request r) {
    String h = r.header("Authorization");
    return h != null && h.startsWith("Bearer ") ? Optional.of(h.substring(7)) : Optional.empty();
  }
}
