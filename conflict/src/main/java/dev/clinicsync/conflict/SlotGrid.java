package dev.clinicsync.conflict;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.Arrays;
import java.util.Optional;

/**
 * The slot grid of availability search and its definition by {@link ConflictEngine#check}.
 *
 * <p>The grid of a zone and a step is every instant (a whole second) whose wall clock in the zone
 * reads a whole multiple of the step since local midnight: 09:00, 09:15, 09:30, ... for a 15-minute
 * step, on every local day, whatever the day's length. A wall-clock time skipped by a DST gap is
 * on no grid; one repeated by a DST overlap is on it twice (once per offset). A step that does not
 * divide a day starts again at each midnight.
 *
 * <p>A slot on the grid is free when {@link ConflictEngine#check} of a proposal for it (the
 * {@linkplain #probe probe}: a new, SCHEDULED appointment without a patient) reports nothing.
 * {@link #freeSlotsByCheck} is that definition written out, one check per candidate: what a host
 * would write without {@link ConflictEngine#freeSlots}, and the oracle the engine is tested
 * against.
 */
public final class SlotGrid {
  private static final long DAY = 86_400L;
  /** The id of every probe: reserved for availability search, never given to a real appointment. */
  public static final AppointmentId PROBE_ID = AppointmentId.of("clinicsync-availability-probe");
  private static final SourceRef PROBE_SOURCE = SourceRef.of(SourceSystem.INTERNAL, PROBE_ID.value());

  private SlotGrid() {}

  /**
   * Validates a slot length or grid step: whole seconds, at least one minute, at most one day.
   *
   * @return the length in seconds
   */
  public static long validLength(Duration length, String what) {
    Checks.notNull(length, what);
    if (length.getNano() != 0 || length.getSeconds() < 60 || length.getSeconds() > DAY) {
      throw new ValidationException(what + " must be whole seconds, at least 1 minute and at most 1 day");
    }
    return length.getSeconds();
  }

  /**
   * Every grid start of a slot of {@code duration} lying wholly inside the window, ascending, in
   * epoch seconds (computed with {@link ZoneRules}, independently of the engine).
   */
  public static long[] candidates(ZoneId zone, TimeWindow window, Duration duration, Duration step) {
    Checks.notNull(zone, "slot grid zone");
    Checks.notNull(window, "slot grid window");
    long d = validLength(duration, "slot duration");
    long st = validLength(step, "slot step");
    long lo = window.start().getEpochSecond() + (window.start().getNano() == 0 ? 0 : 1);
    long hi = window.end().getEpochSecond() - d; // last start: start + d <= end
    if (hi < lo) {
      return new long[0];
    }
    if (hi - lo > 366 * DAY) {
      throw new ValidationException("free slots window must be at most 366 days long");
    }
    ZoneRules rules = zone.getRules();
    LocalDate first = LocalDate.ofInstant(Instant.ofEpochSecond(lo), zone).minusDays(1);
    LocalDate last = LocalDate.ofInstant(Instant.ofEpochSecond(hi), zone).plusDays(1);
    long[] out = new long[64];
    int n = 0;
    for (LocalDate date = first; !date.isAfter(last); date = date.plusDays(1)) {
      for (long sod = 0; sod < DAY; sod += st) {
        LocalDateTime ldt = LocalDateTime.of(date, LocalTime.ofSecondOfDay(sod));
        for (ZoneOffset offset : rules.getValidOffsets(ldt)) {
          long t = ldt.toEpochSecond(offset);
          if (t >= lo && t <= hi) {
            if (n == out.length) {
              out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = t;
          }
        }
      }
    }
    long[] result = Arrays.copyOf(out, n);
    Arrays.sort(result);
    return result;
  }

  /** The proposal whose {@link ConflictEngine#check} decides whether a slot is free. */
  public static Appointment probe(ClinicianId clinician, TimeWindow slot) {
    return Appointment.builder()
        .id(PROBE_ID)
        .source(PROBE_SOURCE)
        .clinicianId(Checks.notNull(clinician, "probe clinician"))
        .window(Checks.notNull(slot, "probe slot"))
        .status(AppointmentStatus.SCHEDULED)
        .type(AppointmentType.CONSULT)
        .build();
  }

  /**
   * The definition of {@link ConflictEngine#freeSlots}, written out: every grid candidate (in the
   * clinician's zone) checked with {@link ConflictEngine#check}.
   */
  public static FreeSlots freeSlotsByCheck(ConflictEngine engine, ClinicianId clinician, ZoneId zone,
      TimeWindow window, Duration duration, Duration step) {
    Checks.notNull(engine, "engine");
    long[] candidates = candidates(zone, window, duration, step);
    long d = duration.getSeconds();
    long[] out = new long[candidates.length];
    int n = 0;
    for (long s : candidates) {
      TimeWindow slot = new TimeWindow(Instant.ofEpochSecond(s), Instant.ofEpochSecond(s + d));
      if (!engine.check(probe(clinician, slot)).hasConflicts()) {
        out[n++] = s;
      }
    }
    return FreeSlots.of(Arrays.copyOf(out, n), duration);
  }

  /**
   * The definition of {@link ConflictEngine#nextFree}: the first slot of
   * {@link #freeSlotsByCheck} over {@code [from, from + horizon + duration)} (slots starting before
   * {@code from + horizon}).
   */
  public static Optional<TimeWindow> nextFreeByCheck(ConflictEngine engine, ClinicianId clinician, ZoneId zone,
      Instant from, Duration duration, Duration step, Duration horizon) {
    TimeWindow span = searchSpan(from, duration, horizon);
    FreeSlots slots = freeSlotsByCheck(engine, clinician, zone, span, duration, step);
    return slots.isEmpty() ? Optional.empty() : Optional.of(slots.window(0));
  }

  /**
   * The window a {@code nextFree} search covers: slots starting in {@code [from, from + horizon)}
   * (the end made exclusive of a start exactly at {@code from + horizon}).
   */
  public static TimeWindow searchSpan(Instant from, Duration duration, Duration horizon) {
    Checks.notNull(from, "search start");
    validLength(duration, "slot duration");
    Checks.notNull(horizon, "search horizon");
    if (horizon.isNegative() || horizon.isZero() || horizon.compareTo(Duration.ofDays(366)) > 0) {
      throw new ValidationException("search horizon must be positive and at most 366 days");
    }
    // a start s qualifies when s < from + horizon; with whole-second starts: s + duration <= end
    Instant lastStartExclusive = from.plus(horizon);
    Instant end = lastStartExclusive.plus(duration).minusNanos(1);
    return new TimeWindow(from, end);
  }
}
