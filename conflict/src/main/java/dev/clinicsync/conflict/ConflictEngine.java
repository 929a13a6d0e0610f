package dev.clinicsync.conflict;

import dev.clinicsync.conflict.internal.IndexedConflictEngine;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Answers "does this slot conflict?" from an incremental in-memory index of appointments, busy
 * blocks and clinicians' working hours.
 *
 * <p>Semantics:
 * <ul>
 *   <li>Intervals are half-open: back-to-back appointments do not conflict.
 *   <li>Only appointments whose status is one of the {@linkplain Builder#blockingStatuses blocking
 *       statuses} are indexed and block time (by default PENDING, SCHEDULED, CONFIRMED);
 *       CANCELLED and NO_SHOW never block. Checking a non-blocking appointment yields no conflicts.
 *   <li>Checking an appointment that is already indexed (a move) ignores its indexed self.
 *   <li>Working hours are judged on local wall-clock time in the clinician's zone: every instant
 *       of the appointment must fall inside a weekly range of its local day (or a range of the
 *       day before that runs past midnight) or an EXTRA_HOURS exception. A 09:00–17:00 rule is
 *       09:00–17:00 local on DST days; a 22:00–06:00 night is 7 or 9 hours long on them. Time off
 *       is reported as {@link ConflictKind#TIME_OFF}, not as outside availability. Rule times are
 *       compared at second precision.
 *   <li>Appointments of a clinician never registered with {@link #updateClinician} get no
 *       availability or time-off conflicts (the engine does not know their hours), but overlaps,
 *       buffers, duplicates and busy blocks are still checked; their all-day busy blocks use the
 *       zone the block was anchored in.
 *   <li>All-day busy blocks cover the clinician's local days ({@link BusyBlock#windowIn}).
 * </ul>
 *
 * <p>Every update is visible to the next check. Readers never block: each clinician's state is
 * an immutable snapshot replaced atomically, so a check sees one consistent state of the
 * clinician; writers of one clinician are serialised, so no update is lost. Implementations are
 * thread-safe.
 */
public interface ConflictEngine {

  /** A builder with the defaults: PENDING, SCHEDULED and CONFIRMED block; no buffer; exact duplicates. */
  static Builder builder() {
    return new Builder();
  }

  /** Every conflict of a proposed or existing appointment with the indexed state. */
  ConflictReport check(Appointment proposal);

  /**
   * At most {@code limit} ids of the appointments that {@link #check} would report as
   * {@link ConflictKind#OVERLAP} or {@link ConflictKind#BUFFER} for this one (never itself, never a
   * linked duplicate), and whether those are all of them. Unlike {@link #check}, the work is bounded
   * by the limit: among ten thousand mutually overlapping appointments each answer still costs
   * about {@code limit} steps. The order is the index's (by start, roughly), stable for one state.
   *
   * <p>The default implementation filters {@link #check}; the engine behind {@link #builder()} walks
   * its index and stops at the limit, without building a report.
   *
   * @param limit the most ids to return, at least 0
   */
  default ConflictIds conflictIds(Appointment subject, int limit) {
    Checks.notNull(subject, "conflict ids subject");
    if (limit < 0) {
      throw new ValidationException("conflict ids limit must not be negative: " + limit);
    }
    Set<AppointmentId> found = new LinkedHashSet<>();
    for (Conflict c : check(subject).conflicts()) {
      if (c.kind() == ConflictKind.OVERLAP || c.kind() == ConflictKind.BUFFER) {
        c.otherAppointment().filter(id -> !id.equals(subject.id())).ifPresent(found::add);
      }
    }
    List<AppointmentId> ids = new ArrayList<>(found);
    return ids.size() <= limit ? new ConflictIds(ids, true) : new ConflictIds(ids.subList(0, limit), false);
  }

  /**
   * Applies many index changes at once, with the same result as {@link #remove} for each of
   * {@code removals} followed by {@link #upsert} for each of {@code upserts}, in order. The engine
   * behind {@link #builder()} copies each touched week (and the side list of long appointments) of
   * a clinician once per call instead of once per appointment, so a batch of ten thousand
   * appointments in one week costs linear, not quadratic, time and memory.
   */
  default void apply(Collection<Appointment> upserts, Collection<AppointmentId> removals) {
    Checks.notNull(upserts, "upserts");
    Checks.notNull(removals, "removals");
    removals.forEach(this::remove);
    upserts.forEach(this::upsert);
  }

  /** Every conflicting pair of appointments (overlap, duplicate, buffer) with a member overlapping the window. */
  ScanReport scan(TimeWindow window);

  /**
   * Indexes an appointment, replacing the indexed one with the same id; a non-blocking status
   * removes it from the index.
   */
  void upsert(Appointment appointment);

  /** Removes an appointment; returns whether it was indexed. */
  boolean remove(AppointmentId id);

  /** Indexes a busy block, replacing the one with the same source key (system and external id). */
  void upsertBusyBlock(BusyBlock block);

  /** Removes the busy block with this source key, whatever its version; returns whether it was indexed. */
  boolean removeBusyBlock(SourceRef source);

  /** Registers or replaces a clinician: their zone, weekly hours and dated exceptions. */
  void updateClinician(Clinician clinician);

  /** Whether the clinician is registered. */
  boolean knowsClinician(ClinicianId id);

  /** The number of indexed (blocking) appointments. */
  int size();

  // ---------------------------------------------------------------- availability search

  /** The grid step of {@link #nextFree(ClinicianId, Instant, Duration, Duration)}: five minutes. */
  Duration DEFAULT_STEP = Duration.ofMinutes(5);

  /**
   * The zone of a registered clinician (their working hours' zone, the zone of their slot grid);
   * empty for a clinician never registered with {@link #updateClinician}, whose grid is UTC.
   */
  default Optional<ZoneId> clinicianZone(ClinicianId clinician) {
    return Optional.empty();
  }

  /**
   * Every free slot of {@code duration} on the clinician's {@link SlotGrid grid} of {@code step}
   * that lies wholly inside the window: exactly the grid slots for which {@link #check} of a
   * {@linkplain SlotGrid#probe probe} reports nothing — inside working hours, no time off, no
   * blocking appointment within the buffer, no busy block — judged on one consistent state of the
   * clinician.
   *
   * <p>The default implementation is that definition ({@link SlotGrid#freeSlotsByCheck}); the engine
   * behind {@link #builder()} answers from one walk of its index.
   *
   * @param duration the slot length: whole seconds, 1 minute to 1 day
   * @param step the grid step: whole seconds, 1 minute to 1 day
   */
  default FreeSlots freeSlots(ClinicianId clinician, TimeWindow window, Duration duration, Duration step) {
    Checks.notNull(clinician, "clinician");
    return SlotGrid.freeSlotsByCheck(this, clinician, clinicianZone(clinician).orElse(ZoneOffset.UTC), window,
        duration, step);
  }

  /**
   * {@link #freeSlots(ClinicianId, TimeWindow, Duration, Duration)} for each of several clinicians
   * over one window (a team's or a location's question): one answer per clinician, in the order
   * given, each judged on one consistent state of that clinician. The engine behind
   * {@link #builder()} looks every clinician up before it searches, so the lookups' cache misses
   * overlap instead of waiting one clinician after another.
   *
   * @param clinicians the clinicians, in the order the answers come back (repeats allowed)
   */
  default List<FreeSlots> freeSlots(List<ClinicianId> clinicians, TimeWindow window, Duration duration,
      Duration step) {
    Checks.notNull(clinicians, "clinicians");
    List<FreeSlots> out = new ArrayList<>(clinicians.size());
    for (ClinicianId c : clinicians) {
      out.add(freeSlots(Checks.notNull(c, "clinician"), window, duration, step));
    }
    return List.copyOf(out);
  }

  /**
   * The earliest free slot (as {@link #freeSlots} defines one) starting at or after {@code from}
   * and before {@code from + horizon}; empty when there is none.
   *
   * @param horizon how far to look: positive, at most 366 days
   */
  default Optional<TimeWindow> nextFree(ClinicianId clinician, Instant from, Duration duration, Duration step,
      Duration horizon) {
    Checks.notNull(clinician, "clinician");
    return SlotGrid.nextFreeByCheck(this, clinician, clinicianZone(clinician).orElse(ZoneOffset.UTC), from,
        duration, step, horizon);
  }

  /** {@link #nextFree(ClinicianId, Instant, Duration, Duration, Duration)} on the {@link #DEFAULT_STEP} grid. */
  default Optional<TimeWindow> nextFree(ClinicianId clinician, Instant from, Duration duration, Duration horizon) {
    return nextFree(clinician, from, duration, DEFAULT_STEP, horizon);
  }

  /**
   * Whether the window is free for the clinician: {@code !check(SlotGrid.probe(clinician, window)).hasConflicts()},
   * answered by the engine behind {@link #builder()} without building a report. Any window, on a
   * grid or not.
   */
  default boolean isFree(ClinicianId clinician, TimeWindow window) {
    return !check(SlotGrid.probe(clinician, window)).hasConflicts();
  }

  /** Configures a {@link ConflictEngine}. */
  final class Builder {
    private Set<AppointmentStatus> blocking =
        EnumSet.of(AppointmentStatus.PENDING, AppointmentStatus.SCHEDULED, AppointmentStatus.CONFIRMED);
    private Duration buffer = Duration.ZERO;
    private Duration duplicateTolerance = Duration.ZERO;

    private Builder() {}

    /** The statuses that block time. CANCELLED and NO_SHOW are refused: they never block. */
    public Builder blockingStatuses(Set<AppointmentStatus> statuses) {
      Checks.notNull(statuses, "blocking statuses");
      if (statuses.isEmpty()) {
        throw new ValidationException("blocking statuses must name at least one status");
      }
      if (statuses.contains(AppointmentStatus.CANCELLED) || statuses.contains(AppointmentStatus.NO_SHOW)) {
        throw new ValidationException("CANCELLED and NO_SHOW appointments never block time: " + statuses);
      }
      this.blocking = EnumSet.copyOf(statuses);
      return this;
    }

    /** The minimum gap between two appointments of a clinician; zero (the default) disables BUFFER. */
    public Builder buffer(Duration buffer) {
      Checks.notNull(buffer, "buffer");
      if (buffer.isNegative() || buffer.compareTo(Duration.ofDays(1)) > 0) {
        throw new ValidationException("buffer must be between 0 and 1 day: " + buffer);
      }
      this.buffer = buffer;
      return this;
    }

    /** Convenience for {@link #buffer(Duration)} in minutes. */
    public Builder bufferMinutes(int minutes) {
      return buffer(Duration.ofMinutes(minutes));
    }

    /** How far starts and ends of two records may differ and still be the same visit; default zero. */
    public Builder duplicateTolerance(Duration tolerance) {
      Checks.notNull(tolerance, "duplicate tolerance");
      if (tolerance.isNegative() || tolerance.compareTo(Duration.ofDays(1)) > 0) {
        throw new ValidationException("duplicate tolerance must be between 0 and 1 day: " + tolerance);
      }
      this.duplicateTolerance = tolerance;
      return this;
    }

    public ConflictEngine build() {
      return new IndexedConflictEngine(blocking, buffer, duplicateTolerance);
    }
  }
}
