package dev.clinicsync.connectors.zocdoc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.connector.FetchLoop;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.FetchResult;
import dev.clinicsync.core.connector.SourceRecord;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Zocdoc's 1,000-result cap per query")
class ZocdocResultCapTest {
  static final TimeWindow WEEK = TimeWindow.of(Instant.parse("2026-03-02T05:00:00Z"), Instant.parse("2026-03-09T05:00:00Z"));
  static final Instant RUSH = Instant.parse("2026-03-04T15:00:00Z");

  private final CappedZocdocStub zocdoc = new CappedZocdocStub();
  private final ZocdocTestSetup setup = new ZocdocTestSetup();

  @AfterEach
  void stop() {
    zocdoc.close();
  }

  private void clinician(String id, String... zocdocIds) {
    Set<ExternalIdentity> ids = new HashSet<>();
    for (String z : zocdocIds) {
      ids.add(ExternalIdentity.of(SourceSystem.ZOCDOC, z));
    }
    setup.clinicians.save(Clinician.of(ClinicianId.of(id), id, ZocdocPayloads.NEW_YORK, WeeklyAvailability.NONE)
        .withExternalIds(ids));
  }

  private static ObjectNode at(String id, Instant start, String provider, String location) {
    ObjectNode a = ZocdocPayloads.appointment(id, start, Duration.ofMinutes(20), "confirmed");
    a.put("provider_location_id", provider + "|" + location);
    return a;
  }

  /**
   * 2,500 appointments in one week: 1,300 spread over the week (several on the slice boundaries the
   * halving produces), and 1,200 all starting at the same instant — 1,050 of them for one provider
   * at two locations — so that time, provider and location splits are all needed.
   */
  private Set<String> plantWeek() {
    clinician("dr-a-soho", "pr_A|lo_1");
    clinician("dr-a-uptown", "pr_A|lo_2");
    clinician("dr-b", "pr_B");
    clinician("dr-c", "pr_C");
    Set<String> ids = new HashSet<>();
    Random random = new Random(20260302L);
    String[][] pls = {{"pr_A", "lo_1"}, {"pr_A", "lo_2"}, {"pr_B", "lo_1"}, {"pr_C", "lo_3"}};
    int n = 0;
    for (int i = 0; i < 1300; i++) {
      // quarter hours over the week; every 50th exactly on a whole hour, where halving often lands
      long minutes = i % 50 == 0 ? 60L * random.nextInt(7 * 24) : 15L * random.nextInt(7 * 24 * 4);
      String[] pl = pls[random.nextInt(pls.length)];
      String id = ZocdocPayloads.id(++n);
      zocdoc.put(at(id, WEEK.start().plus(Duration.ofMinutes(minutes)), pl[0], pl[1]));
      ids.add(id);
    }
    for (int i = 0; i < 1200; i++) {
      String[] pl = i < 525 ? pls[0] : i < 1050 ? pls[1] : pls[2];
      String id = ZocdocPayloads.id(++n);
      zocdoc.put(at(id, RUSH, pl[0], pl[1]));
      ids.add(id);
    }
    return ids;
  }

  private FetchResult fetchWeek(Map<String, String> extra) {
    ZocdocConnector connector = setup.connector(setup.config(zocdoc.baseUrl(), zocdoc.target(), extra));
    return FetchLoop.readAll(connector, FetchRequest.full(WEEK), setup.sleeper.clock(), p -> { });
  }

  @ParameterizedTest(name = "total_count sent: {0}")
  @ValueSource(booleans = {true, false})
  @DisplayName("2,500 appointments in one week all arrive, none twice, though no query returns more than 1,000")
  void noneLostNoneDuplicated(boolean total) {
    Set<String> planted = plantWeek();
    zocdoc.sendTotal(total);

    FetchResult result = fetchWeek(Map.of());

    List<String> ids = result.appointmentUpserts().stream().map(r -> r.appointment().source().externalId()).toList();
    assertThat(result.issues()).as("issues (a repeated record would be one)").isEmpty();
    assertThat(ids).as("appointments fetched").hasSize(2500).doesNotHaveDuplicates();
    assertThat(Set.copyOf(ids)).isEqualTo(planted);
    assertThat(zocdoc.refusals()).as("requests with a page over 10 or a page size over 100").isZero();
    Map<String, Long> byClinician = result.appointmentUpserts().stream()
        .collect(Collectors.groupingBy(r -> r.appointment().clinicianId().value(), Collectors.counting()));
    assertThat(byClinician.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2500);
    assertThat(result.retentions()).as("the provider and location splits keep what they could not see")
        .anySatisfy(r -> assertThat(r.window()).hasValueSatisfying(w -> assertThat(w.contains(RUSH)).isTrue()));
  }

  @Test
  @DisplayName("without splitting, the same week would lose appointments: the stub really caps at 1,000")
  void theStubCaps() {
    plantWeek();
    ZocdocConnector connector = setup.connector(setup.config(zocdoc.baseUrl(), zocdoc.target(),
        Map.of(ZocdocSettings.Keys.RESULT_CAP, "100000", ZocdocSettings.Keys.MAX_PAGE_INDEX, "1000")));
    FetchResult result = FetchLoop.readAll(connector, FetchRequest.full(WEEK), setup.sleeper.clock(), p -> { });
    assertThat(result.appointmentUpserts()).as("what one unsplit query returns").hasSizeLessThanOrEqualTo(1000);
  }

  @Test
  @DisplayName("a slice still over the cap after every split fails with a permanent error, never a silent loss")
  void unsplittableSliceFails() {
    clinician("dr-a", "pr_A");
    for (int i = 0; i < 1001; i++) {
      zocdoc.put(at(ZocdocPayloads.id(i + 1), RUSH, "pr_A", "lo_1"));
    }
    assertThatThrownBy(() -> fetchWeek(Map.of()))
        .isInstanceOf(PermanentConnectorException.class)
        .hasMessageContaining("cannot be split further");
  }

  @Test
  @DisplayName("an appointment starting before the window but running into it is fetched; one ending before it is not")
  void lookbackCatchesOverlaps() {
    clinician("dr-a", "pr_A");
    zocdoc.put(at("overlapping-0001", WEEK.start().minus(Duration.ofMinutes(10)), "pr_A", "lo_1"));
    zocdoc.put(at("before-0002", WEEK.start().minus(Duration.ofHours(2)), "pr_A", "lo_1"));
    List<SourceRecord> got = fetchWeek(Map.of()).appointmentUpserts();
    assertThat(got).extracting(r -> r.appointment().source().externalId()).containsExactly("overlapping-0001");
  }
}
