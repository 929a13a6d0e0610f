package dev.clinicsync.connectors.athena;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Appointment;

/**
 * A real FHIR R4 server in-process: HAPI's {@link RestfulServer} on Jetty (11, the line WireMock
 * runs on, so both share one Jetty on the test class path), with
 * <ul>
 *   <li>{@code /fhir}: an Appointment resource provider searching by {@code ah-practice}, {@code date}
 *       and {@code _lastUpdated} (so its CapabilityStatement lists {@code _lastUpdated}), paged by
 *       HAPI's paging provider;
 *   <li>{@code /fhir-windowed}: the same appointments without {@code _lastUpdated};
 *   <li>{@code /oauth2/v1/token}: a stub token endpoint (client credentials, HTTP Basic, form body)
 *       whose tokens both FHIR endpoints require as bearer tokens.
 * </ul>
 * Started once per test class; the seeded appointments are replaced per test.
 */
final class FhirTestServer implements AutoCloseable {
  static final String CLIENT_ID = "clinicsync-test-client";
  static final String CLIENT_SECRET = "s3cret-client-secret-for-tests";

  private final Server jetty;
  private final int port;
  final AppointmentStore store = new AppointmentStore();
  final Tokens tokens = new Tokens();
  final List<String> searchQueries = new CopyOnWriteArrayList<>();
  final List<String> authorizationHeaders = new CopyOnWriteArrayList<>();
  /** Status codes the next FHIR requests fail with, one each. */
  final List<Integer> failNext = new CopyOnWriteArrayList<>();

  FhirTestServer() throws Exception {
    jetty = new Server(new InetSocketAddress("127.0.0.1", 0));
    ServletContextHandler handler = new ServletContextHandler();
    handler.setContextPath("/");
    handler.addServlet(new ServletHolder(fhirServlet(new LastUpdatedProvider(store))), "/fhir/*");
    handler.addServlet(new ServletHolder(fhirServlet(new WindowedProvider(store))), "/fhir-windowed/*");
    handler.addServlet(new ServletHolder(new TokenServlet(tokens)), "/oauth2/v1/token");
    jetty.setHandler(handler);
    jetty.start();
    port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  private RestfulServer fhirServlet(IResourceProvider provider) {
    RestfulServer server = new RestfulServer(FhirContext.forR4Cached());
    server.registerProvider(provider);
    FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(50);
    paging.setDefaultPageSize(3);
    paging.setMaximumPageSize(100);
    server.setPagingProvider(paging);
    server.registerInterceptor(new BearerRequired());
    return server;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port + "/fhir";
  }

  String windowedBaseUrl() {
    return "http://127.0.0.1:" + port + "/fhir-windowed";
  }

  String tokenUrl() {
    return "http://127.0.0.1:" + port + "/oauth2/v1/token";
  }

  String target() {
    return "127.0.0.1:" + port;
  }

  void reset() {
    store.clear();
    tokens.revokeAll();
    tokens.requests.set(0);
    tokens.scopes.clear();
    searchQueries.clear();
    authorizationHeaders.clear();
    failNext.clear();
  }

  @Override
  public void close() {
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the test FHIR server did not stop", e);
    }
  }

  /** The seeded appointments, by id; each save stamps a new version and lastUpdated. */
  static final class AppointmentStore {
    private final Map<String, Appointment> byId = new ConcurrentHashMap<>();
    /** The last lastUpdated stamped: the server's own clock, strictly increasing per save. */
    private Instant last = Instant.EPOCH;

    void save(Appointment a) {
      String id = a.getIdElement().getIdPart();
      Appointment before = byId.get(id);
      int version = before == null ? 1 : Integer.parseInt(before.getMeta().getVersionId()) + 1;
      a.getMeta().setVersionId(Integer.toString(version));
      a.getMeta().setLastUpdated(Date.from(stamp()));
      byId.put(id, a);
    }

    void remove(String id) {
      byId.remove(id);
    }

    Appointment get(String id) {
      return byId.get(id);
    }

    void clear() {
      byId.clear();
    }

    /**
     * The server's wall clock (as HAPI's own Bundle.meta.lastUpdated is), never repeating a
     * millisecond, so {@code _lastUpdated=gt} is exact.
     */
    private synchronized Instant stamp() {
      Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
      last = now.isAfter(last) ? now : last.plusMillis(1);
      return last;
    }

    List<Appointment> search(String practice, DateRangeParam date, DateRangeParam lastUpdated) {
      List<Appointment> out = new ArrayList<>();
      for (Appointment a : byId.values()) {
        if (!practice.equals("Organization/a-1.Practice-" + a.getIdElement().getIdPart().replaceAll("^a-([0-9]+)\\..*$", "$1"))) {
          continue;
        }
        if (date != null && a.getStart() != null && !in(date, a.getStart())) {
          continue;
        }
        if (lastUpdated != null && !in(lastUpdated, a.getMeta().getLastUpdated())) {
          continue;
        }
        out.add(a.copy());
      }
      out.sort((x, y) -> x.getIdElement().getIdPart().compareTo(y.getIdElement().getIdPart()));
      return out;
    }

    private static boolean in(DateRangeParam range, Date d) {
      Date lower = range.getLowerBoundAsInstant();
      Date upper = range.getUpperBoundAsInstant();
      return (lower == null || !d.before(lower)) && (upper == null || !d.after(upper));
    }
  }

  /** The provider of {@code /fhir}: searches by date window or by {@code _lastUpdated}. */
  final class LastUpdatedProvider implements IResourceProvider {
    private final AppointmentStore appointments;

    LastUpdatedProvider(AppointmentStore appointments) {
      this.appointments = appointments;
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
      return Appointment.class;
    }

    @Search
    public List<Appointment> search(@RequiredParam(name = "ah-practice") StringParam practice,
        @OptionalParam(name = "date") DateRangeParam date,
        @OptionalParam(name = "_lastUpdated") DateRangeParam lastUpdated,
        @OptionalParam(name = "ah-department") StringParam department,
        @OptionalParam(name = "practitioner") StringParam practitioner) {
      return answer(appointments, practice, date, lastUpdated, department, practitioner);
    }
  }

  /** The provider of {@code /fhir-windowed}: no {@code _lastUpdated}. */
  final class WindowedProvider implements IResourceProvider {
    private final AppointmentStore appointments;

    WindowedProvider(AppointmentStore appointments) {
      this.appointments = appointments;
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
      return Appointment.class;
    }

    @Search
    public List<Appointment> search(@RequiredParam(name = "ah-practice") StringParam practice,
        @OptionalParam(name = "date") DateRangeParam date,
        @OptionalParam(name = "ah-department") StringParam department,
        @OptionalParam(name = "practitioner") StringParam practitioner) {
      return answer(appointments, practice, date, null, department, practitioner);
    }
  }

  private List<Appointment> answer(AppointmentStore appointments, StringParam practice, DateRangeParam date,
      DateRangeParam lastUpdated, StringParam department, StringParam practitioner) {
    searchQueries.add("ah-practice=" + practice.getValue() + (date != null ? " date-window" : "")
        + (lastUpdated != null ? " _lastUpdated" : "") + (department != null ? " ah-department=" + department.getValue() : "")
        + (practitioner != null ? " practitioner=" + practitioner.getValue() : ""));
    if (practice.getValue().endsWith("Practice-400")) {
      // an athena-like refusal whose diagnostics echo what was asked (here: a patient's name)
      throw new InvalidRequestException("Patient Marisol Quintanilla-Vega is not in this practice");
    }
    return appointments.search(practice.getValue(), date, lastUpdated);
  }

  /** Requires a bearer token the token endpoint issued, on every FHIR request but {@code /metadata}. */
  final class BearerRequired {
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void check(RequestDetails request, RestOperationTypeEnum operation) {
      if (!failNext.isEmpty()) {
        int status = failNext.remove(0);
        throw new UnclassifiedServerFailureException(status, "try again later");
      }
      if (operation == RestOperationTypeEnum.METADATA) {
        return;
      }
      String header = request.getHeader("Authorization");
      authorizationHeaders.add(header == null ? "" : header);
      if (header == null || !header.startsWith("Bearer ") || !tokens.isValid(header.substring(7))) {
        throw new AuthenticationException("a valid bearer token is required");
      }
    }
  }

  /** Issued tokens; {@link #revokeAll()} makes the server refuse every one issued so far. */
  static final class Tokens {
    private final Set<String> valid = ConcurrentHashMap.newKeySet();
    final AtomicInteger requests = new AtomicInteger();
    final List<String> scopes = new CopyOnWriteArrayList<>();

    String issue() {
      String t = "athena-test-token-" + requests.incrementAndGet();
      valid.add(t);
      return t;
    }

    boolean isValid(String token) {
      return valid.contains(token);
    }

    void revokeAll() {
      valid.clear();
    }
  }

  /** {@code POST /oauth2/v1/token}: client credentials with HTTP Basic, a form body and a scope. */
  static final class TokenServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Tokens tokens;

    TokenServlet(Tokens tokens) {
      this.tokens = tokens;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String expected = "Basic " + Base64.getEncoder().encodeToString(
          (CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
      String contentType = String.valueOf(req.getContentType());
      if (!expected.equals(req.getHeader("Authorization"))
          || !contentType.startsWith("application/x-www-form-urlencoded")
          || !"client_credentials".equals(req.getParameter("grant_type"))
          || req.getParameter("scope") == null) {
        resp.setStatus(401);
        resp.setContentType("application/json");
        resp.getWriter().write("{\"error\":\"invalid_client\"}");
        return;
      }
      tokens.scopes.add(req.getParameter("scope"));
      resp.setStatus(200);
      resp.setContentType("application/json");
      resp.getWriter().write("{\"access_token\":\"" + tokens.issue() + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
          + "\"scope\":\"" + req.getParameter("scope") + "\"}");
    }
  }
}
