package dev.clinicsync.benchmarks;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.PatientRef;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.WeeklyAvailability;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A generated, realistic year of a large group practice: clinicians spread over four US zones,
 * Monday–Friday split shifts (a morning and an afternoon block with a lunch hour), twelve
 * 40-minute appointments per working day packed back to back, about 5% cancelled and about 1%
 * shifted by 20 minutes so that they truly overlap a neighbour, and two personal busy blocks per
 * clinician-day (a lunch block and one random hour). Deterministic for a size.
 *
 * <p>Sizes: {@code clinicians = appointments / (12 × 261 working days)}, so 6,000,000 gives about
 * 1,916 clinicians and 1,000,000 about 320.
 */
public final class Workload {
  static final List<ZoneId> ZONES = List.of(ZoneId.of("America/New_York"), ZoneId.of("America/Chicago"),
      ZoneId.of("America/Denver"), ZoneId.of("America/Los_Angeles"));
  static final List<SourceSystem> SOURCES = List.of(SourceSystem.ZOCDOC, SourceSystem.SIMPLEPRACTICE,
      SourceSystem.KAREO, SourceSystem.ATHENAHEALTH);
  static final LocalDate FIRST_DAY = LocalDate.of(2026, 1, 1);
  static final LocalDate END_DAY = LocalDate.of(2027, 1, 1);
  static final int PER_DAY = 12;
  static final int SLOT_MINUTES = 40;
  static final int WORKING_DAYS = 261;
  private static final Map<Integer, Workload> CACHE = new ConcurrentHashMap<>();

  public final List<Clinician> clinicians;
  public final Appointment[] appointments;
  public final BusyBlock[] busyBlocks;
  /** The number of blocking (not cancelled) appointments. */
  public final int activeCount;
  /** The number of appointments shifted into their neighbour. */
  public final int overlapping;
  private final SplittableRandom probeRandom;

  private Workload(int targetAppointments, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int clinicianCount = Math.max(1, Math.round(targetAppointments / (float) (PER_DAY * WORKING_DAYS)));
    List<Clinician> cs = new ArrayList<>(clinicianCount);
    int[] shiftStart = new int[clinicianCount];
    for (int c = 0; c < clinicianCount; c++) {
      int startHour = 7 + rnd.nextInt(3);
      shiftStart[c] = startHour;
      LocalTimeRange morning = new LocalTimeRange(java.time.LocalTime.of(startHour, 0), java.time.LocalTime.of(startHour + 4, 0));
      LocalTimeRange afternoon = new LocalTimeRange(java.time.LocalTime.of(startHour + 5, 0), java.time.LocalTime.of(startHour + 9, 0));
      cs.add(Clinician.of(ClinicianId.of("clin-" + c), "Clinician " + c, ZONES.get(c % ZONES.size()),
          WeeklyAvailability.builder().weekdays(morning, afternoon).build()));
    }
    this.clinicians = List.copyOf(cs);
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate d = FIRST_DAY; d.isBefore(END_DAY); d = d.plusDays(1)) {
      if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
        days.add(d);
      }
    }
    // local midnight of each day in each zone
    long[][] midnight = new long[ZONES.size()][days.size()];
    for (int z = 0; z < ZONES.size(); z++) {
      for (int d = 0; d < days.size(); d++) {
        midnight[z][d] = days.get(d).atStartOfDay(ZONES.get(z)).toEpochSecond();
      }
    }
    PatientRef[] patientPool = new PatientRef[50_000];
    List<Optional<PatientRef>> patients = new ArrayList<>(patientPool.length);
    for (int i = 0; i < patientPool.length; i++) {
      patientPool[i] = PatientRef.of(String.format("pt_%016x", rnd.nextLong()));
      patients.add(Optional.of(patientPool[i]));
    }
    int total = clinicianCount * days.size() * PER_DAY;
    Appointment[] out = new Appointment[total];
    List<BusyBlock> busy = new ArrayList<>(clinicianCount * days.size() * 2);
    int n = 0;
    int active = 0;
    int overlaps = 0;
    for (int c = 0; c < clinicianCount; c++) {
      Clinician clinician = cs.get(c);
      int z = c % ZONES.size();
      for (int d = 0; d < days.size(); d++) {
        long base = midnight[z][d];
        for (int k = 0; k < PER_DAY; k++) {
          int block = k < PER_DAY / 2 ? 0 : 1;
          long start = base + shiftStart[c] * 3600L + block * 5 * 3600L + (k % (PER_DAY / 2)) * SLOT_MINUTES * 60L;
          if (rnd.nextInt(100) == 0 && k % (PER_DAY / 2) != PER_DAY / 2 - 1) {
            start += 20 * 60; // runs into the next appointment: a true double booking
            overlaps++;
          }
          int roll = rnd.nextInt(100);
          AppointmentStatus status = roll < 5 ? AppointmentStatus.CANCELLED
              : roll < 15 ? AppointmentStatus.PENDING
              : roll < 40 ? AppointmentStatus.CONFIRMED : AppointmentStatus.SCHEDULED;
          if (status != AppointmentStatus.CANCELLED) {
            active++;
          }
          String key = "a" + n;
          out[n++] = new Appointment(new AppointmentId(key), new SourceRef(SOURCES.get(rnd.nextInt(SOURCES.size())), key,
              Optional.empty()), clinician.id(), Optional.empty(), patients.get(rnd.nextInt(patients.size())),
              Instant.ofEpochSecond(start), Instant.ofEpochSecond(start + SLOT_MINUTES * 60L), Optional.empty(), status,
              AppointmentType.CONSULT, Optional.empty(), Set.of(), Map.of(), Optional.empty(), Optional.empty(), 0);
        }
        long lunch = base + (shiftStart[c] + 4) * 3600L;
        busy.add(BusyBlock.timed(SourceRef.of(SourceSystem.GOOGLE, "b" + busy.size()), "personal", clinician.id(),
            Instant.ofEpochSecond(lunch), Instant.ofEpochSecond(lunch + 45 * 60)));
        long other = base + (6 + rnd.nextInt(16)) * 3600L;
        busy.add(BusyBlock.timed(SourceRef.of(SourceSystem.GOOGLE, "b" + busy.size()), "personal", clinician.id(),
            Instant.ofEpochSecond(other), Instant.ofEpochSecond(other + 3600)));
      }
    }
    this.appointments = Arrays.copyOf(out, n);
    this.busyBlocks = busy.toArray(new BusyBlock[0]);
    this.activeCount = active;
    this.overlapping = overlaps;
    this.probeRandom = new SplittableRandom(seed ^ 0x5DEECE66DL);
  }

  /** The workload of about this many appointments (built once per JVM and size). */
  public static Workload of(int appointments) {
    return CACHE.computeIfAbsent(appointments, n -> new Workload(n, 42));
  }

  /** A workload built fresh (tests). */
  static Workload fresh(int appointments, long seed) {
    return new Workload(appointments, seed);
  }

  public int clinicianCount() {
    return clinicians.size();
  }

  /**
   * Proposals for a booking form: 50-minute slots at quarter hours between 08:00 and 16:00 local
   * on random working days; all for one clinician when {@code clinician >= 0}, a random one each
   * otherwise. Their ids are new, so they never match an indexed appointment.
   */
  public synchronized Appointment[] proposals(int count, int clinician) {
    Appointment[] out = new Appointment[count];
    long span = END_DAY.toEpochDay() - FIRST_DAY.toEpochDay();
    for (int i = 0; i < count; i++) {
      Clinician c = clinicians.get(clinician >= 0 ? clinician : probeRandom.nextInt(clinicians.size()));
      LocalDate day = FIRST_DAY.plusDays(probeRandom.nextLong(span));
      long start = day.atStartOfDay(c.zone()).toEpochSecond() + 8 * 3600L + 15 * 60L * probeRandom.nextInt(32);
      String key = "probe" + i;
      out[i] = new Appointment(new AppointmentId(key), new SourceRef(SourceSystem.INTERNAL, key, Optional.empty()),
          c.id(), Optional.empty(), Optional.empty(), Instant.ofEpochSecond(start), Instant.ofEpochSecond(start + 50 * 60),
          Optional.empty(), AppointmentStatus.SCHEDULED, AppointmentType.CONSULT, Optional.empty(), Set.of(), Map.of(), Optional.empty(), Optional.empty(), 0);
    }
    return out;
  }

  /** The index of a clinician id ({@code clin-<n>}). */
  static int clinicianIndex(ClinicianId id) {
    return Integer.parseInt(id.value(), 5, id.value().length(), 10);
  }

  /** The number of an appointment id ({@code a<n>}). */
  static long appointmentNumber(AppointmentId id) {
    return id.value().startsWith("a") ? Long.parseLong(id.value(), 1, id.value().length(), 10) : -1;
  }
}
