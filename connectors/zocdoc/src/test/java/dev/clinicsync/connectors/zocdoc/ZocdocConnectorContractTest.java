package dev.clinicsync.connectors.zocdoc;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.clinicsync.connectors.zocdoc.ZocdocPayloads.appointment;
import static dev.clinicsync.connectors.zocdoc.ZocdocPayloads.id;
import static dev.clinicsync.connectors.zocdoc.ZocdocPayloads.page;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.matching.UrlPattern;
import dev.clinicsync.connectors.tck.BadRecordsStub;
import dev.clinicsync.connectors.tck.BadValue;
import dev.clinicsync.connectors.tck.ConnectorContractTest;
import dev.clinicsync.connectors.tck.ConnectorTestContext;
import dev.clinicsync.connectors.tck.IncrementalStub;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.store.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;

/**
 * The connector TCK for Zocdoc: appointment records from {@code GET /v1/appointments}, paged by
 * zero-indexed {@code page} with {@code total_count}, behind a client-credentials token.
 */
@DisplayName("Zocdoc connector contract")
class ZocdocConnectorContractTest extends ConnectorContractTest {
  static final ClinicianId CLINICIAN = ClinicianId.of("dr-quincy");
  static final String APPOINTMENTS = "/v1/appointments";

  @Override
  protected SourceConnector createConnector(ConnectorTestContext ctx) {
    return connector(ctx, Map.of());
  }

  /** A connector against the stub, with the clinician mapped and the token endpoint stubbed. */
  static ZocdocConnector connector(ConnectorTestContext ctx, Map<String, String> extra) {
    ctx.secrets().put("zocdoc/client-id", Secret.of("tck-client"));
    ctx.secrets().put("zocdoc/client-secret", Secret.of("tck-secret"));
    if (ctx.clinicians().find(CLINICIAN).isEmpty()) {
      ctx.clinicians().save(Clinician.of(CLINICIAN, "Dr. Quincy", ZocdocPayloads.NEW_YORK, WeeklyAvailability.NONE)
          .withExternalIds(Set.of(ExternalIdentity.of(SourceSystem.ZOCDOC, ZocdocPayloads.PROVIDER))));
    }
    ctx.vendor().stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(okJson(ZocdocPayloads.token())));
    Map<String, String> props = new LinkedHashMap<>();
    props.put(ZocdocSettings.Keys.ENVIRONMENT, "sandbox");
    props.put(ZocdocSettings.Keys.TOKEN_URL, ctx.baseUrl() + "/oauth/token");
    props.putAll(extra);
    ZocdocSettings settings = ZocdocSettings.from(ctx.config(ZocdocConnectorProvider.TYPE, props));
    return ZocdocConnector.builder(settings, ctx.connectorContext()).sleeper(ctx.sleeper()).build();
  }

  @Override
  protected UrlPattern fetchUrlPattern() {
    return urlPathEqualTo(APPOINTMENTS);
  }

  /** Stubs {@code items} as consecutive pages of {@code pageSize}, each with the total. */
  static void stubPages(ConnectorTestContext ctx, List<ObjectNode> items, int pageSize) {
    int pages = Math.max(1, (items.size() + pageSize - 1) / pageSize);
    for (int p = 0; p < pages; p++) {
      List<ObjectNode> slice = items.subList(p * pageSize, Math.min(items.size(), (p + 1) * pageSize));
      ctx.vendor().stubFor(get(urlPathEqualTo(APPOINTMENTS)).withQueryParam("page", equalTo(Integer.toString(p)))
          .willReturn(okJson(page(slice, p, pageSize, (long) items.size()))));
    }
  }

  @Override
  protected Map<String, TimeWindow> stubMultiPageFullFetch(ConnectorTestContext ctx, TimeWindow window, int records,
      int pageSize) {
    Map<String, TimeWindow> expected = new LinkedHashMap<>();
    List<ObjectNode> items = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      Instant start = window.start().plus(Duration.ofHours(14 + 5 * i));
      Duration length = Duration.ofMinutes(i % 2 == 0 ? 30 : 45);
      String id = id(i + 1);
      items.add(appointment(id, start, length, "confirmed"));
      expected.put(id, new TimeWindow(start, start.plus(length)));
    }
    stubPages(ctx, items, pageSize);
    return expected;
  }

  @Override
  protected String stubRepeatedRecord(ConnectorTestContext ctx, TimeWindow window) {
    Instant at = window.start().plus(Duration.ofHours(15));
    List<ObjectNode> items = List.of(appointment(id(1), at), appointment(id(2), at.plus(Duration.ofHours(1))),
        appointment(id(1), at));
    stubPages(ctx, items, pageSize());
    return id(1);
  }

  @Override
  protected @Nullable IncrementalStub stubIncrementalChanges(ConnectorTestContext ctx, TimeWindow window) {
    return null; // Zocdoc has no change feed: full fetches, plus webhooks for targeted refreshes
  }

  @Override
  protected BadRecordsStub stubBadRecords(ConnectorTestContext ctx, TimeWindow window) {
    Instant at = window.start().plus(Duration.ofHours(15));
    ObjectNode good = appointment(id(1), at);
    ObjectNode missingStart = appointment(id(2), at);
    missingStart.remove("start_time");
    ObjectNode endBeforeStart = appointment(id(3), at);
    endBeforeStart.put("end_time", "2026-03-02T09:00:00-05:00");
    endBeforeStart.put("start_time", "2026-03-02T10:00:00-05:00");
    ObjectNode unknownZone = appointment(id(4), at);
    unknownZone.put("time_zone", "America/Gotham");
    ObjectNode absurd = appointment(id(5), at);
    absurd.put("start_time", "9999-12-31T09:00:00-05:00");
    absurd.put("end_time", "9999-12-31T09:30:00-05:00");
    stubPages(ctx, List.of(good, missingStart, endBeforeStart, unknownZone, absurd), pageSize());
    return new BadRecordsStub(Set.of(id(1)), Map.of(BadValue.MISSING_START, id(2), BadValue.END_BEFORE_START, id(3),
        BadValue.UNKNOWN_ZONE, id(4), BadValue.ABSURD_DATE, id(5)));
  }

  @Override
  protected Map<String, AppointmentStatus> stubDocumentedStatuses(ConnectorTestContext ctx, TimeWindow window) {
    Map<String, AppointmentStatus> expected = new LinkedHashMap<>();
    expected.put("pending_booking", AppointmentStatus.PENDING);
    expected.put("confirmed", AppointmentStatus.CONFIRMED);
    expected.put("booking_failed", AppointmentStatus.CANCELLED);
    expected.put("cancelled", AppointmentStatus.CANCELLED);
    expected.put("no_show", AppointmentStatus.NO_SHOW);
    expected.put("pending_reschedule", AppointmentStatus.PENDING);
    expected.put("rescheduled", AppointmentStatus.CONFIRMED);
    expected.put("reschedule_failed", AppointmentStatus.CONFIRMED);
    List<ObjectNode> items = new ArrayList<>();
    Map<String, AppointmentStatus> byId = new LinkedHashMap<>();
    int n = 1;
    for (Map.Entry<String, AppointmentStatus> e : expected.entrySet()) {
      String id = id(n);
      items.add(appointment(id, window.start().plus(Duration.ofHours(14 + n)), Duration.ofMinutes(30), e.getKey()));
      byId.put(id, e.getValue());
      n++;
    }
    stubPages(ctx, items, pageSize());
    return byId;
  }

  @Override
  protected Optional<String> stubUndocumentedValues(ConnectorTestContext ctx, TimeWindow window) {
    ObjectNode odd = appointment(id(9), window.start().plus(Duration.ofHours(15)));
    odd.put("appointment_status", "waitlisted");
    odd.put("patient_type", "returning");
    stubPages(ctx, List.of(odd, appointment(id(10), window.start().plus(Duration.ofHours(17)))), pageSize());
    return Optional.of(id(9));
  }

  @Override
  protected Set<String> plantedPhi() {
    return ZocdocPayloads.PHI;
  }
}
