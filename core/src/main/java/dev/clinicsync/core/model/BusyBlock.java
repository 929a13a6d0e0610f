package dev.clinicsync.core.model;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A clinician's external busy interval, such as an event on their personal Google calendar.
 * Carries no title, no attendees, no details: only that the time is taken, and where that was
 * seen.
 *
 * <p>All-day blocks keep their local dates ({@link #allDay()}); they cover the clinician's local
 * days, whatever zone the source calendar is in, so the conflict engine re-anchors them to the
 * clinician's zone.
 *
 * @param source the source system and the vendor's id of the event
 * @param calendarId the source calendar the block came from
 * @param clinicianId the clinician it blocks
 * @param start the first blocked instant
 * @param end the first instant after the block
 * @param allDay for all-day blocks, the local dates covered
 * @param copyOf the practice system whose own calendar sync put this event into the calendar it
 *     was read from (that calendar is configured as receiving the system's sync), so the block may
 *     be the copy of one of that system's appointments; empty for an ordinary busy block. Never
 *     the block's own source system, never {@link SourceSystem#INTERNAL} (the SDK's own mirrors
 *     come back as echoes, not busy blocks)
 */
public record BusyBlock(
    SourceRef source,
    String calendarId,
    ClinicianId clinicianId,
    Instant start,
    Instant end,
    Optional<DateSpan> allDay,
    Optional<SourceSystem> copyOf) {

  public BusyBlock {
    Checks.notNull(source, "busy block source");
    Checks.notBlank(calendarId, () -> "busy block " + source.key() + " calendar id");
    Checks.notNull(clinicianId, () -> "busy block " + source.key() + " clinician id");
    Checks.ordered(start, end, () -> "busy block " + source.key());
    Checks.notNull(allDay, () -> "busy block " + source.key() + " all-day dates");
    Checks.notNull(copyOf, () -> "busy block " + source.key() + " copy-of system");
    if (copyOf.isPresent()
        && (copyOf.get().equals(source.system()) || copyOf.get().equals(SourceSystem.INTERNAL))) {
      throw new ValidationException("busy block " + source.key() + " copy-of system must be another practice system than "
          + source.system() + " and not " + SourceSystem.INTERNAL);
    }
  }

  /** An ordinary block, a copy of nothing: the form before {@link #copyOf} existed. */
  public BusyBlock(
      SourceRef source, String calendarId, ClinicianId clinicianId, Instant start, Instant end, Optional<DateSpan> allDay) {
    this(source, calendarId, clinicianId, start, end, allDay, Optional.empty());
  }

  /** A timed block. */
  public static BusyBlock timed(SourceRef source, String calendarId, ClinicianId clinicianId, Instant start, Instant end) {
    return new BusyBlock(source, calendarId, clinicianId, start, end, Optional.empty(), Optional.empty());
  }

  /**
   * An all-day block over {@code [firstDay, endDayExclusive)}; the instants are anchored in
   * {@code zone} (normally the clinician's).
   */
  public static BusyBlock allDay(
      SourceRef source, String calendarId, ClinicianId clinicianId, DateSpan days, ZoneId zone) {
    TimeWindow w = days.in(zone);
    return new BusyBlock(source, calendarId, clinicianId, w.start(), w.end(), Optional.of(days), Optional.empty());
  }

  /**
   * This block marked as read from a calendar that receives {@code system}'s own calendar sync
   * (see {@link #copyOf}).
   */
  public BusyBlock asCopyOf(SourceSystem system) {
    return new BusyBlock(source, calendarId, clinicianId, start, end, allDay,
        Optional.of(Checks.notNull(system, () -> "busy block " + source.key() + " copy-of system")));
  }

  /** This block with the marking {@code copyOf} (empty: an ordinary block). */
  public BusyBlock withCopyOf(Optional<SourceSystem> system) {
    return new BusyBlock(source, calendarId, clinicianId, start, end, allDay, system);
  }

  public TimeWindow window() {
    return new TimeWindow(start, end);
  }

  /** The block's interval as seen in a clinician's zone: all-day blocks cover local days there. */
  public TimeWindow windowIn(ZoneId clinicianZone) {
    return allDay.map(d -> d.in(clinicianZone)).orElseGet(this::window);
  }

  /**
   * Local dates {@code [first, endExclusive)}, Google-style: a one-day event on 5 March has
   * {@code endExclusive} 6 March.
   *
   * @param first the first day
   * @param endExclusive the day after the last
   */
  public record DateSpan(LocalDate first, LocalDate endExclusive) {
    public DateSpan {
      Checks.notNull(first, "date span first day");
      Checks.notNull(endExclusive, "date span end day");
      if (!endExclusive.isAfter(first)) {
        throw new ValidationException("date span end " + endExclusive + " must be after its first day " + first);
      }
    }

    /** The span as instants in a zone, from the first local midnight to the last. */
    public TimeWindow in(ZoneId zone) {
      return TimeWindow.ofLocalDays(first, endExclusive, zone);
    }
  }
}
