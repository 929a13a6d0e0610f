package dev.clinicsync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.sync.AppointmentView;
import dev.clinicsync.sync.BookingRequest;
import dev.clinicsync.sync.CalendarView;
import dev.clinicsync.sync.SyncCoordinator;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator benchmarks' paths on a small workload, on every {@link StoreType}: the loaded
 * stores must give the same calendar, and a booking and a reload must work, so that the
 * benchmarks compare like with like. Never a timing.
 */
class StoreTypesSmokeTest {
  /** One directory for the class: the PostgreSQL server started in it lives until the JVM exits. */
  @TempDir
  static Path dir;

  @BeforeAll
  static void storeDir() {
    System.setProperty("clinicsync.bench.storedir", dir.toString());
  }

  @AfterAll
  static void stopPostgres() {
    JdbcBenchStores.stopServer();
  }

  @Test
  @DisplayName("every store type, loaded with the same workload, gives the same calendars and takes bookings")
  void storeTypesAgree() {
    Workload w = Workload.fresh(12 * 261 * 3, 3);
    AppointmentQuery[] weeks = CalendarBenchmark.weekQueries(w, 2, 11);
    BookingRequest[] bookings = BookingBenchmark.requests(w, 4);
    Map<StoreType, int[]> entries = new EnumMap<>(StoreType.class);
    for (StoreType type : StoreType.values()) {
      try (BenchStores stores = type.open(w.appointments.length)) {
        stores.load(w);
        try (SyncCoordinator c = stores.coordinator(w).build()) {
          int[] counts = new int[8];
          for (int q = 0; q < counts.length; q++) {
            CalendarView view = c.aggregatedCalendar(Principal.SYSTEM, weeks[q]);
            counts[q] = view.entries().size() * 1000 + view.busyBlocks().size();
          }
          entries.put(type, counts);
          for (BookingRequest b : bookings) {
            AppointmentView booked = c.book(Principal.SYSTEM, b);
            assertThat(booked.clinicianId()).isEqualTo(b.clinicianId());
          }
        }
      }
    }
    assertThat(java.util.Arrays.stream(entries.get(StoreType.MEMORY)).max().orElse(0)).as("the weeks hold appointments")
        .isGreaterThanOrEqualTo(1000);
    entries.forEach((type, got) -> assertThat(got).as(type.name()).containsExactly(entries.get(StoreType.MEMORY)));
  }

  @Test
  @DisplayName("a database kept from an earlier run is reused without the bookings that run added")
  void reloadDropsEarlierBookings() {
    Workload w = Workload.fresh(12 * 261, 4);
    for (StoreType type : List.of(StoreType.H2, StoreType.POSTGRES)) {
      long first;
      try (BenchStores stores = type.open(w.appointments.length)) {
        stores.load(w);
        try (SyncCoordinator c = stores.coordinator(w).build()) {
          first = count(c);
          c.book(Principal.SYSTEM, BookingBenchmark.requests(w, 1)[0]);
          assertThat(count(c)).isEqualTo(first + 1);
        }
      }
      try (BenchStores again = type.open(w.appointments.length)) {
        again.load(w);
        try (SyncCoordinator c = again.coordinator(w).build()) {
          assertThat(count(c)).as(type.name()).isEqualTo(first).isEqualTo(w.appointments.length);
        }
      }
    }
  }

  @Test
  @DisplayName("the build generates JMH's benchmark list, so benchmarks.jar runs the store benchmarks")
  void benchmarkListGenerated() throws java.io.IOException {
    try (java.io.InputStream list = StoreTypesSmokeTest.class.getResourceAsStream("/META-INF/BenchmarkList")) {
      assertThat(list).as("META-INF/BenchmarkList").isNotNull();
      String text = new String(list.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(text).contains("StoreIngestBenchmark", "BookingBenchmark", "CalendarBenchmark", "MultiNodeBookingBenchmark");
    }
  }

  private static long count(SyncCoordinator c) {
    return c.aggregatedCalendar(Principal.SYSTEM, AppointmentQuery.builder()
        .window(dev.clinicsync.core.model.TimeWindow.of(java.time.Instant.parse("2025-06-01T00:00:00Z"),
            java.time.Instant.parse("2027-06-01T00:00:00Z"))).build()).entries().size();
  }
}
