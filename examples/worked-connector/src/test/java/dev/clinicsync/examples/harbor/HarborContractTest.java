package dev.clinicsync.examples.harbor;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.UrlPattern;
import dev.clinicsync.connectors.tck.AuthStyle;
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
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.store.Secret;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Step 6 of the guide: the Harbor connector passes the connector TCK. Each method serves one
 * scenario in Harbor's wire format from the TCK's WireMock vendor; the TCK's checks do the rest
 * (normalization, PHI, paging, cursors, deletions, faults, hostile responses, limits).
 */
class HarborContractTest extends ConnectorContractTest {
  private static final String VISITS = "/api/v2/practices/pr-9/visits";

  @Override
  protected SourceConnector createConnector(ConnectorTestContext ctx) {
    ctx.secrets().put(HarborConnector.DEFAULT_API_KEY_SECRET, Secret.of("hb_live_tck_key"));
    ctx.clinicians().save(Clinician.of(ClinicianId.of("dr-ortiz"), "Dr Ortiz", HarborFixtures.PRACTICE_ZONE,
        WeeklyAvailability.NONE).withExternalIds(Set.of(ExternalIdentity.of(HarborConnector.SYSTEM, "hb-7"))));
    return new HarborConnector(ctx.config(HarborConnectorProvider.TYPE, Map.of("practice", "pr-9")),
        ctx.connectorContext(), ctx.sleeper());
  }

  @Override
  protected AuthStyle authStyle() {
    return AuthStyle.STATIC_CREDENTIALS; // an API key: a 401 cannot be refreshed away
  }

  @Override
  protected UrlPattern fetchUrlPattern() {
    return urlPathEqualTo(VISITS);
  }

  @Override
  protected Set<String> plantedPhi() {
    return HarborFixtures.PLANTED;
  }

  private static MappingBuilder fullFetch(@Nullable String cursor) {
    return get(urlPathEqualTo(VISITS)).withQueryParam("changed_since", absent())
        .withQueryParam("cursor", cursor == null ? absent() : equalTo(cursor));
  }

  private static LocalDateTime local(int index) {
    return LocalDateTime.parse("2026-03-02T08:00:00").plusDays(index % 7).plusHours(index / 7);
  }

  private static TimeWindow window(LocalDateTime start, LocalDateTime end) {
    return TimeWindow.of(start.atZone(HarborFixtures.PRACTICE_ZONE).toInstant(), end.atZone(HarborFixtures.PRACTICE_ZONE).toInstant());
  }

  @Override
  protected Map<String, TimeWindow> stubMultiPageFullFetch(ConnectorTestContext ctx, TimeWindow window, int records, int pageSize) {
    Map<String, TimeWindow> expected = new LinkedHashMap<>();
    List<ObjectNode> all = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      LocalDateTime start = local(i);
      all.add(HarborFixtures.visit("v-" + i, start, start.plusMinutes(45), "booked", "session"));
      expected.put("v-" + i, window(start, start.plusMinutes(45)));
    }
    int pages = (records + pageSize - 1) / pageSize;
    for (int p = 0; p < pages; p++) {
      boolean last = p == pages - 1;
      ctx.vendor().stubFor(fullFetch(p == 0 ? null : "c" + p).willReturn(okJson(HarborFixtures.page(
          all.subList(p * pageSize, Math.min(records, (p + 1) * pageSize)), List.of(),
          last ? null : "c" + (p + 1), last ? "chg-1" : null))));
    }
    return expected;
  }

  @Override
  protected IncrementalStub stubIncrementalChanges(ConnectorTestContext ctx, TimeWindow window) {
    Map<String, TimeWindow> initial = new LinkedHashMap<>();
    List<ObjectNode> visits = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      visits.add(HarborFixtures.visit("inc-" + i, local(i), local(i).plusHours(1), "booked", "session"));
      initial.put("inc-" + i, window(local(i), local(i).plusHours(1)));
    }
    ctx.vendor().stubFor(fullFetch(null).willReturn(okJson(HarborFixtures.page(visits, List.of(), null, "chg-1"))));
    ctx.vendor().stubFor(get(urlPathEqualTo(VISITS)).withQueryParam("changed_since", equalTo("chg-1")).willReturn(okJson(
        HarborFixtures.page(List.of(
            HarborFixtures.visit("inc-2", local(2).plusHours(2), local(2).plusHours(3), "confirmed", "session"),
            HarborFixtures.visit("inc-4", local(4), local(4).plusHours(1), "requested", "intake")),
            List.of("inc-3"), null, "chg-2"))));
    return new IncrementalStub(initial, Set.of("inc-2", "inc-4"), Set.of("inc-3"));
  }

  @Override
  protected String stubRepeatedRecord(ConnectorTestContext ctx, TimeWindow window) {
    LocalDateTime t = local(0);
    ctx.vendor().stubFor(fullFetch(null).willReturn(okJson(HarborFixtures.page(List.of(
        HarborFixtures.visit("twice", t, t.plusHours(1), "booked", "session"),
        HarborFixtures.visit("once", t.plusHours(2), t.plusHours(3), "booked", "session"),
        HarborFixtures.visit("twice", t.plusHours(4), t.plusHours(5), "booked", "session")), List.of(), null, "chg-1"))));
    return "twice";
  }

  @Override
  protected BadRecordsStub stubBadRecords(ConnectorTestContext ctx, TimeWindow window) {
    LocalDateTime t = local(0);
    ObjectNode badZone = HarborFixtures.visit("bad-zone", t, t.plusHours(1), "booked", "session");
    badZone.put("zone", "Central Standard Time (Mars)");
    ctx.vendor().stubFor(fullFetch(null).willReturn(okJson(HarborFixtures.page(List.of(
        HarborFixtures.visit("good-1", t, t.plusHours(1), "booked", "session"),
        HarborFixtures.visit("bad-nostart", null, t.plusHours(1), "booked", "session"),
        HarborFixtures.visit("bad-order", t.plusHours(2), t.plusHours(1), "booked", "session"),
        badZone,
        HarborFixtures.visit("bad-absurd", LocalDateTime.parse("0001-01-01T09:00:00"),
            LocalDateTime.parse("0001-01-01T10:00:00"), "booked", "session"),
        HarborFixtures.visit("good-2", t.plusDays(1), t.plusDays(1).plusHours(1), "confirmed", "paperwork")),
        List.of(), null, "chg-1"))));
    return new BadRecordsStub(Set.of("good-1", "good-2"), Map.of(
        BadValue.MISSING_START, "bad-nostart", BadValue.END_BEFORE_START, "bad-order",
        BadValue.UNKNOWN_ZONE, "bad-zone", BadValue.ABSURD_DATE, "bad-absurd"));
  }

  @Override
  protected Map<String, AppointmentStatus> stubDocumentedStatuses(ConnectorTestContext ctx, TimeWindow window) {
    Map<String, AppointmentStatus> expected = new LinkedHashMap<>();
    List<ObjectNode> visits = new ArrayList<>();
    int i = 0;
    for (String code : HarborMapper.STATE.documentedCodes()) {
      visits.add(HarborFixtures.visit("st-" + code, local(i), local(i).plusMinutes(30), code, "session"));
      expected.put("st-" + code, HarborMapper.STATE.lookup(code).orElseThrow());
      i++;
    }
    ctx.vendor().stubFor(fullFetch(null).willReturn(okJson(HarborFixtures.page(visits, List.of(), null, "chg-1"))));
    return expected;
  }

  @Override
  protected Optional<String> stubUndocumentedValues(ConnectorTestContext ctx, TimeWindow window) {
    ctx.vendor().stubFor(fullFetch(null).willReturn(okJson(HarborFixtures.page(List.of(
        HarborFixtures.visit("odd-1", local(0), local(0).plusHours(1), "rescheduled_by_robot", "equine_therapy")),
        List.of(), null, "chg-1"))));
    return Optional.of("odd-1");
  }
}
