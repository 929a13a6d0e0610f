package dev.clinicsync.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.testkit.Appointments;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ModelInvariantsTest {

  private static final Instant T = Instant.parse("2026-03-02T14:00:00Z");

  @Nested
  @DisplayName("Appointment")
  class AppointmentTest {
    @Test
    @DisplayName("refuses an end before or at its start, naming the appointment")
    void endBeforeStart() {
      assertThatThrownBy(() -> Appointments.booked().builder().start(T).end(T.minusSeconds(1)).build())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("must be after its start");
      assertThatThrownBy(() -> Appointments.booked().builder().start(T).end(T).build())
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("appointment");
    }

    @Test
    @DisplayName("refuses missing required fields with a message naming the field")
    void required() {
      assertThatThrownBy(() -> Appointment.builder().start(T).end(T.plusSeconds(60)).build())
          .isInstanceOf(ValidationException.class).hasMessageContaining("appointment id is required");
      assertThatThrownBy(() -> Appointment.builder().source(SourceRef.of(SourceSystem.GOOGLE, "e1"))
          .start(T).end(T.plusSeconds(60)).build())
          .isInstanceOf(ValidationException.class).hasMessageContaining("clinician id is required");
    }

    @Test
    @DisplayName("refuses bad metadata keys and a conflict with itself")
    void metadataAndSelfConflict() {
      Appointment a = Appointments.booked().build();
      assertThatThrownBy(() -> a.toBuilder().putSourceMetadata("Patient Name", "x").build())
          .isInstanceOf(ValidationException.class).hasMessageContaining("metadata key");
      assertThatThrownBy(() -> a.toBuilder().conflictIds(Set.of(a.id())).build())
          .isInstanceOf(ValidationException.class).hasMessageContaining("itself");
      assertThatThrownBy(() -> a.toBuilder().putSourceMetadata("note", "x".repeat(513)).build())
          .isInstanceOf(ValidationException.class).hasMessageContaining("longer than");
    }

    @Test
    @DisplayName("keeps the SDK's bookkeeping in typed fields: clinicsync keys in vendor metadata are refused")
    void bookkeepingIsTyped() {
      Appointment a = Appointments.booked().build();
      assertThatThrownBy(() -> a.toBuilder().putSourceMetadata("clinicsync.connector", "google-1").build())
          .isInstanceOf(ValidationException.class).hasMessageContaining("reserved");
      ConflictOverride accepted = ConflictOverride.of(OverrideReason.SAME_VISIT, "admin-1", java.time.Instant.EPOCH);
      Appointment owned = a.toBuilder().connector(ConnectorId.of("google-1")).override(accepted).build();
      assertThat(owned.connector()).contains(ConnectorId.of("google-1"));
      assertThat(owned.override()).contains(accepted);
      assertThat(owned.sameContentAs(a)).as("bookkeeping is not vendor content").isTrue();
      assertThat(owned.toBuilder().build()).isEqualTo(owned);
      assertThatThrownBy(() -> ConflictOverride.of(OverrideReason.OTHER, "Dr Jane Doe", java.time.Instant.EPOCH))
          .as("who accepted is an identifier, never free text").isInstanceOf(ValidationException.class);
    }

    @Test
    @DisplayName("derives its id from the source key, so every sync names it the same way")
    void deterministicId() {
      SourceRef ref = SourceRef.of(SourceSystem.ZOCDOC, "appt-77", "v1");
      Appointment a = Appointments.booked().source(ref).build();
      Appointment b = Appointments.booked().source(ref.withVersion("v2")).build();
      assertThat(a.id()).isEqualTo(b.id()).isEqualTo(AppointmentId.forSource(ref));
      assertThat(AppointmentId.forSource(SourceRef.of(SourceSystem.KAREO, "appt-77"))).isNotEqualTo(a.id());
    }

    @Test
    @DisplayName("is immutable: later changes to the collections it was built from do not reach it")
    void immutable() {
      Map<String, String> meta = new HashMap<>(Map.of("room", "3"));
      Set<AppointmentId> conflicts = new HashSet<>(Set.of(AppointmentId.of("x")));
      Appointment a = Appointments.booked().builder().sourceMetadata(meta).conflictIds(conflicts).build();
      meta.put("room", "4");
      conflicts.add(AppointmentId.of("y"));
      assertThat(a.sourceMetadata()).containsEntry("room", "3");
      assertThat(a.conflictIds()).containsExactly(AppointmentId.of("x"));
      assertThatThrownBy(() -> a.sourceMetadata().put("k", "v")).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> a.conflictIds().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @DisplayName("has value equality, and toBuilder round-trips")
    void equality() {
      Appointment a = Appointments.booked().build();
      assertThat(a.toBuilder().build()).isEqualTo(a).hasSameHashCodeAs(a);
      assertThat(a.withRevision(5)).isNotEqualTo(a);
      assertThat(a.withRevision(5).sameContentAs(a)).isTrue();
    }

    @Test
    @DisplayName("overlap is half-open: back-to-back appointments do not overlap")
    void halfOpen() {
      Appointment nine = Appointments.booked().at("2026-03-02T09:00:00Z").lasting(Duration.ofHours(1)).build();
      assertThat(nine.overlaps(TimeWindow.of(Instant.parse("2026-03-02T10:00:00Z"), Duration.ofHours(1)))).isFalse();
      assertThat(nine.overlaps(TimeWindow.of(Instant.parse("2026-03-02T09:59:59Z"), Duration.ofHours(1)))).isTrue();
    }
  }

  @Nested
  @DisplayName("identifiers and value types")
  class Values {
    @Test
    @DisplayName("blank ids are refused with a clear message")
    void blankIds() {
      assertThatThrownBy(() -> ClinicianId.of(" ")).isInstanceOf(ValidationException.class)
          .hasMessage("clinician id must not be blank");
      assertThatThrownBy(() -> AppointmentId.of("")).isInstanceOf(ValidationException.class)
          .hasMessageContaining("appointment id");
      assertThatThrownBy(() -> SourceRef.of(SourceSystem.GOOGLE, "")).isInstanceOf(ValidationException.class)
          .hasMessageContaining("source external id");
      assertThatThrownBy(() -> ClinicianId.of("dr lee")).isInstanceOf(ValidationException.class)
          .hasMessageContaining("clinician id must be");
    }

    @Test
    @DisplayName("identifiers take 1-512 ASCII letters, digits and ._:@/+=- and nothing else")
    void identifierCharacters() {
      String every = "AZaz09._:@/+=-";
      assertThat(AppointmentId.of(every).value()).isEqualTo(every);
      assertThat(ClinicianId.of("x".repeat(512)).value()).hasSize(512);
      assertThatThrownBy(() -> ClinicianId.of("x".repeat(513))).isInstanceOf(ValidationException.class)
          .hasMessageContaining("length 513");
      for (String bad : java.util.List.of("caf\u00e9", "\u0661", "a b", "a\tb", "a#b", "a,b", "a\"b", "\uff21")) {
        assertThatThrownBy(() -> AppointmentId.of(bad)).as(bad).isInstanceOf(ValidationException.class)
            .hasMessageContaining("appointment id must be 1-512 characters");
      }
    }

    @Test
    @DisplayName("patient tokens are 16-128 of [A-Za-z0-9_-]")
    void patientTokenCharacters() {
      assertThat(PatientRef.of("AZaz09_-AZaz09_-").token()).hasSize(16);
      assertThat(PatientRef.of("a".repeat(128)).token()).hasSize(128);
      for (String bad : java.util.List.of("a".repeat(15), "a".repeat(129), "aaaaaaaaaaaaaaa.", "aaaaaaaaaaaaaaa\u00e9")) {
        assertThatThrownBy(() -> PatientRef.of(bad)).as(bad).isInstanceOf(ValidationException.class)
            .hasMessageContaining("16-128 characters");
      }
    }

    @Test
    @DisplayName("SourceSystem is an open, validated value: third parties add their own")
    void sourceSystem() {
      assertThat(SourceSystem.of("Zocdoc")).isEqualTo(SourceSystem.ZOCDOC);
      assertThat(SourceSystem.of("acme-ehr").id()).isEqualTo("acme-ehr");
      assertThatThrownBy(() -> new SourceSystem("Acme EHR")).isInstanceOf(ValidationException.class)
          .hasMessageContaining("lowercase");
    }

    @Test
    @DisplayName("AppointmentType OTHER keeps the vendor's code and needs one")
    void type() {
      assertThat(AppointmentType.other("INTAKE90").vendorCode()).contains("INTAKE90");
      assertThatThrownBy(() -> new AppointmentType(AppointmentType.Kind.OTHER, java.util.Optional.empty()))
          .isInstanceOf(ValidationException.class);
    }

    @Test
    @DisplayName("PatientRef refuses raw identifiers and shows only a prefix")
    void patientRef() {
      assertThatThrownBy(() -> PatientRef.of("Jane Doe")).isInstanceOf(ValidationException.class)
          .hasMessageNotContaining("Jane");
      assertThat(PatientRef.of("abcdefghijklmnopqrstuvwxyz").toString()).doesNotContain("ijklmnop");
    }

    @Test
    @DisplayName("time windows refuse end <= start and are half-open")
    void windows() {
      assertThatThrownBy(() -> TimeWindow.of(T, T)).isInstanceOf(ValidationException.class)
          .hasMessageContaining("time window end");
      TimeWindow w = TimeWindow.of(T, Duration.ofHours(1));
      assertThat(w.contains(T)).isTrue();
      assertThat(w.contains(T.plus(Duration.ofHours(1)))).isFalse();
    }

    @Test
    @DisplayName("local days across a DST change are 23 or 25 hours long")
    void localDays() {
      ZoneId ny = ZoneId.of("America/New_York");
      assertThat(TimeWindow.ofLocalDays(LocalDate.of(2026, 3, 8), LocalDate.of(2026, 3, 9), ny).length())
          .isEqualTo(Duration.ofHours(23));
      assertThat(TimeWindow.ofLocalDays(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 2), ny).length())
          .isEqualTo(Duration.ofHours(25));
    }

    @Test
    @DisplayName("an unknown zone is refused when a clinician is configured")
    void unknownZone() {
      assertThatThrownBy(() -> ZoneId.of("America/Atlantis")).isInstanceOf(java.time.DateTimeException.class);
      assertThatThrownBy(() -> new Clinician(ClinicianId.of("dr-a"), "Dr A", null, WeeklyAvailability.NONE, Set.of()))
          .isInstanceOf(ValidationException.class).hasMessageContaining("zone");
    }
  }

  @Nested
  @DisplayName("availability")
  class Availability {
    @Test
    @DisplayName("ranges may cross midnight but may not be empty")
    void ranges() {
      assertThat(LocalTimeRange.of("22:00", "06:00").crossesMidnight()).isTrue();
      assertThat(LocalTimeRange.of("18:00", "00:00").crossesMidnight()).isTrue();
      assertThat(LocalTimeRange.of("09:00", "17:00").crossesMidnight()).isFalse();
      assertThatThrownBy(() -> LocalTimeRange.of("09:00", "09:00")).isInstanceOf(ValidationException.class)
          .hasMessageContaining("empty");
    }

    @Test
    @DisplayName("weekly hours and dated exceptions are looked up by local day")
    void lookup() {
      AvailabilityException vacation = AvailabilityException.timeOff("vac-1", LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 6), "vacation");
      WeeklyAvailability w = WeeklyAvailability.builder()
          .weekdays(LocalTimeRange.of("09:00", "12:00"), LocalTimeRange.of("13:00", "17:00"))
          .exception(vacation)
          .build();
      assertThat(w.rangesOn(DayOfWeek.MONDAY)).hasSize(2);
      assertThat(w.rangesOn(DayOfWeek.SUNDAY)).isEmpty();
      assertThat(w.exceptionsOn(LocalDate.of(2026, 3, 6))).containsExactly(vacation);
      assertThat(w.exceptionsOn(LocalDate.of(2026, 3, 7))).isEmpty();
    }

    @Test
    @DisplayName("exceptions are validated: order of dates, extra hours need hours, ids unique")
    void exceptions() {
      assertThatThrownBy(() -> AvailabilityException.timeOff("x", LocalDate.of(2026, 3, 6), LocalDate.of(2026, 3, 2), ""))
          .isInstanceOf(ValidationException.class).hasMessageContaining("before its first date");
      assertThatThrownBy(() -> new AvailabilityException("x", AvailabilityException.Kind.EXTRA_HOURS,
          LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 2), List.of(), ""))
          .isInstanceOf(ValidationException.class).hasMessageContaining("names none");
      AvailabilityException e = AvailabilityException.extraHours("x", LocalDate.of(2026, 3, 7),
          LocalTimeRange.of(LocalTime.of(9, 0), LocalTime.of(12, 0)), "");
      assertThatThrownBy(() -> WeeklyAvailability.builder().exception(e).exception(e).build())
          .isInstanceOf(ValidationException.class).hasMessageContaining("appears twice");
    }

    @Test
    @DisplayName("all-day busy blocks cover whole local days in the zone asked for")
    void allDayBusy() {
      BusyBlock.DateSpan day = new BusyBlock.DateSpan(LocalDate.of(2026, 3, 5), LocalDate.of(2026, 3, 6));
      BusyBlock b = BusyBlock.allDay(SourceRef.of(SourceSystem.GOOGLE, "evt1"), "primary", ClinicianId.of("dr-a"),
          day, ZoneId.of("UTC"));
      assertThat(b.windowIn(ZoneId.of("America/Los_Angeles")).start()).isEqualTo(Instant.parse("2026-03-05T08:00:00Z"));
      assertThatThrownBy(() -> new BusyBlock.DateSpan(LocalDate.of(2026, 3, 5), LocalDate.of(2026, 3, 5)))
          .isInstanceOf(ValidationException.class);
    }

    @Test
    @DisplayName("a busy block is a copy of nothing by default and may be marked as another practice system's copy")
    void copyOf() {
      BusyBlock b = BusyBlock.timed(SourceRef.of(SourceSystem.GOOGLE, "evt1"), "primary", ClinicianId.of("dr-a"),
          T, T.plus(Duration.ofMinutes(50)));
      assertThat(b.copyOf()).isEmpty();
      BusyBlock copy = b.asCopyOf(SourceSystem.SIMPLEPRACTICE);
      assertThat(copy.copyOf()).contains(SourceSystem.SIMPLEPRACTICE);
      assertThat(copy).isNotEqualTo(b);
      assertThat(copy.withCopyOf(java.util.Optional.empty())).isEqualTo(b);
      assertThat(new BusyBlock(b.source(), "primary", b.clinicianId(), b.start(), b.end(), java.util.Optional.empty()))
          .isEqualTo(b);
    }

    @Test
    @DisplayName("a busy block cannot be a copy of its own source system or of the SDK's own bookings")
    void copyOfRefused() {
      BusyBlock b = BusyBlock.timed(SourceRef.of(SourceSystem.GOOGLE, "evt1"), "primary", ClinicianId.of("dr-a"),
          T, T.plus(Duration.ofMinutes(50)));
      assertThatThrownBy(() -> b.asCopyOf(SourceSystem.GOOGLE))
          .isInstanceOf(ValidationException.class).hasMessageContaining("copy-of system");
      assertThatThrownBy(() -> b.asCopyOf(SourceSystem.INTERNAL))
          .isInstanceOf(ValidationException.class).hasMessageContaining("copy-of system");
      assertThatThrownBy(() -> b.withCopyOf(null))
          .isInstanceOf(ValidationException.class).hasMessageContaining("copy-of system");
    }
  }
}
