package dev.clinicsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.testkit.Appointments;
import dev.clinicsync.core.testkit.MutableClock;
import dev.clinicsync.jdbc.internal.WindowBounds;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The plan of a multi-clinician week query on a year of appointments: both branches of
 * {@link WindowBounds} are index scans bounded on {@code start_s} from below and above (the query
 * used to be bounded from above only, walking every earlier row of each clinician). The plans are
 * printed for the record.
 */
class WindowPlanTest {
  static Stream<Arguments> databases() {
    Supplier<TestDatabases.TestDb> h2 = TestDatabases::freshH2;
    Supplier<TestDatabases.TestDb> pg = TestDatabases::freshPostgres;
    return Stream.of(Arguments.of("H2", h2), Arguments.of("PostgreSQL", pg));
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource("databases")
  @DisplayName("a mid-year week for several clinicians is read through the clinician-start index, bounded on both sides")
  void bothBoundsOnTheIndex(String name, Supplier<TestDatabases.TestDb> database) throws SQLException {
    try (TestDatabases.TestDb db = database.get()) {
      JdbcStores stores = JdbcStores.builder().dataSource(db.dataSource())
          .clock(MutableClock.at("2026-03-02T12:00:00Z")).build();
      // 16 clinicians, a 50-minute appointment every 4 hours for a year, and a few long ones
      List<Appointment> rows = new ArrayList<>();
      Instant first = Instant.parse("2026-01-01T08:00:00Z");
      for (int c = 0; c < 16; c++) {
        for (int slot = 0; slot < 365 * 6; slot++) {
          Duration length = slot % 500 == 115 ? Duration.ofDays(3) : Duration.ofMinutes(50);
          rows.add(Appointments.booked().forClinician("clin-" + c).at(first.plus(Duration.ofHours(4L * slot)))
              .lasting(length).build());
        }
      }
      for (int from = 0; from < rows.size(); from += 10_000) {
        stores.importNewAppointments(rows.subList(from, Math.min(rows.size(), from + 10_000)));
      }
      try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
        st.execute(db.dialect() == Dialect.POSTGRESQL ? "ANALYZE" : "ANALYZE TABLE cs_appointment");
      }

      TimeWindow week = new TimeWindow(Instant.parse("2026-07-06T00:00:00Z"), Instant.parse("2026-07-13T00:00:00Z"));
      List<Object> clinicians = List.of("clin-1", "clin-5", "clin-9");
      String filter = " AND clinician_id IN (?, ?, ?)";
      String plan = explain(db, WindowBounds.select("*", "cs_appointment", filter),
          WindowBounds.params(week, clinicians));
      System.out.println("# window query plan on " + name + ":\n" + plan);

      String lower = plan.toLowerCase(Locale.ROOT);
      assertThat(lower).contains("cs_appointment_clinician_start").contains("cs_appointment_clinician_long");
      if (db.dialect() == Dialect.POSTGRESQL) {
        assertThat(lower).doesNotContain("seq scan");
        assertThat(lower).containsPattern("index cond: \\(\\(clinician_id = any \\(.*\\) and \\(start_s >= .*\\) and \\(start_s <= ");
      } else {
        assertThat(lower).containsPattern("cs_appointment_clinician_start: clinician_id in\\(.*\\)\\s+and start_s >= \\?1\\s+and start_s <= \\?2");
      }
      assertThat(stores.appointments().find(dev.clinicsync.core.store.AppointmentQuery.builder().window(week)
          .clinician(ClinicianId.of("clin-1")).build())).hasSize((int) rows.stream()
          .filter(a -> a.clinicianId().value().equals("clin-1") && week.overlaps(a.start(), a.end())).count());
    }
  }

  private static String explain(TestDatabases.TestDb db, String sql, List<Object> params) throws SQLException {
    StringBuilder out = new StringBuilder();
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.append(rs.getString(1)).append('\n');
        }
      }
    }
    return out.toString();
  }
}
