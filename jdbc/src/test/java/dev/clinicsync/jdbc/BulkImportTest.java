package dev.clinicsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConflictOverride;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.OverrideReason;
import dev.clinicsync.core.model.PatientRef;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.AppointmentChange;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link JdbcStores#importNewAppointments} and {@link JdbcStores#importNewBusyBlocks} write exactly
 * what the store SPI writes for new source keys: the same rows (read back through the SPI) and the
 * same change sequence, on H2 and on PostgreSQL.
 */
class BulkImportTest {
  private static final int N = 1_500;
  private static final ConnectorId OWNER = ConnectorId.of("google-all");
  private final MutableClock clock = MutableClock.at("2026-03-02T12:00:00Z");

  static Stream<Arguments> databases() {
    Supplier<TestDatabases.TestDb> h2 = TestDatabases::freshH2;
    Supplier<TestDatabases.TestDb> pg = TestDatabases::freshPostgres;
    return Stream.of(Arguments.of("H2", h2), Arguments.of("PostgreSQL", pg));
  }

  /** Messy records as connectors bring them: optional fields present or not, long ones, metadata, overrides. */
  static List<Appointment> appointments(long seed, int n) {
    Random r = new Random(seed);
    SourceSystem[] systems = {SourceSystem.ZOCDOC, SourceSystem.SIMPLEPRACTICE, SourceSystem.KAREO,
        SourceSystem.ATHENAHEALTH, SourceSystem.INTERNAL};
    String[] zones = {"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"};
    Instant year = Instant.parse("2026-01-05T13:00:00Z");
    List<Appointment> out = new ArrayList<>();
    List<AppointmentId> earlier = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SourceSystem system = systems[r.nextInt(systems.length)];
      Instant start = year.plusSeconds(r.nextInt(360 * 86_400)).plusNanos(r.nextInt(3) == 0 ? r.nextInt(1_000_000_000) : 0);
      Duration length = r.nextInt(50) == 0 ? Duration.ofHours(24 + r.nextInt(200)) : Duration.ofMinutes(15 + r.nextInt(8) * 5);
      Appointment.Builder b = Appointment.builder()
          .source(r.nextBoolean() ? SourceRef.of(system, "ext-" + seed + "-" + i + "-Ω/é")
              : SourceRef.of(system, "ext-" + seed + "-" + i, "W/\"" + r.nextInt(9999) + "\""))
          .clinicianId(ClinicianId.of("clin-" + r.nextInt(40)))
          .start(start).end(start.plus(length))
          .status(AppointmentStatus.values()[r.nextInt(AppointmentStatus.values().length)])
          .type(r.nextBoolean() ? AppointmentType.CONSULT
              : new AppointmentType(AppointmentType.Kind.FOLLOW_UP, Optional.of("FU-" + r.nextInt(30))));
      if (r.nextBoolean()) {
        b.patient(PatientRef.of("tok_" + String.format("%016x", r.nextLong())));
      }
      if (r.nextBoolean()) {
        b.vendorProviderId("prov " + r.nextInt(500));
      }
      if (r.nextInt(3) > 0) {
        b.locationId("loc-" + r.nextInt(7));
      }
      if (r.nextBoolean()) {
        b.sourceZone(ZoneId.of(zones[r.nextInt(zones.length)]));
      }
      if (r.nextInt(4) == 0) {
        b.putSourceMetadata("etag", "\"" + Long.toHexString(r.nextLong()) + "\"").putSourceMetadata("room", "2B; east=wing");
      }
      if (r.nextBoolean()) {
        b.connector(ConnectorId.of(system.id() + "-main"));
      }
      if (r.nextInt(10) == 0 && !earlier.isEmpty()) {
        b.conflictIds(Set.of(earlier.get(r.nextInt(earlier.size()))));
        b.override(ConflictOverride.of(OverrideReason.values()[r.nextInt(OverrideReason.values().length)],
            "user-" + r.nextInt(9), start.minusSeconds(3_600)));
      }
      Appointment a = b.build();
      earlier.add(a.id());
      out.add(a);
    }
    return out;
  }

  static List<BusyBlock> busyBlocks(long seed, int n) {
    Random r = new Random(seed);
    List<BusyBlock> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ClinicianId clinician = ClinicianId.of("clin-" + r.nextInt(40));
      SourceRef source = SourceRef.of(SourceSystem.GOOGLE, "ev_" + seed + "_" + i, "\"" + r.nextInt(99_999) + "\"");
      if (r.nextInt(10) == 0) {
        LocalDate first = LocalDate.of(2026, 1, 5).plusDays(r.nextInt(350));
        out.add(BusyBlock.allDay(source, "primary", clinician,
            new BusyBlock.DateSpan(first, first.plusDays(1 + r.nextInt(10))), ZoneId.of("America/Denver")));
      } else {
        Instant start = Instant.parse("2026-01-05T12:00:00Z").plusSeconds(60L * r.nextInt(500_000));
        out.add(BusyBlock.timed(source, r.nextBoolean() ? "primary" : "c_" + r.nextInt(99) + "@group.calendar.google.com",
            clinician, start, start.plus(Duration.ofMinutes(30 + 15 * r.nextInt(6)))));
      }
    }
    return out;
  }

  private static List<String> changes(JdbcStores stores) {
    List<String> out = new ArrayList<>();
    for (AppointmentChange c : stores.changes().since(0, Integer.MAX_VALUE)) {
      out.add(c.changeId() + " " + c.appointmentId().value() + " " + c.clinicianId().value() + " " + c.kind());
    }
    return out;
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource("databases")
  @DisplayName("appointments imported in bulk read back through the store SPI exactly as ones upserted one by one, change sequence included")
  void appointmentsAsTheSpiWritesThem(String name, Supplier<TestDatabases.TestDb> database) {
    List<Appointment> records = appointments(18, N);
    try (TestDatabases.TestDb viaSpi = database.get(); TestDatabases.TestDb viaBulk = database.get()) {
      JdbcStores spi = JdbcStores.builder().dataSource(viaSpi.dataSource()).clock(clock).build();
      JdbcStores bulk = JdbcStores.builder().dataSource(viaBulk.dataSource()).clock(clock).build();
      for (int from = 0; from < N; from += 1_000) {
        List<Appointment> chunk = records.subList(from, Math.min(N, from + 1_000));
        spi.transactions().inTransaction(() -> {
          chunk.forEach(spi.appointments()::upsertBySource);
          return Boolean.TRUE;
        });
        assertThat(bulk.importNewAppointments(chunk)).isEqualTo(chunk.size());
      }

      assertThat(bulk.appointments().count()).isEqualTo(N);
      List<Appointment> expected = spi.appointments().find(AppointmentQuery.ALL);
      assertThat(bulk.appointments().find(AppointmentQuery.ALL)).isEqualTo(expected);
      assertThat(expected).allSatisfy(a -> assertThat(a.revision()).isEqualTo(1));
      TimeWindow june = new TimeWindow(Instant.parse("2026-06-15T00:00:00Z"), Instant.parse("2026-06-22T00:00:00Z"));
      AppointmentQuery week = AppointmentQuery.builder().window(june).clinician(ClinicianId.of("clin-7")).build();
      assertThat(bulk.appointments().find(week)).isEqualTo(spi.appointments().find(week)).isNotEmpty();
      Appointment sample = records.get(1_234 % N);
      assertThat(bulk.appointments().findBySource(sample.source())).isEqualTo(spi.appointments().findBySource(sample.source()));
      assertThat(changes(bulk)).hasSize(N).isEqualTo(changes(spi));
      assertThat(bulk.changes().latest()).isEqualTo(spi.changes().latest()).isEqualTo(N);
    }
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource("databases")
  @DisplayName("busy blocks imported in bulk read back as ones upserted one by one")
  void busyBlocksAsTheSpiWritesThem(String name, Supplier<TestDatabases.TestDb> database) {
    List<BusyBlock> blocks = busyBlocks(23, 1_500);
    try (TestDatabases.TestDb viaSpi = database.get(); TestDatabases.TestDb viaBulk = database.get()) {
      JdbcStores spi = JdbcStores.builder().dataSource(viaSpi.dataSource()).clock(clock).build();
      JdbcStores bulk = JdbcStores.builder().dataSource(viaBulk.dataSource()).clock(clock).build();
      blocks.forEach(b -> spi.busyBlocks().upsert(OWNER, b));
      assertThat(bulk.importNewBusyBlocks(OWNER, blocks)).isEqualTo(blocks.size());

      assertThat(bulk.busyBlocks().all()).containsExactlyInAnyOrderElementsOf(spi.busyBlocks().all());
      assertThat(bulk.busyBlocks().findByOwner(OWNER)).containsExactlyInAnyOrderElementsOf(blocks);
      TimeWindow june = new TimeWindow(Instant.parse("2026-06-01T00:00:00Z"), Instant.parse("2026-07-01T00:00:00Z"));
      assertThat(bulk.busyBlocks().find(ClinicianId.of("clin-3"), june))
          .isEqualTo(spi.busyBlocks().find(ClinicianId.of("clin-3"), june)).isNotEmpty();
    }
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource("databases")
  @DisplayName("an import that meets a stored source key fails as a storage conflict and keeps nothing of its batch")
  void takenKeyKeepsNothing(String name, Supplier<TestDatabases.TestDb> database) {
    List<Appointment> records = appointments(7, 30);
    try (TestDatabases.TestDb db = database.get()) {
      JdbcStores stores = JdbcStores.builder().dataSource(db.dataSource()).clock(clock).build();
      stores.appointments().upsertBySource(records.get(17));

      assertThatThrownBy(() -> stores.importNewAppointments(records))
          .isInstanceOf(StorageConflictException.class)
          .hasMessageNotContaining(records.get(17).source().externalId())
          .hasMessageNotContaining(records.get(17).id().value());
      assertThat(stores.appointments().count()).isEqualTo(1);
      assertThat(stores.changes().latest()).isEqualTo(1);
    }
  }
}
