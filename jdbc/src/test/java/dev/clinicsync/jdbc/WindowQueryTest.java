package dev.clinicsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.BusyBlock.DateSpan;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.testkit.Appointments;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Window queries are index-bounded below as well as above (V5, {@code WindowBounds}); these tests
 * pin that the lower bound loses nothing: rows that start before the window and reach into it are
 * returned whatever their length, on H2 and on PostgreSQL.
 */
class WindowQueryTest {
  /** A mid-year week: the case whose scan used to walk every earlier row of the clinician. */
  private static final Instant FROM = Instant.parse("2026-06-15T04:00:00Z");
  private static final TimeWindow WEEK = new TimeWindow(FROM, FROM.plus(Duration.ofDays(7)));
  private static final Duration DAY = Duration.ofDays(1);
  private static final ConnectorId OWNER = ConnectorId.of("google-all");

  static Stream<Arguments> databases() {
    Supplier<TestDatabases.TestDb> h2 = TestDatabases::h2;
    Supplier<TestDatabases.TestDb> pg = TestDatabases::postgres;
    return Stream.of(Arguments.of("H2", h2), Arguments.of("PostgreSQL", pg));
  }

  private static Appointment appointment(String clinician, Instant start, Duration length) {
    return Appointments.booked().forClinician(clinician).at(start).lasting(length).build();
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource("databases")
  @DisplayName("appointments that start before the window and end inside it are returned, short or long")
  void appointmentsReachingIn(String name, Supplier<TestDatabases.TestDb> database) {
    JdbcStores stores = StoreContractsTest.stores(database, Clock.systemUTC());
    List<Appointment> inside = List.of(
        appointment("dr-lee", FROM.minus(Duration.ofHours(1)), Duration.ofHours(2)),
        // exactly the short span, ending a minute into the window (the lower bound's edge)
        appointment("dr-lee", FROM.minus(DAY).plusSeconds(60), DAY),
        // one second longer than the short span: found only through long_span
        appointment("dr-lee", FROM.minus(DAY).minusSeconds(1).plusSeconds(60), DAY.plusSeconds(1)),
        // a ten-day retreat blocked as one appointment, starting nine days earlier
        appointment("dr-lee", FROM.minus(Duration.ofDays(9)), Duration.ofDays(10)),
        // a sabbatical spanning the whole window
        appointment("dr-lee", FROM.minus(Duration.ofDays(60)), Duration.ofDays(120)),
        // plain ones inside and at the window's end edge
        appointment("dr-lee", FROM.plus(Duration.ofDays(2)), Duration.ofMinutes(50)),
        appointment("dr-lee", WEEK.end().minusSeconds(1), Duration.ofMinutes(50)),
        appointment("dr-kim", FROM.minus(Duration.ofDays(3)), Duration.ofDays(4)));
    List<Appointment> outside = List.of(
        // long, but over at the window's start (half-open)
        appointment("dr-lee", FROM.minus(Duration.ofDays(3)), Duration.ofDays(3)),
        appointment("dr-lee", FROM.minus(Duration.ofHours(2)), Duration.ofHours(2)),
        appointment("dr-lee", FROM.minus(Duration.ofDays(40)), Duration.ofDays(2)),
        appointment("dr-lee", WEEK.end(), Duration.ofHours(30)));
    // in the window, but for a clinician the first two queries do not ask for
    Appointment ong = appointment("dr-ong", FROM.minus(Duration.ofDays(9)), Duration.ofDays(10));
    inside.forEach(stores.appointments()::upsertBySource);
    outside.forEach(stores.appointments()::upsertBySource);
    stores.appointments().upsertBySource(ong);

    List<Appointment> lee = stores.appointments().find(
        AppointmentQuery.builder().window(WEEK).clinician(ClinicianId.of("dr-lee")).build());
    assertThat(lee).extracting(Appointment::source)
        .containsExactlyInAnyOrderElementsOf(inside.stream().filter(a -> a.clinicianId().value().equals("dr-lee"))
            .map(Appointment::source).toList());
    assertThat(lee).extracting(Appointment::start).isSorted();

    List<Appointment> two = stores.appointments().find(AppointmentQuery.builder().window(WEEK)
        .clinician(ClinicianId.of("dr-lee"), ClinicianId.of("dr-kim")).build());
    assertThat(two).extracting(Appointment::source)
        .containsExactlyInAnyOrderElementsOf(inside.stream().map(Appointment::source).toList());

    List<Appointment> everyone = stores.appointments().find(AppointmentQuery.in(WEEK));
    assertThat(everyone).extracting(Appointment::source)
        .containsExactlyInAnyOrderElementsOf(Stream.concat(inside.stream(), Stream.of(ong)).map(Appointment::source).toList());
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource("databases")
  @DisplayName("an appointment made longer in place moves to the long branch and is still found")
  void appointmentGrowsLong(String name, Supplier<TestDatabases.TestDb> database) {
    JdbcStores stores = StoreContractsTest.stores(database, Clock.systemUTC());
    Appointment shortOne = stores.appointments().upsertBySource(
        appointment("dr-lee", FROM.minus(Duration.ofDays(5)), Duration.ofHours(1))).appointment();
    AppointmentQuery query = AppointmentQuery.builder().window(WEEK).clinician(ClinicianId.of("dr-lee")).build();
    assertThat(stores.appointments().find(query)).isEmpty();

    Appointment longer = shortOne.toBuilder().end(FROM.plus(Duration.ofHours(3))).build();
    stores.appointments().save(longer);

    assertThat(stores.appointments().find(query)).extracting(Appointment::id).containsExactly(shortOne.id());
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource("databases")
  @DisplayName("busy blocks that start before the window and end inside it are returned, timed or a multi-day all-day block")
  void busyBlocksReachingIn(String name, Supplier<TestDatabases.TestDb> database) {
    JdbcStores stores = StoreContractsTest.stores(database, Clock.systemUTC());
    ClinicianId lee = ClinicianId.of("dr-lee");
    ZoneId zone = ZoneId.of("America/Chicago");
    BusyBlock overnight = BusyBlock.timed(SourceRef.of(SourceSystem.GOOGLE, "ev_0a1b2c"), "primary", lee,
        FROM.minus(Duration.ofHours(10)), FROM.plus(Duration.ofHours(1)));
    BusyBlock vacation = BusyBlock.allDay(SourceRef.of(SourceSystem.GOOGLE, "ev_vac_2026"), "primary", lee,
        new DateSpan(LocalDate.of(2026, 6, 6), LocalDate.of(2026, 6, 17)), zone);
    BusyBlock conference = BusyBlock.timed(SourceRef.of(SourceSystem.GOOGLE, "ev_conf"), "primary", lee,
        FROM.minus(Duration.ofDays(4)), FROM.minus(Duration.ofDays(1)));
    BusyBlock otherClinician = BusyBlock.allDay(SourceRef.of(SourceSystem.GOOGLE, "ev_kim_vac"), "primary",
        ClinicianId.of("dr-kim"), new DateSpan(LocalDate.of(2026, 6, 6), LocalDate.of(2026, 6, 17)), zone);
    for (BusyBlock b : List.of(overnight, vacation, conference, otherClinician)) {
      stores.busyBlocks().upsert(OWNER, b);
    }

    assertThat(stores.busyBlocks().find(lee, WEEK)).containsExactly(vacation, overnight);
  }
}
