package dev.clinicsync.conflict.testkit.assertions;

import static dev.clinicsync.conflict.testkit.assertions.ConflictAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.conflict.Conflict;
import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.conflict.ConflictPair;
import dev.clinicsync.conflict.ConflictReport;
import dev.clinicsync.conflict.Provenance;
import dev.clinicsync.conflict.ScanReport;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.testkit.Appointments;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The conflict assertions")
class ConflictAssertionsTest {
  static final AppointmentId SUBJECT = AppointmentId.of("proposal");
  static final AppointmentId MORNING = AppointmentId.of("morning");
  static final AppointmentId NOON = AppointmentId.of("noon");
  static final TimeWindow NINE = TimeWindow.of(Instant.parse("2026-03-02T14:00:00Z"), Duration.ofHours(1));
  static final TimeWindow TEN = TimeWindow.of(Instant.parse("2026-03-02T15:00:00Z"), Duration.ofHours(1));
  static final SourceRef GYM = SourceRef.of(SourceSystem.GOOGLE, "evt-1", "etag1");

  static Conflict withOther(ConflictKind kind, TimeWindow window, AppointmentId other) {
    return new Conflict(kind, window, new Provenance.OtherAppointment(other, SourceRef.of(SourceSystem.ZOCDOC, other.value()),
        AppointmentStatus.SCHEDULED));
  }

  final ConflictReport report = new ConflictReport(SUBJECT, List.of(
      withOther(ConflictKind.OVERLAP, NINE, MORNING),
      withOther(ConflictKind.OVERLAP, TEN, NOON),
      new Conflict(ConflictKind.EXTERNAL_BUSY, TEN, new Provenance.ExternalBusy(GYM, "lee@example.org")),
      new Conflict(ConflictKind.TIME_OFF, NINE, new Provenance.TimeOff("dentist", "personal")),
      new Conflict(ConflictKind.OUTSIDE_AVAILABILITY, NINE, new Provenance.WorkingHours(ZoneId.of("America/New_York"),
          LocalDate.of(2026, 3, 2), List.of(LocalTimeRange.of("09:00", "12:00"))))));

  final ConflictReport free = ConflictReport.none(SUBJECT);

  /** The assertion fails with an AssertionError whose message says all of {@code parts}. */
  static void failsSaying(ThrowingCallable assertion, String... parts) {
    assertThatThrownBy(assertion).isInstanceOf(AssertionError.class).hasMessageContainingAll(parts);
  }

  @Nested
  @DisplayName("on a check's report")
  class Reports {
    @Test
    @DisplayName("pass on what the report holds, narrowing by kind, other side and window")
    void passes() {
      assertThat(free).hasSubject(SUBJECT).hasNoConflicts().hasConflicts(0).hasNoConflict(ConflictKind.OVERLAP)
          .hasExactlyConflicts().hasConflictsWithExactly();
      assertThat(report)
          .hasConflicts()
          .hasConflicts(5)
          .hasExactlyConflicts(ConflictKind.OVERLAP, ConflictKind.OVERLAP, ConflictKind.OUTSIDE_AVAILABILITY,
              ConflictKind.TIME_OFF, ConflictKind.EXTERNAL_BUSY)
          .hasNoConflict(ConflictKind.BUFFER)
          .hasConflict(ConflictKind.OVERLAP).times(2).with(NOON).withWindow(TEN).withOtherStatus(AppointmentStatus.SCHEDULED)
          .once().and()
          .hasConflict(ConflictKind.EXTERNAL_BUSY).withBusyBlock(SourceRef.of(SourceSystem.GOOGLE, "evt-1"))
          .withBusyBlock(GYM).fromCalendar("lee@example.org").and()
          .hasConflict(ConflictKind.TIME_OFF).withTimeOff("dentist").withProvenance(new Provenance.TimeOff("dentist", "personal"))
          .and()
          .hasConflict(ConflictKind.OUTSIDE_AVAILABILITY).once().withWindow(NINE);
      assertThat(new ConflictReport(SUBJECT, List.of(withOther(ConflictKind.BUFFER, NINE, MORNING))))
          .hasConflictsWithExactly(MORNING);
    }

    @Test
    @DisplayName("fail on conflicts where none are expected, listing each one")
    void noConflicts() {
      failsSaying(() -> assertThat(report).hasNoConflicts(), "Expecting no conflicts for proposal", "but found 5",
          "- OVERLAP [2026-03-02T14:00:00Z, 2026-03-02T15:00:00Z) with appointment morning (zocdoc:morning, SCHEDULED)",
          "- EXTERNAL_BUSY [2026-03-02T15:00:00Z, 2026-03-02T16:00:00Z) with busy block google:evt-1@etag1 of calendar lee@example.org",
          "- TIME_OFF", "with time off dentist 'personal'",
          "- OUTSIDE_AVAILABILITY", "outside the hours of 2026-03-02 in America/New_York [09:00-12:00]");
    }

    @Test
    @DisplayName("fail on the wrong count or kinds, showing what was found")
    void countsAndKinds() {
      failsSaying(() -> assertThat(report).hasConflicts(1), "Expecting 1 conflict(s)", "but found 5", "with appointment noon");
      failsSaying(() -> assertThat(free).hasConflicts(1), "but found 0", "(none)");
      failsSaying(() -> assertThat(free).hasConflicts(), "Expecting conflicts for proposal", "but found none");
      failsSaying(() -> assertThat(report).hasExactlyConflicts(ConflictKind.OVERLAP), "to be of kinds", "[OVERLAP]",
          "- TIME_OFF");
      failsSaying(() -> assertThat(report).hasNoConflict(ConflictKind.TIME_OFF), "Expecting no TIME_OFF conflict",
          "with time off dentist");
    }

    @Test
    @DisplayName("fail on a missing kind, showing the kinds there are")
    void missingKind() {
      failsSaying(() -> assertThat(report).hasConflict(ConflictKind.DUPLICATE), "Expecting a DUPLICATE conflict for proposal",
          "- OVERLAP", "- EXTERNAL_BUSY");
      failsSaying(() -> assertThat(free).hasConflict(ConflictKind.OVERLAP), "Expecting an OVERLAP conflict", "(none)");
    }

    @Test
    @DisplayName("fail on the wrong other side, showing the conflicts of that kind")
    void wrongOther() {
      failsSaying(() -> assertThat(report).hasConflict(ConflictKind.OVERLAP).with(AppointmentId.of("evening")),
          "Expecting an OVERLAP conflict with appointment evening", "but the candidates (OVERLAP conflict) are",
          "with appointment morning", "with appointment noon");
      failsSaying(() -> assertThat(report).hasConflict(ConflictKind.OVERLAP).with(MORNING).withWindow(TEN),
          "Expecting an OVERLAP conflict with appointment morning over [2026-03-02T15:00:00Z", "[2026-03-02T14:00:00Z");
      failsSaying(() -> assertThat(report).hasConflict(ConflictKind.OVERLAP).withOtherStatus(AppointmentStatus.PENDING),
          "in status PENDING", "SCHEDULED");
      failsSaying(() -> assertThat(report).hasConflict(ConflictKind.EXTERNAL_BUSY).withBusyBlock(GYM.withVersion("etag2")),
          "with busy block google:evt-1@etag2", "google:evt-1@etag1");
      failsSaying(() -> assertThat(report).hasConflict(ConflictKind.EXTERNAL_BUSY).fromCalendar("personal"),
          "from calendar personal", "of calendar lee@example.org");
      failsSaying(() -> assertThat(report).hasConflict(ConflictKind.TIME_OFF).withTimeOff("cme"),
          "Expecting a TIME_OFF conflict with time off cme",
          "with time off dentist");
      failsSaying(() -> assertThat(report).hasConflict(ConflictKind.TIME_OFF)
          .withProvenance(new Provenance.TimeOff("dentist", "")), "with time off dentist 'personal'");
      failsSaying(() -> assertThat(report).hasConflict(ConflictKind.OVERLAP).once(), "Expecting an OVERLAP conflict to occur 1 time(s)",
          "but found 2");
      failsSaying(() -> assertThat(report).hasConflictsWithExactly(MORNING, NOON), "to conflict with exactly",
          "[morning, noon]", "- EXTERNAL_BUSY");
    }

    @Test
    @DisplayName("fail with the description given by as(), also once narrowed")
    void description() {
      failsSaying(() -> assertThat(report).as("on %s", "2026-03-08").hasConflict(ConflictKind.OVERLAP).with(SUBJECT),
          "[on 2026-03-08]");
      failsSaying(() -> assertThat((ConflictReport) null).hasNoConflicts(), "null");
    }
  }

  @Nested
  @DisplayName("on a scan's report")
  class Scans {
    final Appointment a = Appointments.booked().at("2026-03-02T14:00:00Z").build();
    final Appointment b = Appointments.booked().at("2026-03-02T14:30:00Z").build();
    final Appointment c = Appointments.booked().at("2026-03-02T14:40:00Z").build();
    final ClinicianId lee = a.clinicianId();
    final ScanReport scan = new ScanReport(NINE, Map.of(lee, List.of(
        ConflictPair.of(ConflictKind.OVERLAP, a, b), ConflictPair.of(ConflictKind.OVERLAP, b, c))));

    @Test
    @DisplayName("pass on the pairs it holds, in any order")
    void passes() {
      assertThat(scan).hasPairCount(2).hasOnlyClinicians(lee)
          .hasExactlyPairsFor(lee, ConflictPair.of(ConflictKind.OVERLAP, c, b), ConflictPair.of(ConflictKind.OVERLAP, b, a))
          .hasPair(ConflictKind.OVERLAP, b, a);
      assertThat(new ScanReport(NINE, Map.of())).hasNoPairs().hasOnlyClinicians();
    }

    @Test
    @DisplayName("fail showing the pairs by clinician")
    void fails() {
      String pairAb = ConflictPair.of(ConflictKind.OVERLAP, a, b).toString();
      failsSaying(() -> assertThat(scan).hasNoPairs(), "Expecting 0 conflicting pair(s)", "but found 2", "dr-lee:", pairAb);
      failsSaying(() -> assertThat(scan).hasOnlyClinicians(ClinicianId.of("dr-kim")), "[dr-kim]", "dr-lee:");
      failsSaying(() -> assertThat(scan).hasExactlyPairsFor(lee, ConflictPair.of(ConflictKind.OVERLAP, a, b)),
          "exactly these pairs for dr-lee", pairAb);
      failsSaying(() -> assertThat(scan).hasPair(ConflictKind.OVERLAP, a, c), "Expecting the pair", pairAb);
      failsSaying(() -> assertThat(new ScanReport(NINE, Map.of())).hasPairCount(1), "(none)");
    }
  }
}
