package dev.clinicsync.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.clinicsync.sync.GoogleAccountsStub.GOOD_CODE;
import static dev.clinicsync.sync.GoogleAccountsStub.LEE_EVENTS;
import static dev.clinicsync.sync.GoogleAccountsStub.LEE_GOOGLE;
import static dev.clinicsync.sync.GoogleAccountsStub.NEW_GRANT;
import static dev.clinicsync.sync.GoogleAccountsStub.REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.clinicsync.connectors.google.GoogleEventIds;
import dev.clinicsync.connectors.google.OwnedEvents;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.store.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The seed's journey, as one test: a therapist connects their Google account, then an appointment
 * created in ClinicSync appears in their calendar.
 *
 * <p>The consent half (and the push channel that follows a connection), then the mirror half: the
 * booking written to the therapist's calendar through the write queue.
 */
class ConnectGoogleJourneyTest {
  static final Principal LEE = Principal.therapist("u-lee", Fixtures.LEE);
  static final Principal DESK = Principal.frontDesk("u-desk");
  static final Principal ADMIN = Principal.admin("u-admin");

  GoogleAccountsStub stub;

  @BeforeEach
  void start() {
    CapturedLogs.clear();
    stub = new GoogleAccountsStub();
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  @Test
  @DisplayName("a therapist connects Google, then an appointment created in ClinicSync appears in their calendar")
  void therapistConnectsThenBookingAppears() {
    SyncCoordinator coordinator = stub.coordinator;
    AccountConnections accounts = coordinator.accounts();
    assertThat(accounts.status(LEE, LEE_GOOGLE).state()).isEqualTo(AccountStatus.State.NOT_CONNECTED);

    // 1. Dr. Lee clicks "Connect Google Calendar" in the host: the host redirects her browser to Google.
    ConsentStart start = accounts.beginConsent(LEE, LEE_GOOGLE, REDIRECT);
    Map<String, String> asked = GoogleAccountsTest.query(start.authorizationUrl());
    assertThat(asked).containsEntry("code_challenge_method", "S256").containsEntry("access_type", "offline");

    // 2. She consents; Google sends her back to the host's callback with the state and a code.
    URI callback = URI.create(REDIRECT + "?state=" + asked.get("state") + "&code=" + GOOD_CODE.replace("/", "%2F")
        + "&scope=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fcalendar.events");
    Map<String, String> returned = GoogleAccountsTest.query(callback);
    AccountStatus connected = accounts.completeConsent(LEE, returned.get("state"), returned.get("code"));

    // 3. Connected: the grant is in the secret store (only there), a push channel watches her calendar,
    //    and her calendar syncs with the new grant.
    assertThat(connected.state()).isEqualTo(AccountStatus.State.CONNECTED);
    assertThat(stub.secrets.get("google/refresh-token/dr-lee")).contains(Secret.of(NEW_GRANT));
    assertThat(stub.watches(LEE_EVENTS)).hasSize(1);
    assertThat(coordinator.syncNow(Principal.admin("u-admin"), LEE_GOOGLE).outcome()).isEqualTo(SyncOutcome.APPLIED);
    stub.google.verify(postRequestedFor(urlPathEqualTo("/token"))
        .withRequestBody(containing("grant_type=refresh_token"))
        .withRequestBody(containing("refresh_token=" + NEW_GRANT.replace("/", "%2F"))));
    assertThat(stub.audit.read(1, 10_000)).extracting(e -> e.action()).contains(AuditAction.ACCOUNT_CONNECTED);

    // 4. The front desk books her an appointment in ClinicSync.
    TimeWindow slot = TimeWindow.of(Fixtures.TUESDAY_9AM.plus(Duration.ofHours(4)), Duration.ofMinutes(50));
    AppointmentView booked = coordinator.book(DESK, BookingRequest.builder(Fixtures.LEE, slot).build());
    assertThat(stub.appointments.find(AppointmentQuery.ALL)).extracting(a -> a.id()).contains(booked.id());

    // 5. The write queue mirrors it into her calendar: one insert, under the appointment's
    //    deterministic event id, content-free, marked as ours.
    String eventId = GoogleEventIds.forAppointment(booked.id());
    stub.acceptInsert(eventId);
    coordinator.processWriteQueue(ADMIN);
    coordinator.processWriteQueue(ADMIN);
    List<LoggedRequest> inserts = stub.google.findAll(postRequestedFor(urlPathEqualTo(LEE_EVENTS)));
    assertThat(inserts).hasSize(1);
    String body = inserts.get(0).getBodyAsString();
    assertThat(body).contains("\"id\":\"" + eventId + "\"", "\"summary\":\"Appointment\"",
        "\"" + OwnedEvents.APPOINTMENT_ID_PROPERTY + "\":\"" + booked.id().value() + "\"");

    String everywhere = stub.audit.read(1, 10_000) + " " + CapturedLogs.lines() + " "
        + stub.appointments.find(AppointmentQuery.ALL) + " " + booked;
    assertThat(everywhere).doesNotContain(NEW_GRANT, GOOD_CODE, asked.get("state"));
  }
}
