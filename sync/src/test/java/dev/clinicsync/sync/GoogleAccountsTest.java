package dev.clinicsync.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.clinicsync.sync.GoogleAccountsStub.GOOD_CODE;
import static dev.clinicsync.sync.GoogleAccountsStub.KIM_EVENTS;
import static dev.clinicsync.sync.GoogleAccountsStub.KIM_GOOGLE;
import static dev.clinicsync.sync.GoogleAccountsStub.LEE_EVENTS;
import static dev.clinicsync.sync.GoogleAccountsStub.LEE_GOOGLE;
import static dev.clinicsync.sync.GoogleAccountsStub.NEW_GRANT;
import static dev.clinicsync.sync.GoogleAccountsStub.REDIRECT;
import static dev.clinicsync.sync.GoogleAccountsStub.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.clinicsync.core.ConnectorAuthException;
import dev.clinicsync.core.access.AccessDeniedException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditEvent;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.store.Secret;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Connecting a therapist's Google account, re-consent, disconnect, and push channels, end to end against a Google stub. */
class GoogleAccountsTest {
  static final Principal ADMIN = Principal.admin("u-admin");
  static final Principal DESK = Principal.frontDesk("u-desk");
  static final Principal LEE = Principal.therapist("u-lee", Fixtures.LEE);
  static final Principal KIM = Principal.therapist("u-kim", Fixtures.KIM);

  GoogleAccountsStub stub;
  SyncCoordinator coordinator;
  AccountConnections accounts;

  @BeforeEach
  void start() {
    CapturedLogs.clear();
    stub = new GoogleAccountsStub();
    coordinator = stub.coordinator;
    accounts = coordinator.accounts();
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  static Map<String, String> query(URI url) {
    return pairs(url.getRawQuery());
  }

  static Map<String, String> pairs(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  static Map<String, String> form(LoggedRequest r) {
    return pairs(r.getBodyAsString());
  }

  List<AuditEvent> events(AuditAction action) {
    return stub.audit.read(1, 10_000).stream().filter(e -> e.action() == action).toList();
  }

  List<LoggedRequest> codeExchanges() {
    return stub.google.findAll(postRequestedFor(urlPathEqualTo("/token")).withRequestBody(containing("grant_type=authorization_code")));
  }

  @Nested
  @DisplayName("consent")
  class Consent {

    @Test
    @DisplayName("the authorization URL carries a fresh random state and an S256 challenge of a verifier kept server-side")
    void url() {
      ConsentStart first = accounts.beginConsent(LEE, LEE_GOOGLE, REDIRECT);
      ConsentStart second = accounts.beginConsent(LEE, LEE_GOOGLE, REDIRECT);

      Map<String, String> q = query(first.authorizationUrl());
      assertThat(first.authorizationUrl().getPath()).isEqualTo("/o/oauth2/v2/auth");
      assertThat(q).containsEntry("redirect_uri", REDIRECT.toString()).containsEntry("code_challenge_method", "S256")
          .containsEntry("access_type", "offline").containsKeys("state", "code_challenge", "client_id");
      assertThat(q.get("state")).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(query(second.authorizationUrl()).get("state"));
      assertThat(q.get("code_challenge")).hasSize(43).isNotEqualTo(query(second.authorizationUrl()).get("code_challenge"));
      assertThat(first.expiresAt()).isEqualTo(stub.clock.instant().plus(Duration.ofMinutes(10)));
      assertThat(first.toString()).doesNotContain(q.get("state"));
    }

    @Test
    @DisplayName("the code exchange proves the PKCE verifier and stores the refresh token in the secret store only")
    void exchange() throws Exception {
      ConsentStart start = accounts.beginConsent(LEE, LEE_GOOGLE, REDIRECT);
      Map<String, String> q = query(start.authorizationUrl());

      AccountStatus status = accounts.completeConsent(LEE, q.get("state"), GOOD_CODE);

      assertThat(status.state()).isEqualTo(AccountStatus.State.CONNECTED);
      assertThat(stub.secrets.get("google/refresh-token/dr-lee")).contains(Secret.of(NEW_GRANT));
      Map<String, String> sent = form(codeExchanges().get(0));
      assertThat(sent).containsEntry("code", GOOD_CODE).containsEntry("redirect_uri", REDIRECT.toString());
      String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
          .digest(sent.get("code_verifier").getBytes(StandardCharsets.US_ASCII)));
      assertThat(challenge).as("the verifier sent is the one whose challenge went to the browser").isEqualTo(q.get("code_challenge"));
      assertThat(events(AuditAction.ACCOUNT_CONNECTED)).singleElement()
          .satisfies(e -> assertThat(e.subject()).isEqualTo("dr-lee"));

      String everywhere = stub.audit.read(1, 10_000) + " " + CapturedLogs.lines() + " "
          + stub.appointments.find(AppointmentQuery.ALL) + " " + accounts.statuses(ADMIN) + " " + status;
      assertThat(everywhere).as("the grant, the code and the verifier appear nowhere but the secret store")
          .doesNotContain(NEW_GRANT, GOOD_CODE, sent.get("code_verifier"), q.get("state"), "ya29.lee-after-consent");
    }

    @Test
    @DisplayName("a callback with a wrong state is refused before Google is called, and audited without the value")
    void wrongState() {
      accounts.beginConsent(LEE, LEE_GOOGLE, REDIRECT);

      assertThatThrownBy(() -> accounts.completeConsent(LEE, "forged-state-planted", GOOD_CODE))
          .isInstanceOfSatisfying(ConsentRefusedException.class,
              e -> assertThat(e.reason()).isEqualTo(ConsentRefusedException.Reason.UNKNOWN_STATE))
          .hasMessageNotContaining("forged-state-planted");
      assertThat(codeExchanges()).isEmpty();
      assertThat(stub.secrets.get("google/refresh-token/dr-lee")).isEmpty();
      assertThat(events(AuditAction.CONSENT_REFUSED)).singleElement()
          .satisfies(e -> assertThat(e.details()).containsEntry("reason", "UNKNOWN_STATE"));
      assertThat(stub.audit.read(1, 10_000).toString()).doesNotContain("forged-state-planted");
    }

    @Test
    @DisplayName("a state is single-use and expires")
    void singleUseAndExpiring() {
      String state = query(accounts.beginConsent(LEE, LEE_GOOGLE, REDIRECT).authorizationUrl()).get("state");
      accounts.completeConsent(LEE, state, GOOD_CODE);
      assertThatThrownBy(() -> accounts.completeConsent(LEE, state, GOOD_CODE))
          .isInstanceOfSatisfying(ConsentRefusedException.class,
              e -> assertThat(e.reason()).isEqualTo(ConsentRefusedException.Reason.UNKNOWN_STATE));

      String late = query(accounts.beginConsent(LEE, LEE_GOOGLE, REDIRECT).authorizationUrl()).get("state");
      stub.clock.advance(Duration.ofMinutes(10));
      assertThatThrownBy(() -> accounts.completeConsent(LEE, late, GOOD_CODE))
          .isInstanceOfSatisfying(ConsentRefusedException.class,
              e -> assertThat(e.reason()).isEqualTo(ConsentRefusedException.Reason.EXPIRED_STATE));
      assertThat(codeExchanges()).hasSize(1);
    }

    @Test
    @DisplayName("a therapist may connect only their own account: not another's, and no admin or front desk on their behalf")
    void ownAccountOnly() {
      for (Principal other : List.of(KIM, ADMIN, DESK)) {
        assertThatThrownBy(() -> accounts.beginConsent(other, LEE_GOOGLE, REDIRECT)).as(other.userId())
            .isInstanceOf(AccessDeniedException.class);
      }
      assertThat(events(AuditAction.ACCESS_DENIED)).hasSize(3);

      String state = query(accounts.beginConsent(LEE, LEE_GOOGLE, REDIRECT).authorizationUrl()).get("state");
      assertThatThrownBy(() -> accounts.completeConsent(KIM, state, GOOD_CODE))
          .isInstanceOfSatisfying(ConsentRefusedException.class,
              e -> assertThat(e.reason()).isEqualTo(ConsentRefusedException.Reason.OTHER_USER));
      assertThat(codeExchanges()).isEmpty();
      assertThat(stub.secrets.get("google/refresh-token/dr-lee")).isEmpty();
    }

    @Test
    @DisplayName("a connection that cannot be audited is not kept: the grant is removed and the call fails")
    void auditOutage() {
      String state = query(accounts.beginConsent(LEE, LEE_GOOGLE, REDIRECT).authorizationUrl()).get("state");
      stub.audit.outage();

      assertThatThrownBy(() -> accounts.completeConsent(LEE, state, GOOD_CODE)).isInstanceOf(RuntimeException.class);

      stub.audit.recover();
      assertThat(stub.secrets.get("google/refresh-token/dr-lee")).isEmpty();
      assertThat(accounts.status(LEE, LEE_GOOGLE).state()).isEqualTo(AccountStatus.State.NOT_CONNECTED);
    }

    @Test
    @DisplayName("a code Google refuses is a typed auth failure, audited, and nothing is stored")
    void refusedCode() {
      String state = query(accounts.beginConsent(LEE, LEE_GOOGLE, REDIRECT).authorizationUrl()).get("state");
      stub.google.stubFor(post(urlPathEqualTo("/token")).withRequestBody(containing("code=4%2F0-stale"))
          .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
              .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Malformed auth code.\"}")));

      assertThatThrownBy(() -> accounts.completeConsent(LEE, state, "4/0-stale")).isInstanceOf(ConnectorAuthException.class);
      assertThat(stub.secrets.get("google/refresh-token/dr-lee")).isEmpty();
      assertThat(events(AuditAction.CONSENT_REFUSED)).singleElement()
          .satisfies(e -> assertThat(e.details()).containsEntry("reason", "EXCHANGE_FAILED"));
    }
  }

  @Nested
  @DisplayName("re-consent and disconnect")
  class Reconsent {

    @Test
    @DisplayName("invalid_grant marks that therapist as needing re-consent, once, for admins to see; the others keep syncing")
    void invalidGrant() {
      stub.secrets.put("google/refresh-token/dr-lee", Secret.of("1//lee-revoked"));
      stub.google.stubFor(post(urlPathEqualTo("/token")).withRequestBody(containing("refresh_token=1%2F%2Flee-revoked"))
          .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
              .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Token has been expired or revoked.\"}")));

      List<SyncReport> first = coordinator.syncAll(ADMIN);
      coordinator.syncAll(ADMIN);

      assertThat(first).filteredOn(r -> r.connector().equals(LEE_GOOGLE)).singleElement()
          .satisfies(r -> assertThat(r.outcome()).isEqualTo(SyncOutcome.FAILED));
      assertThat(first).filteredOn(r -> r.connector().equals(KIM_GOOGLE)).singleElement()
          .satisfies(r -> assertThat(r.outcome()).isEqualTo(SyncOutcome.APPLIED));
      assertThat(accounts.statuses(ADMIN)).extracting(AccountStatus::connector, AccountStatus::state).containsExactly(
          org.assertj.core.groups.Tuple.tuple(LEE_GOOGLE, AccountStatus.State.RECONSENT_REQUIRED),
          org.assertj.core.groups.Tuple.tuple(KIM_GOOGLE, AccountStatus.State.CONNECTED));
      assertThat(events(AuditAction.ACCOUNT_RECONSENT_REQUIRED)).singleElement()
          .satisfies(e -> assertThat(e.subject()).isEqualTo("dr-lee"));
      assertThat(accounts.status(LEE, LEE_GOOGLE).state()).isEqualTo(AccountStatus.State.RECONSENT_REQUIRED);
      assertThatThrownBy(() -> accounts.statuses(LEE)).isInstanceOf(AccessDeniedException.class);
      assertThatThrownBy(() -> accounts.status(KIM, LEE_GOOGLE)).isInstanceOf(AccessDeniedException.class);
      assertThat(coordinator.pushSyncPaused(LEE_GOOGLE)).as("left out of scheduled syncs").isTrue();
      assertThat(coordinator.pushSyncPaused(KIM_GOOGLE)).isFalse();

      String state = query(accounts.beginConsent(LEE, LEE_GOOGLE, REDIRECT).authorizationUrl()).get("state");
      assertThat(accounts.completeConsent(LEE, state, GOOD_CODE).state()).isEqualTo(AccountStatus.State.CONNECTED);
      assertThat(coordinator.syncNow(ADMIN, LEE_GOOGLE).outcome()).isEqualTo(SyncOutcome.APPLIED);
    }

    @Test
    @DisplayName("invalid_grant publishes ReconsentRequired once, after that sync's SyncFailed, naming the connector and therapist")
    void reconsentEvent() throws Exception {
      EventRecorder seen = new EventRecorder();
      coordinator.subscribe(seen);
      stub.secrets.put("google/refresh-token/dr-lee", Secret.of("1//lee-revoked"));
      stub.google.stubFor(post(urlPathEqualTo("/token")).withRequestBody(containing("refresh_token=1%2F%2Flee-revoked"))
          .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
              .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Token has been expired or revoked.\"}")));

      coordinator.syncNow(ADMIN, LEE_GOOGLE);
      coordinator.syncNow(ADMIN, LEE_GOOGLE);
      coordinator.syncNow(ADMIN, KIM_GOOGLE);
      seen.awaitCount(4);

      assertThat(seen.of(dev.clinicsync.sync.events.ReconsentRequired.class)).singleElement().satisfies(e -> {
        assertThat(e.connector()).isEqualTo(LEE_GOOGLE);
        assertThat(e.clinician()).isEqualTo(Fixtures.LEE);
      });
      assertThat(seen.events()).extracting(e -> e.getClass().getSimpleName())
          .containsExactly("SyncFailed", "ReconsentRequired", "SyncFailed", "SyncCompleted");
      assertThat(seen.of(dev.clinicsync.sync.events.SyncFailed.class)).allSatisfy(f ->
          assertThat(f.errorCode()).isEqualTo("ConnectorAuthException"));
      assertThat(seen.events().toString()).doesNotContain("lee-revoked", "invalid_grant");
    }

    @Test
    @DisplayName("disconnecting stops the push channels, revokes the grant at Google and deletes it")
    void disconnect() {
      String state = query(accounts.beginConsent(LEE, LEE_GOOGLE, REDIRECT).authorizationUrl()).get("state");
      accounts.completeConsent(LEE, state, GOOD_CODE);
      assertThat(coordinator.pushChannels(LEE_GOOGLE)).hasSize(1);

      AccountStatus after = accounts.disconnect(LEE, LEE_GOOGLE);

      assertThat(after.state()).isEqualTo(AccountStatus.State.NOT_CONNECTED);
      assertThat(stub.secrets.get("google/refresh-token/dr-lee")).isEmpty();
      assertThat(stub.google.findAll(postRequestedFor(urlPathEqualTo("/revoke")))).singleElement()
          .satisfies(r -> assertThat(form(r)).containsEntry("token", NEW_GRANT));
      assertThat(stub.google.findAll(postRequestedFor(urlPathEqualTo("/calendar/v3/channels/stop")))).hasSize(1);
      assertThat(coordinator.pushChannels(LEE_GOOGLE)).isEmpty();
      assertThat(events(AuditAction.ACCOUNT_DISCONNECTED)).hasSize(1);
      assertThatThrownBy(() -> accounts.disconnect(KIM, LEE_GOOGLE)).isInstanceOf(AccessDeniedException.class);
      assertThat(accounts.disconnect(ADMIN, KIM_GOOGLE).state()).as("an admin may disconnect anyone")
          .isEqualTo(AccountStatus.State.NOT_CONNECTED);
    }
  }

  @Nested
  @DisplayName("push")
  class Push {

    String channelId;
    String token;

    @BeforeEach
    void openChannels() {
      coordinator.syncAll(ADMIN); // cursors stored: the next syncs are incremental
      coordinator.maintainPushChannels();
      JsonNode watch = stub.watches(KIM_EVENTS).get(0);
      channelId = watch.path("id").asText();
      token = watch.path("token").asText();
    }

    @Test
    @DisplayName("each connected calendar gets one channel to the webhook, with a random id and token; a not-connected one none")
    void channels() {
      assertThat(stub.watches(KIM_EVENTS)).singleElement().satisfies(w -> {
        assertThat(w.path("type").asText()).isEqualTo("web_hook");
        assertThat(w.path("address").asText()).isEqualTo(GoogleAccountsStub.WEBHOOK.toString());
        assertThat(w.path("token").asText()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(w.path("expiration").asLong()).isEqualTo(stub.clock.instant().plus(Duration.ofDays(7)).toEpochMilli());
      });
      assertThat(stub.watches(LEE_EVENTS)).as("dr. Lee has not connected").isEmpty();
      assertThat(CapturedLogs.lines().toString()).doesNotContain(token);
    }

    @Test
    @DisplayName("a change notification queues one incremental sync of that calendar only; a burst coalesces into it")
    void notificationSyncsThatCalendar() {
      int kimBefore = stub.eventLists(KIM_EVENTS);
      int leeBefore = stub.eventLists(LEE_EVENTS);
      stub.scheduler.tasks.clear();

      List<PushOutcome> outcomes = new java.util.ArrayList<>();
      for (int n = 2; n <= 6; n++) {
        outcomes.add(coordinator.handlePushNotification(notification(channelId, token, "exists", n)));
      }

      assertThat(outcomes).containsExactly(PushOutcome.SYNC_QUEUED, PushOutcome.COALESCED, PushOutcome.COALESCED,
          PushOutcome.COALESCED, PushOutcome.COALESCED);
      assertThat(stub.scheduler.runQueued()).isEqualTo(1);
      assertThat(stub.eventLists(KIM_EVENTS) - kimBefore).as("one events.list").isEqualTo(1);
      assertThat(stub.google.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
          urlPathEqualTo(KIM_EVENTS))).get(stub.eventLists(KIM_EVENTS) - 1).queryParameter("syncToken").firstValue())
          .as("incremental").isEqualTo("sync-1");
      assertThat(stub.eventLists(LEE_EVENTS)).as("no other calendar").isEqualTo(leeBefore);

      assertThat(coordinator.handlePushNotification(notification(channelId, token, "exists", 7)))
          .as("after the sync ran, the next change queues again").isEqualTo(PushOutcome.SYNC_QUEUED);
    }

    @Test
    @DisplayName("the sync handshake is ignored; an unknown channel, a wrong or missing token are refused with typed errors")
    void refusals() {
      stub.scheduler.tasks.clear();
      assertThat(coordinator.handlePushNotification(notification(channelId, token, "sync", 1))).isEqualTo(PushOutcome.HANDSHAKE);
      assertThat(stub.scheduler.tasks).isEmpty();

      assertThatThrownBy(() -> coordinator.handlePushNotification(notification(channelId, "planted-wrong-token", "exists", 2)))
          .isInstanceOfSatisfying(PushRefusedException.class,
              e -> assertThat(e.reason()).isEqualTo(PushRefusedException.Reason.BAD_TOKEN))
          .hasMessageNotContaining("planted-wrong-token");
      Map<String, List<String>> noToken = new LinkedHashMap<>(notification(channelId, token, "exists", 3));
      noToken.remove("X-Goog-Channel-Token");
      assertThatThrownBy(() -> coordinator.handlePushNotification(noToken))
          .isInstanceOfSatisfying(PushRefusedException.class,
              e -> assertThat(e.reason()).isEqualTo(PushRefusedException.Reason.BAD_TOKEN));
      assertThatThrownBy(() -> coordinator.handlePushNotification(notification("cs-planted-channel", token, "exists", 4)))
          .isInstanceOfSatisfying(PushRefusedException.class,
              e -> assertThat(e.reason()).isEqualTo(PushRefusedException.Reason.UNKNOWN_CHANNEL))
          .hasMessageNotContaining("cs-planted-channel");
      assertThatThrownBy(() -> coordinator.handlePushNotification(Map.of("Content-Type", List.of("text/plain"))))
          .isInstanceOfSatisfying(PushRefusedException.class,
              e -> assertThat(e.reason()).isEqualTo(PushRefusedException.Reason.NOT_A_NOTIFICATION));
      assertThat(stub.scheduler.tasks).as("nothing refused queued a sync").isEmpty();
      assertThat(CapturedLogs.lines().toString()).doesNotContain("planted", token);
    }

    @Test
    @DisplayName("a channel is renewed a day before it expires: a new one opened, the old one stopped and no longer accepted")
    void renewal() {
      stub.clock.advance(Duration.ofDays(5));
      coordinator.maintainPushChannels();
      assertThat(stub.watches(KIM_EVENTS)).as("not due yet").hasSize(1);

      stub.clock.advance(Duration.ofDays(1));
      coordinator.maintainPushChannels();

      List<JsonNode> watches = stub.watches(KIM_EVENTS);
      assertThat(watches).hasSize(2);
      String renewed = watches.get(1).path("id").asText();
      assertThat(renewed).isNotEqualTo(channelId);
      assertThat(stub.google.findAll(postRequestedFor(urlPathEqualTo("/calendar/v3/channels/stop")))).singleElement()
          .satisfies(r -> assertThat(r.getBodyAsString()).contains(channelId));
      assertThatThrownBy(() -> coordinator.handlePushNotification(notification(channelId, token, "exists", 9)))
          .isInstanceOfSatisfying(PushRefusedException.class,
              e -> assertThat(e.reason()).isEqualTo(PushRefusedException.Reason.UNKNOWN_CHANNEL));
      assertThat(coordinator.handlePushNotification(notification(renewed, watches.get(1).path("token").asText(), "exists", 1)))
          .isEqualTo(PushOutcome.SYNC_QUEUED);
    }

    @Test
    @DisplayName("start() schedules channel maintenance, which opens the channels; polling keeps its schedule")
    void startOpens() {
      try (GoogleAccountsStub other = new GoogleAccountsStub()) {
        other.coordinator.start();
        assertThat(other.scheduler.tasks).as("one sync per connector and the maintenance").hasSize(3);
        other.scheduler.runQueued();
        assertThat(other.watches(KIM_EVENTS)).hasSize(1);
      }
    }
  }

  static ConnectorId id(String v) {
    return ConnectorId.of(v);
  }
}
