package dev.clinicsync.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.clinicsync.core.audit.AuditKeys;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.memory.InMemoryAppointmentStore;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.memory.InMemorySecretStore;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.phi.PatientTokenizer;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.testkit.MutableClock;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A local Google for the consent and push tests: OAuth (authorization-code and refresh-token
 * grants, revoke) and the Calendar API (events.list, events.watch echoing the channel, channels.stop)
 * for dr. Lee ({@code primary}) and dr. Kim ({@code kim@clinic.example}), each read by a real
 * {@code google-calendar} connector built from configuration, and a coordinator whose executor runs
 * nothing by itself.
 */
final class GoogleAccountsStub implements AutoCloseable {
  static final ConnectorId LEE_GOOGLE = ConnectorId.of("google-lee");
  static final ConnectorId KIM_GOOGLE = ConnectorId.of("google-kim");
  static final URI REDIRECT = URI.create("https://ehr.example.org/clinicsync/google/callback");
  static final URI WEBHOOK = URI.create("https://ehr.example.org/clinicsync/google/push");
  static final String LEE_EVENTS = "/calendar/v3/calendars/primary/events";
  static final String KIM_EVENTS = "/calendar/v3/calendars/kim@clinic.example/events";
  static final String GOOD_CODE = "4/0AcvDMrBgood-code-lee";
  static final String NEW_GRANT = "1//0gNEW-lee-grant-from-consent";

  /** Records what is scheduled and runs nothing by itself; the test runs tasks when it chooses. */
  static final class QueuedScheduler extends ScheduledThreadPoolExecutor {
    final List<Runnable> tasks = new ArrayList<>();

    QueuedScheduler() {
      super(1);
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      tasks.add(command);
      return super.schedule(() -> { }, 365, TimeUnit.DAYS);
    }

    /** Runs and forgets every task queued so far; returns how many ran. */
    int runQueued() {
      List<Runnable> now;
      synchronized (this) {
        now = new ArrayList<>(tasks);
        tasks.clear();
      }
      now.forEach(Runnable::run);
      return now.size();
    }
  }

  final WireMockServer google = new WireMockServer(options().dynamicPort());
  final InMemorySecretStore secrets = new InMemorySecretStore();
  final FlakyAuditSink audit = new FlakyAuditSink();
  final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore();
  final MutableClock clock = new MutableClock(Fixtures.NOW);
  final QueuedScheduler scheduler = new QueuedScheduler();
  final SyncCoordinator coordinator;

  GoogleAccountsStub() {
    google.start();
    google.stubFor(post(urlPathEqualTo("/token")).withRequestBody(containing("grant_type=authorization_code"))
        .withRequestBody(containing("code=4%2F0AcvDMrBgood-code-lee"))
        .willReturn(json("{\"access_token\":\"ya29.lee-after-consent\",\"expires_in\":3599,\"refresh_token\":\""
            + NEW_GRANT + "\",\"scope\":\"https://www.googleapis.com/auth/calendar.events\",\"token_type\":\"Bearer\"}")));
    google.stubFor(post(urlPathEqualTo("/token")).withRequestBody(containing("grant_type=refresh_token"))
        .willReturn(json("{\"access_token\":\"ya29.refreshed\",\"expires_in\":3599,\"token_type\":\"Bearer\"}")));
    google.stubFor(post(urlPathEqualTo("/revoke")).willReturn(aResponse().withStatus(200)));
    for (String events : List.of(LEE_EVENTS, KIM_EVENTS)) {
      google.stubFor(get(urlPathEqualTo(events)).withQueryParam("syncToken", absent()).willReturn(json("""
          {"kind":"calendar#events","timeZone":"America/New_York","nextSyncToken":"sync-1","items":[
            {"id":"dentist0001","etag":"\\"1\\"","status":"confirmed",
             "start":{"dateTime":"2026-03-03T10:00:00-05:00"},"end":{"dateTime":"2026-03-03T11:00:00-05:00"}}]}""")));
      google.stubFor(get(urlPathEqualTo(events)).withQueryParam("syncToken", equalTo("sync-1")).willReturn(json("""
          {"kind":"calendar#events","timeZone":"America/New_York","nextSyncToken":"sync-1","items":[]}""")));
      google.stubFor(post(urlPathEqualTo(events + "/watch")).willReturn(json("""
          {"kind":"api#channel","id":"{{jsonPath request.body '$.id'}}","resourceId":"res-{{jsonPath request.body '$.id'}}",
           "resourceUri":"https://www.googleapis.com/calendar/v3/calendars/primary/events?alt=json",
           "token":"{{jsonPath request.body '$.token'}}","expiration":"{{jsonPath request.body '$.expiration'}}"}""")
          .withTransformers("response-template")));
    }
    google.stubFor(post(urlPathEqualTo("/calendar/v3/channels/stop")).willReturn(aResponse().withStatus(204)));

    secrets.put(PatientTokenizer.DEFAULT_KEY_NAME, Secret.of("0123456789abcdef0123456789abcdef"));
    secrets.put(AuditKeys.DEFAULT_SECRET_NAME, AuditKeys.newKey());
    secrets.put("google/client-id", Secret.of("client-e2e.apps.googleusercontent.com"));
    secrets.put("google/client-secret", Secret.of("client-secret-e2e"));
    secrets.put("google/refresh-token/dr-kim", Secret.of("1//kim-grant"));
    coordinator = SyncCoordinator.builder()
        .secretStore(secrets)
        .clinicianDirectory(directory())
        .appointmentStore(appointments)
        .auditSink(audit)
        .clock(clock)
        .executor(scheduler)
        .secureRandom(new SecureRandom())
        .pushNotifications(WEBHOOK)
        .mirrorInto(Fixtures.LEE, LEE_GOOGLE)
        .connectorConfigs(config(LEE_GOOGLE, "dr-lee", "primary"), config(KIM_GOOGLE, "dr-kim", "kim@clinic.example"))
        .build();
  }

  /** Dr Lee's mirror calendar is her primary Google calendar, named in the directory. */
  static InMemoryClinicianDirectory directory() {
    InMemoryClinicianDirectory directory = Fixtures.clinicians();
    Clinician lee = directory.find(Fixtures.LEE).orElseThrow();
    directory.save(lee.withExternalIds(Set.of(ExternalIdentity.of(SourceSystem.GOOGLE, "primary"))));
    return directory;
  }

  /** Google's answer to the insert of the mirror with this deterministic event id. */
  void acceptInsert(String eventId) {
    google.stubFor(post(urlPathEqualTo(LEE_EVENTS)).willReturn(json("""
        {"kind":"calendar#event","id":"%s","etag":"\\"3181161784712000\\"","status":"confirmed",
         "updated":"2026-03-03T10:00:00.000Z"}""".formatted(eventId))));
  }

  ConnectorConfig config(ConnectorId id, String clinician, String calendar) {
    String base = google.baseUrl();
    return ConnectorConfig.of(id.value(), "google-calendar", Map.of(
        "clinician", clinician, "calendars", calendar, "write-calendar", calendar, "root-url", base, "token-url", base + "/token",
        "authorization-url", base + "/o/oauth2/v2/auth", "revoke-url", base + "/revoke", "allow-http", "true",
        "allow-private-targets", "localhost:" + google.port() + ",127.0.0.1:" + google.port()));
  }

  static ResponseDefinitionBuilder json(String body) {
    return aResponse().withHeader("Content-Type", "application/json; charset=UTF-8").withBody(body);
  }

  /** The JSON bodies of every events.watch Google received for a calendar, oldest first. */
  List<JsonNode> watches(String events) {
    List<JsonNode> out = new ArrayList<>();
    ObjectMapper mapper = new ObjectMapper();
    google.findAll(postRequestedFor(urlPathEqualTo(events + "/watch"))).forEach(r -> {
      try {
        out.add(mapper.readTree(r.getBodyAsString()));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    });
    return out;
  }

  /** Google's notification for a channel, as the host's webhook would pass its headers on. */
  static Map<String, List<String>> notification(String channelId, String token, String state, long number) {
    return Map.of("X-Goog-Channel-ID", List.of(channelId), "X-Goog-Channel-Token", List.of(token),
        "X-Goog-Resource-ID", List.of("res-" + channelId), "X-Goog-Resource-State", List.of(state),
        "X-Goog-Message-Number", List.of(Long.toString(number)),
        "X-Goog-Resource-URI", List.of("https://www.googleapis.com/calendar/v3/calendars/primary/events?alt=json"));
  }

  int eventLists(String events) {
    return google.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo(events))).size();
  }

  @Override
  public void close() {
    coordinator.close();
    scheduler.shutdownNow();
    google.stop();
  }
}
