package dev.clinicsync.connectors.kit.reference;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.UrlPattern;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clinicsync.connectors.tck.BadRecordsStub;
import dev.clinicsync.connectors.tck.BadValue;
import dev.clinicsync.connectors.tck.ConnectorContractTest;
import dev.clinicsync.connectors.tck.ConnectorTestContext;
import dev.clinicsync.connectors.tck.IncrementalStub;
import dev.clinicsync.connectors.tck.Output;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.connector.SourceConnector;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The reference connector passes the connector TCK. Subclasses plant one flaw each. */
class ReferenceConnectorContractTest extends ConnectorContractTest {

  /** The defect to plant; none here. */
  Flaw flaw() {
    return Flaw.NONE;
  }

  @Override
  protected SourceConnector createConnector(ConnectorTestContext ctx) {
    ctx.secrets().put(FakeVendorConnector.CLIENT_ID, Secret.of("ref-client"));
    ctx.secrets().put(FakeVendorConnector.CLIENT_SECRET, Secret.of("ref-secret"));
    ctx.clinicians().save(Clinician.of(ClinicianId.of("dr-lee"), "Dr Lee", ZoneId.of("America/New_York"), WeeklyAvailability.NONE)
        .withExternalIds(Set.of(ExternalIdentity.of(FakeVendorConnector.SYSTEM, "pr-1"))));
    ctx.vendor().stubFor(post("/oauth/token").willReturn(okJson("{\"access_token\":\"ref-token\",\"expires_in\":3600}")));
    Output output = produces().contains(Output.BUSY_BLOCKS) ? Output.BUSY_BLOCKS : Output.APPOINTMENT_RECORDS;
    return new FakeVendorConnector(ctx.config("fakevendor", Map.of()), ctx.connectorContext(), ctx.sleeper(), flaw(), output);
  }

  @Override
  protected UrlPattern fetchUrlPattern() {
    return urlPathEqualTo("/v1/appointments");
  }

  @Override
  protected Set<String> plantedPhi() {
    return FakeVendorFixtures.PLANTED;
  }

  private static MappingBuilder fullFetch(@Nullable String pageToken) {
    return get(urlPathEqualTo("/v1/appointments")).withQueryParam("since", absent())
        .withQueryParam("page_token", pageToken == null ? absent() : equalTo(pageToken));
  }

  private static LocalDateTime local(int index) {
    return LocalDateTime.parse("2026-03-02T09:00:00").plusDays(index % 7).plusHours(index / 7);
  }

  @Override
  protected Map<String, TimeWindow> stubMultiPageFullFetch(ConnectorTestContext ctx, TimeWindow window, int records, int pageSize) {
    Map<String, TimeWindow> expected = new LinkedHashMap<>();
    List<ObjectNode> all = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      String id = "apt-" + i;
      LocalDateTime start = local(i);
      all.add(FakeVendorFixtures.appointment(id, start, start.plusMinutes(50), "booked", "consult"));
      expected.put(id, TimeWindow.of(start.atZone(FakeVendorFixtures.VENDOR_ZONE).toInstant(),
          start.plusMinutes(50).atZone(FakeVendorFixtures.VENDOR_ZONE).toInstant()));
    }
    int pages = (records + pageSize - 1) / pageSize;
    for (int p = 0; p < pages; p++) {
      List<ObjectNode> items = all.subList(p * pageSize, Math.min(records, (p + 1) * pageSize));
      boolean last = p == pages - 1;
      ctx.vendor().stubFor(fullFetch(p == 0 ? null : "page-" + p).willReturn(okJson(
          FakeVendorFixtures.page(items, List.of(), last ? null : "page-" + (p + 1), last ? "cursor-1" : null))));
    }
    return expected;
  }

  @Override
  protected IncrementalStub stubIncrementalChanges(ConnectorTestContext ctx, TimeWindow window) {
    Map<String, TimeWindow> initial = new LinkedHashMap<>();
    List<ObjectNode> items = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      LocalDateTime start = local(i);
      items.add(FakeVendorFixtures.appointment("inc-" + i, start, start.plusHours(1), "booked", "consult"));
      initial.put("inc-" + i, TimeWindow.of(start.atZone(FakeVendorFixtures.VENDOR_ZONE).toInstant(),
          start.plusHours(1).atZone(FakeVendorFixtures.VENDOR_ZONE).toInstant()));
    }
    ctx.vendor().stubFor(fullFetch(null).willReturn(okJson(FakeVendorFixtures.page(items, List.of(), null, "c-1"))));
    ctx.vendor().stubFor(get(urlPathEqualTo("/v1/appointments")).withQueryParam("since", equalTo("c-1")).willReturn(okJson(
        FakeVendorFixtures.page(List.of(
            FakeVendorFixtures.appointment("inc-2", local(2).plusHours(2), local(2).plusHours(3), "confirmed", "consult"),
            FakeVendorFixtures.appointment("inc-4", local(4), local(4).plusHours(1), "booked", "follow_up")),
            List.of("inc-3"), null, "c-2"))));
    return new IncrementalStub(initial, Set.of("inc-2", "inc-4"), Set.of("inc-3"));
  }

  @Override
  protected String stubRepeatedRecord(ConnectorTestContext ctx, TimeWindow window) {
    LocalDateTime t = local(0);
    List<ObjectNode> items = List.of(
        FakeVendorFixtures.appointment("twice", t, t.plusHours(1), "booked", "consult"),
        FakeVendorFixtures.appointment("good-1", t.plusHours(2), t.plusHours(3), "booked", "consult"),
        FakeVendorFixtures.appointment("twice", t.plusHours(4), t.plusHours(5), "booked", "consult"));
    ctx.vendor().stubFor(fullFetch(null).willReturn(okJson(FakeVendorFixtures.page(items, List.of(), null, "c-1"))));
    return "twice";
  }

  @Override
  protected BadRecordsStub stubBadRecords(ConnectorTestContext ctx, TimeWindow window) {
    LocalDateTime t = local(0);
    ObjectNode badZone = FakeVendorFixtures.appointment("bad-zone", t, t.plusHours(1), "booked", "consult");
    badZone.put("time_zone", "Mars/Olympus_Mons");
    List<ObjectNode> items = List.of(
        FakeVendorFixtures.appointment("good-1", t, t.plusHours(1), "booked", "consult"),
        FakeVendorFixtures.appointment("bad-nostart", null, t.plusHours(1), "booked", "consult"),
        FakeVendorFixtures.appointment("bad-order", t.plusHours(2), t.plusHours(1), "booked", "consult"),
        badZone,
        FakeVendorFixtures.appointment("bad-absurd", LocalDateTime.parse("0001-01-01T09:00:00"),
            LocalDateTime.parse("0001-01-01T10:00:00"), "booked", "consult"),
        FakeVendorFixtures.appointment("good-2", t.plusDays(1), t.plusDays(1).plusHours(1), "confirmed", "admin"));
    ctx.vendor().stubFor(fullFetch(null).willReturn(okJson(FakeVendorFixtures.page(items, List.of(), null, "c-1"))));
    return new BadRecordsStub(Set.of("good-1", "good-2"), Map.of(
        BadValue.MISSING_START, "bad-nostart", BadValue.END_BEFORE_START, "bad-order",
        BadValue.UNKNOWN_ZONE, "bad-zone", BadValue.ABSURD_DATE, "bad-absurd"));
  }

  @Override
  protected Map<String, AppointmentStatus> stubDocumentedStatuses(ConnectorTestContext ctx, TimeWindow window) {
    Map<String, AppointmentStatus> expected = new LinkedHashMap<>();
    List<ObjectNode> items = new ArrayList<>();
    int i = 0;
    for (String code : FakeVendorMapper.STATUS.documentedCodes()) {
      String id = "st-" + code;
      items.add(FakeVendorFixtures.appointment(id, local(i), local(i).plusMinutes(30), code, "consult"));
      expected.put(id, FakeVendorMapper.STATUS.lookup(code).orElseThrow());
      i++;
    }
    ctx.vendor().stubFor(fullFetch(null).willReturn(okJson(FakeVendorFixtures.page(items, List.of(), null, "c-1"))));
    return expected;
  }

  @Override
  protected Optional<String> stubUndocumentedValues(ConnectorTestContext ctx, TimeWindow window) {
    ctx.vendor().stubFor(fullFetch(null).willReturn(okJson(FakeVendorFixtures.page(List.of(
        FakeVendorFixtures.appointment("odd-1", local(0), local(0).plusHours(1), "teleported", "mystery_visit")),
        List.of(), null, "c-1"))));
    return Optional.of("odd-1");
  }
}
