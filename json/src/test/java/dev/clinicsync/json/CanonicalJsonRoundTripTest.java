package dev.clinicsync.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.AvailabilityException;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConflictOverride;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.OverrideReason;
import dev.clinicsync.core.model.PatientRef;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.WeeklyAvailability;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Round trips over seeded random values: every model value the generator can build is read back
 * equal from its document, and its document is stable (written again, byte for byte the same).
 * The seed is printed in the failure message, so a failure replays.
 */
class CanonicalJsonRoundTripTest {
  static final CanonicalJson JSON = CanonicalJson.instance();
  static final int CASES = 2_000;
  static final List<String> ZONES = List.of("America/New_York", "Europe/Berlin", "Pacific/Chatham", "Asia/Kolkata",
      "UTC", "America/St_Johns");
  static final String ODD = "é☃\"\\\n\t\u0000𝄞 <>&'";

  @Test
  @DisplayName("any appointment reads back equal from its document, and writes the same document again")
  void appointments() {
    for (long seed = 1; seed <= CASES; seed++) {
      Random r = new Random(seed);
      Appointment a = appointment(r);
      String doc = JSON.write(a);
      Appointment back = JSON.readAppointment(doc);
      assertThat(back).as("seed %d", seed).isEqualTo(a);
      assertThat(back.revision()).as("seed %d", seed).isEqualTo(a.revision());
      assertThat(JSON.write(back)).as("seed %d", seed).isEqualTo(doc);
    }
  }

  @Test
  @DisplayName("any busy block and any clinician read back equal from their documents")
  void blocksAndClinicians() {
    for (long seed = 1; seed <= CASES; seed++) {
      Random r = new Random(seed);
      BusyBlock b = busyBlock(r);
      assertThat(JSON.readBusyBlock(JSON.write(b))).as("seed %d", seed).isEqualTo(b);
      Clinician c = clinician(r);
      String doc = JSON.write(c);
      assertThat(JSON.readClinician(doc)).as("seed %d", seed).isEqualTo(c);
      assertThat(JSON.write(JSON.readClinician(doc))).as("seed %d", seed).isEqualTo(doc);
    }
  }

  static String id(Random r) {
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:@/+=-";
    StringBuilder b = new StringBuilder();
    int n = 1 + r.nextInt(40);
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  /** Any text, odd characters included (vendor ids and metadata values are free text at the vendor). */
  static String text(Random r) {
    StringBuilder b = new StringBuilder(id(r));
    if (r.nextBoolean()) {
      b.insert(r.nextInt(b.length() + 1), ODD.substring(r.nextInt(ODD.length())));
    }
    return b.toString().isBlank() ? "x" + b : b.toString();
  }

  static Instant instant(Random r) {
    return Instant.parse("2020-01-01T00:00:00Z").plusSeconds(r.nextInt(400_000_000)).plusNanos(
        r.nextBoolean() ? 0 : r.nextInt(1_000_000_000));
  }

  static SourceRef source(Random r) {
    SourceSystem system = List.of(SourceSystem.ZOCDOC, SourceSystem.GOOGLE, SourceSystem.KAREO, SourceSystem.of("acme-ehr"))
        .get(r.nextInt(4));
    return r.nextBoolean() ? SourceRef.of(system, text(r)) : SourceRef.of(system, text(r), text(r));
  }

  static Appointment appointment(Random r) {
    Instant start = instant(r);
    Appointment.Builder b = Appointment.builder()
        .id(AppointmentId.random())
        .source(source(r))
        .clinicianId(ClinicianId.of(id(r)))
        .start(start)
        .end(start.plus(Duration.ofMinutes(1 + r.nextInt(600))).plusNanos(r.nextInt(1000)))
        .status(AppointmentStatus.values()[r.nextInt(AppointmentStatus.values().length)])
        .type(r.nextInt(4) == 0 ? AppointmentType.other(text(r))
            : r.nextInt(3) == 0 ? AppointmentType.of(AppointmentType.Kind.CONSULT, text(r)) : AppointmentType.FOLLOW_UP)
        .revision(r.nextInt(3) == 0 ? Long.MAX_VALUE - r.nextInt(10) : r.nextInt(1000));
    if (r.nextBoolean()) {
      b.vendorProviderId(text(r));
    }
    if (r.nextBoolean()) {
      b.patient(PatientRef.of("pt_" + Long.toHexString(r.nextLong() & Long.MAX_VALUE) + "abcdef0123456789"));
    }
    if (r.nextBoolean()) {
      b.locationId(text(r));
    }
    if (r.nextBoolean()) {
      b.sourceZone(ZoneId.of(ZONES.get(r.nextInt(ZONES.size()))));
    }
    Set<AppointmentId> conflicts = new HashSet<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      conflicts.add(AppointmentId.random());
    }
    b.conflictIds(conflicts);
    Map<String, String> meta = new HashMap<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      meta.put("k" + id(r).toLowerCase().replaceAll("[^a-z0-9_.-]", "_").substring(0, 1) + r.nextInt(100), text(r));
    }
    b.sourceMetadata(meta);
    if (r.nextBoolean()) {
      b.connector(ConnectorId.of(id(r)));
    }
    if (r.nextBoolean()) {
      b.override(ConflictOverride.of(OverrideReason.values()[r.nextInt(OverrideReason.values().length)], id(r),
          instant(r)));
    }
    return b.build();
  }

  static BusyBlock busyBlock(Random r) {
    BusyBlock b = plainBusyBlock(r);
    dev.clinicsync.core.model.SourceSystem copyOf = r.nextBoolean()
        ? dev.clinicsync.core.model.SourceSystem.SIMPLEPRACTICE : dev.clinicsync.core.model.SourceSystem.KAREO;
    return r.nextInt(3) == 0 && !copyOf.equals(b.source().system()) ? b.asCopyOf(copyOf) : b;
  }

  private static BusyBlock plainBusyBlock(Random r) {
    if (r.nextBoolean()) {
      Instant start = instant(r);
      return BusyBlock.timed(source(r), text(r), ClinicianId.of(id(r)), start, start.plusSeconds(1 + r.nextInt(90_000)));
    }
    LocalDate first = LocalDate.of(2020, 1, 1).plusDays(r.nextInt(3000));
    return BusyBlock.allDay(source(r), text(r), ClinicianId.of(id(r)), new BusyBlock.DateSpan(first,
        first.plusDays(1 + r.nextInt(14))), ZoneId.of(ZONES.get(r.nextInt(ZONES.size()))));
  }

  static LocalTimeRange range(Random r) {
    LocalTime start = LocalTime.of(r.nextInt(24), r.nextInt(60));
    LocalTime end = start.plusMinutes(1 + r.nextInt(600));
    return end.equals(start) ? LocalTimeRange.of(start, start.plusMinutes(1)) : LocalTimeRange.of(start, end);
  }

  static Clinician clinician(Random r) {
    WeeklyAvailability.Builder hours = WeeklyAvailability.builder();
    for (DayOfWeek d : DayOfWeek.values()) {
      if (r.nextBoolean()) {
        hours.on(d, range(r));
      }
    }
    for (int i = r.nextInt(3); i > 0; i--) {
      LocalDate day = LocalDate.of(2026, 1, 1).plusDays(r.nextInt(365));
      hours.exception(r.nextBoolean()
          ? AvailabilityException.timeOff("ex-" + i + "-" + id(r), day, day.plusDays(r.nextInt(5)), r.nextBoolean() ? "" : "vacation")
          : AvailabilityException.extraHours("ex-" + i + "-" + id(r), day, range(r), "CME"));
    }
    Set<ExternalIdentity> ids = new HashSet<>();
    for (int i = r.nextInt(3); i > 0; i--) {
      ids.add(ExternalIdentity.of(r.nextBoolean() ? SourceSystem.GOOGLE : SourceSystem.ZOCDOC, text(r)));
    }
    return new Clinician(ClinicianId.of(id(r)), "Dr " + text(r), ZoneId.of(ZONES.get(r.nextInt(ZONES.size()))),
        hours.build(), ids);
  }
}
