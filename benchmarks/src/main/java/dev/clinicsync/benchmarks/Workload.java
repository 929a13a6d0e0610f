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
 * clinician-day (a lunch block and one random hour). Deterministic for a size and {@link Edges}.
 *
 * <p>{@link Edges#ODD} takes the same schedule (same clinicians, statuses, patients, overlaps and
 * busy blocks: the base generator draws the same numbers) and moves about 25% of the appointments
 * and 29% of the busy blocks off the 5-minute grid with a second generator of its own: see
 * {@link #oddAppointment} and {@link #oddBusy}.
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
  private static final Map<String, Workload> CACHE = new ConcurrentHashMap<>();

  public final List<Clinician> clinicians;
  public final Appointment[] appointments;
  public final BusyBlock[] busyBlocks;
  /** The number of blocking (not cancelled) appointments. */
  public final int activeCount;
  /**
   * The number of appointments shifted 20 minutes into their neighbour ({@link Edges#ODD}'s early
   * starts and 53-minute sessions overlap a neighbour too, by 8 and 13 minutes, and are not counted).
   */
  public final int overlapping;
  /** Where the entries start and end. */
  public final Edges edges;
  private final SplittableRandom probeRandom;

  private Workload(int targetAppointments, long seed, Edges edges) {
    SplittableRandom rnd = new SplittableRandom(seed);
    // ODD's own generator: the base generator's draws, and so the schedule, stay those of ALIGNED
    SplittableRandom edgeRandom = new SplittableRandom(seed ^ 0xED6E5L);
    boolean odd = edges == Edges.ODD;
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
          long end = start + SLOT_MINUTES * 60L;
          if (odd) {
            long[] edge = oddAppointment(edgeRandom.nextInt(100), start, end);
            start = edge[0];
            end = edge[1];
          }
          String key = "a" + n;
          out[n++] = new Appointment(new AppointmentId(key), new SourceRef(SOURCES.get(rnd.nextInt(SOURCES.size())), key,
              Optional.empty()), clinician.id(), Optional.empty(), patients.get(rnd.nextInt(patients.size())),
              Instant.ofEpochSecond(start), Instant.ofEpochSecond(end), Optional.empty(), status,
              AppointmentType.CONSULT, Optional.empty(), Set.of(), Map.of(), Optional.empty(), Optional.empty(), 0);
        }
        long lunch = base + (shiftStart[c] + 4) * 3600L;
        long lunchEnd = lunch + 45 * 60;
        if (odd) {
          long[] edge = oddBusy(edgeRandom.nextInt(100), lunch, lunchEnd);
          lunch = edge[0];
          lunchEnd = edge[1];
        }
        busy.add(BusyBlock.timed(SourceRef.of(SourceSystem.GOOGLE, "b" + busy.size()), "personal", clinician.id(),
            Instant.ofEpochSecond(lunch), Instant.ofEpochSecond(lunchEnd)));
        long other = base + (6 + rnd.nextInt(16)) * 3600L;
        long otherEnd = other + 3600;
        if (odd) {
          long[] edge = oddBusy(edgeRandom.nextInt(100), other, otherEnd);
          other = edge[0];
          otherEnd = edge[1];
        }
        busy.add(BusyBlock.timed(SourceRef.of(SourceSystem.GOOGLE, "b" + busy.size()), "personal", clinician.id(),
            Instant.ofEpochSecond(other), Instant.ofEpochSecond(otherEnd)));
      }
    }
    this.appointments = Arrays.copyOf(out, n);
    this.busyBlocks = busy.toArray(new BusyBlock[0]);
    this.activeCount = active;
    this.overlapping = overlaps;
    this.edges = edges;
    this.probeRandom = new SplittableRandom(seed ^ 0x5DEECE66DL);
  }

  /**
   * An {@link Edges#ODD} appointment's edges for a roll in {@code [0, 100)} (25 of 100 rolls move
   * it; {@code start}/{@code end} are its aligned 40-minute slot, epoch seconds; the zones are
   * whole hours from UTC, so local minutes are those of the epoch). Returns {@code [start, end]}.
   */
  static long[] oddAppointment(int roll, long start, long end) {
    if (roll < 8) { // athenahealth/Kareo odd-minute slot: starts at 10:07, ends on time
      return new long[] {start + 7 * 60, end};
    }
    if (roll < 13) { // starts early at :52 (08:52 for a 09:00 slot): overlaps the one before by 8 minutes
      return new long[] {start - 8 * 60, end};
    }
    if (roll < 18) { // SimplePractice 53-minute session: runs 13 minutes into the next slot
      return new long[] {start, start + 53 * 60};
    }
    if (roll < 22) { // ends two minutes early (10:38)
      return new long[] {start, end - 2 * 60};
    }
    if (roll < 25) { // imported with seconds: 10:00:45 to 10:39:45
      return new long[] {start + 45, end - 15};
    }
    return new long[] {start, end};
  }

  /**
   * An {@link Edges#ODD} busy block's edges for a roll in {@code [0, 100)} (29 of 100 rolls move
   * it; {@code start}/{@code end} are its aligned times). Returns {@code [start, end]}.
   */
  static long[] oddBusy(int roll, long start, long end) {
    if (roll < 12) { // Google personal event at 10:07, same length
      return new long[] {start + 7 * 60, end + 7 * 60};
    }
    if (roll < 24) { // ends at the :58 nearest its end (a 12:00–12:45 lunch to 12:58, a 14:00–15:00 hour to 14:58)
      long later = end - Math.floorMod(end, 3600) + 58 * 60;
      long earlier = later - 3600;
      return new long[] {start, earlier > start && end - earlier < later - end ? earlier : later};
    }
    if (roll < 29) { // with seconds: 10:00:30 to 11:00:20
      return new long[] {start + 30, end + 20};
    }
    return new long[] {start, end};
  }

  /** The aligned workload of about this many appointments (built once per JVM and size). */
  public static Workload of(int appointments) {
    return of(appointments, Edges.ALIGNED);
  }

  /** The workload of about this many appointments with these edges (built once per JVM, size and edges). */
  public static Workload of(int appointments, Edges edges) {
    return CACHE.computeIfAbsent(appointments + "/" + edges, k -> new Workload(appointments, 42, edges));
  }

  /** An aligned workload built fresh (tests). */
  static Workload fresh(int appointments, long seed) {
    return new Workload(appointments, seed, Edges.ALIGNED);
  }

  /** A workload built fresh (tests). */
  static Workload fresh(int appointments, long seed, Edges edges) {
    return new Workload(appointments, seed, edges);
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
