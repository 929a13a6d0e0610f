package dev.clinicsync.conflict.testkit.assertions;

import dev.clinicsync.conflict.Conflict;
import dev.clinicsync.conflict.Provenance;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.TimeWindow;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The conflicts of a report that match everything asked so far, starting from one kind
 * ({@link ConflictReportAssert#hasConflict}). Each {@code with...} keeps the matching ones and
 * fails when none is left, showing the ones it started from; {@link #once()} and
 * {@link #times(int)} count them; {@link #and()} returns to the whole report.
 */
public class ConflictAssert {
  private final ConflictReportAssert report;
  private final String selection;
  private final List<Conflict> matching;

  ConflictAssert(ConflictReportAssert report, String selection, List<Conflict> matching) {
    this.report = report;
    this.selection = selection;
    this.matching = List.copyOf(matching);
  }

  /** One of them is with this other appointment ({@code OVERLAP}, {@code BUFFER}, {@code DUPLICATE}). */
  public ConflictAssert with(AppointmentId otherAppointment) {
    Objects.requireNonNull(otherAppointment, "other appointment");
    return narrow("with appointment " + otherAppointment, c -> c.otherAppointment().equals(Optional.of(otherAppointment)));
  }

  /** One of them is with another appointment in this status. */
  public ConflictAssert withOtherStatus(AppointmentStatus status) {
    Objects.requireNonNull(status, "status");
    return narrow("with an appointment in status " + status,
        c -> c.provenance() instanceof Provenance.OtherAppointment o && o.status() == status);
  }

  /**
   * One of them is with this busy block ({@code EXTERNAL_BUSY}): same source key, and the same
   * vendor version when {@code block} names one.
   */
  public ConflictAssert withBusyBlock(SourceRef block) {
    Objects.requireNonNull(block, "busy block source");
    return narrow("with busy block " + block,
        c -> c.provenance() instanceof Provenance.ExternalBusy b && b.source().sameKey(block)
            && (block.version().isEmpty() || block.version().equals(b.source().version())));
  }

  /** One of them is with a busy block of this calendar. */
  public ConflictAssert fromCalendar(String calendarId) {
    Objects.requireNonNull(calendarId, "calendar id");
    return narrow("from calendar " + calendarId,
        c -> c.provenance() instanceof Provenance.ExternalBusy b && b.calendarId().equals(calendarId));
  }

  /** One of them is with this time-off exception ({@code TIME_OFF}). */
  public ConflictAssert withTimeOff(String exceptionId) {
    Objects.requireNonNull(exceptionId, "exception id");
    return narrow("with time off " + exceptionId,
        c -> c.provenance() instanceof Provenance.TimeOff t && t.exceptionId().equals(exceptionId));
  }

  /** One of them has exactly this provenance. */
  public ConflictAssert withProvenance(Provenance provenance) {
    Objects.requireNonNull(provenance, "provenance");
    return narrow(Describe.provenance(provenance), c -> c.provenance().equals(provenance));
  }

  /** One of them has exactly this window (the other side's, or the proposal's for hours and time off). */
  public ConflictAssert withWindow(TimeWindow window) {
    Objects.requireNonNull(window, "window");
    return narrow("over " + window, c -> c.window().equals(window));
  }

  /** Exactly one conflict matches. */
  public ConflictAssert once() {
    return times(1);
  }

  /** Exactly {@code n} conflicts match. */
  public ConflictAssert times(int n) {
    if (matching.size() != n) {
      report.failNarrowing("%nExpecting %s to occur %s time(s) for %s%nbut found %s:%n%s%nAll conflicts:%n%s",
          Describe.withArticle(selection), n, report.actual().subject(), matching.size(), Describe.conflicts(matching),
          Describe.conflicts(report.actual().conflicts()));
    }
    return this;
  }

  /** Back to the whole report. */
  public ConflictReportAssert and() {
    return report;
  }

  private ConflictAssert narrow(String criterion, Predicate<Conflict> keep) {
    List<Conflict> kept = matching.stream().filter(keep).toList();
    if (kept.isEmpty()) {
      report.failNarrowing("%nExpecting %s %s for %s%nbut the candidates (%s) are:%n%s",
          Describe.withArticle(selection), criterion, report.actual().subject(), selection, Describe.conflicts(matching));
    }
    return new ConflictAssert(report, selection + " " + criterion, kept);
  }
}
