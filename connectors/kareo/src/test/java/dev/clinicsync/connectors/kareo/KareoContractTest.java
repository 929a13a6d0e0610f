package dev.clinicsync.connectors.kareo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.matching.UrlPattern;
import dev.clinicsync.connectors.tck.AuthStyle;
import dev.clinicsync.connectors.tck.BadRecordsStub;
import dev.clinicsync.connectors.tck.BadValue;
import dev.clinicsync.connectors.tck.ConnectorContractTest;
import dev.clinicsync.connectors.tck.ConnectorTestContext;
import dev.clinicsync.connectors.tck.IncrementalStub;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.TimeWindow;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;

/** The connector TCK, run against the Kareo connector with WireMock speaking SOAP. */
@DisplayName("Kareo connector: the connector TCK")
class KareoContractTest extends ConnectorContractTest {
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Override
  protected SourceConnector createConnector(ConnectorTestContext ctx) {
    KareoFixtures.credentialsAndClinicians(ctx.secrets(), ctx.clinicians());
    return KareoConnector.builder(KareoSettings.from(ctx.config(KareoConnectorProvider.TYPE, KareoFixtures.properties())),
        ctx.connectorContext()).sleeper(ctx.sleeper()).build();
  }

  @Override
  protected UrlPattern fetchUrlPattern() {
    return urlPathEqualTo(KareoSettings.SERVICE_PATH);
  }

  @Override
  protected RequestMethod fetchMethod() {
    return RequestMethod.POST;
  }

  @Override
  protected AuthStyle authStyle() {
    return AuthStyle.STATIC_CREDENTIALS;
  }

  @Override
  protected String contentType() {
    return "text/xml; charset=utf-8";
  }

  @Override
  protected String malformedBody() {
    return "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><GetAppointmentsResponse>"
        + "<PatientFullName>Jordan Testpatient</PatientFullName";
  }

  @Override
  protected Map<String, TimeWindow> stubMultiPageFullFetch(ConnectorTestContext ctx, TimeWindow window, int records,
      int pageSize) {
    Map<String, TimeWindow> expected = new LinkedHashMap<>();
    List<Map<String, String>> rows = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      String id = Integer.toString(90_001 + i);
      LocalDateTime start = LocalDateTime.of(2026, 3, 2 + (i % 5), 8 + (i % 8), i % 2 == 0 ? 0 : 30);
      LocalDateTime end = start.plusMinutes(50);
      rows.add(KareoFixtures.row(id, i % 2 == 0 ? KareoFixtures.iso(start) : KareoFixtures.iso(start) + ".000",
          KareoFixtures.iso(end), "Scheduled", "101"));
      expected.put(id, TimeWindow.of(start.atZone(NEW_YORK).toInstant(), end.atZone(NEW_YORK).toInstant()));
    }
    serve(ctx, KareoXml.reply(rows));
    return expected;
  }

  @Override
  protected String stubRepeatedRecord(ConnectorTestContext ctx, TimeWindow window) {
    serve(ctx, KareoXml.reply(List.of(
        KareoFixtures.row("70001", "2026-03-03T09:00:00", "2026-03-03T10:00:00", "Scheduled", "101"),
        KareoFixtures.row("70002", "2026-03-03T11:00:00", "2026-03-03T12:00:00", "Scheduled", "101"),
        KareoFixtures.row("70001", "2026-03-03T09:00:00", "2026-03-03T10:00:00", "Confirmed", "101"))));
    return "70001";
  }

  @Override
  protected IncrementalStub stubIncrementalChanges(ConnectorTestContext ctx, TimeWindow window) {
    return null; // full fetch only
  }

  @Override
  protected BadRecordsStub stubBadRecords(ConnectorTestContext ctx, TimeWindow window) {
    Map<String, String> missingStart = KareoFixtures.row("60002", null, "2026-03-04T10:00:00", "Scheduled", "101");
    serve(ctx, KareoXml.reply(List.of(
        KareoFixtures.row("60001", "2026-03-04T09:00:00", "2026-03-04T10:00:00", "Scheduled", "101"),
        missingStart,
        KareoFixtures.row("60003", "2026-03-04T11:00:00", "2026-03-04T10:00:00", "Scheduled", "101"),
        KareoFixtures.row("60004", "0001-01-01T00:00:00", "0001-01-01T00:00:00", "Scheduled", "101"),
        KareoFixtures.row("60005", "3/5/2026 9:00:00 AM", "3/5/2026 9:45:00 AM", "Scheduled", "101"))));
    return new BadRecordsStub(Set.of("60001", "60005"), Map.of(
        BadValue.MISSING_START, "60002", BadValue.END_BEFORE_START, "60003", BadValue.ABSURD_DATE, "60004"));
  }

  @Override
  protected Map<String, AppointmentStatus> stubDocumentedStatuses(ConnectorTestContext ctx, TimeWindow window) {
    Map<String, AppointmentStatus> expected = new LinkedHashMap<>();
    List<Map<String, String>> rows = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, AppointmentStatus> e : Map.of("Scheduled", AppointmentStatus.SCHEDULED,
        "Confirmed", AppointmentStatus.CONFIRMED, "Tentative", AppointmentStatus.PENDING,
        "Check-in", AppointmentStatus.CONFIRMED, "Check-out", AppointmentStatus.COMPLETED,
        "Seen", AppointmentStatus.COMPLETED, "No-Show", AppointmentStatus.NO_SHOW,
        "Cancelled", AppointmentStatus.CANCELLED, "Rescheduled", AppointmentStatus.CANCELLED).entrySet()) {
      String id = Integer.toString(50_001 + i);
      LocalDateTime start = LocalDateTime.of(2026, 3, 5, 8 + i, 0);
      rows.add(KareoFixtures.row(id, KareoFixtures.iso(start), KareoFixtures.iso(start.plusMinutes(30)), e.getKey(),
          "101"));
      expected.put(id, e.getValue());
      i++;
    }
    serve(ctx, KareoXml.reply(rows));
    return expected;
  }

  @Override
  protected Optional<String> stubUndocumentedValues(ConnectorTestContext ctx, TimeWindow window) {
    Map<String, String> row = KareoFixtures.row("40001", "2026-03-05T09:00:00", "2026-03-05T09:30:00",
        "Awaiting Insurance", "101");
    row.put("Type", "Telehealth Group");
    serve(ctx, KareoXml.reply(List.of(row)));
    return Optional.of("40001");
  }

  @Override
  protected Set<String> plantedPhi() {
    return KareoFixtures.PLANTED_PHI;
  }

  private void serve(ConnectorTestContext ctx, String body) {
    ctx.vendor().stubFor(post(fetchUrlPattern()).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", contentType()).withBody(body)));
  }
}
