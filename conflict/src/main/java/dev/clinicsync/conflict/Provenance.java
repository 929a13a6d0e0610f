package dev.clinicsync.conflict;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.SourceRef;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * Where a conflict comes from: the other appointment, the working-hours rule, the time-off
 * exception or the external busy block. A closed set; test with {@code instanceof}.
 */
public sealed interface Provenance
    permits Provenance.OtherAppointment, Provenance.WorkingHours, Provenance.TimeOff, Provenance.ExternalBusy {

  /**
   * Another appointment ({@link ConflictKind#OVERLAP}, {@link ConflictKind#BUFFER},
   * {@link ConflictKind#DUPLICATE}).
   *
   * @param id the other appointment's id
   * @param source the other appointment's source record
   * @param status the other appointment's status
   */
  record OtherAppointment(AppointmentId id, SourceRef source, AppointmentStatus status) implements Provenance {
    public OtherAppointment {
      Checks.notNull(id, "other appointment id");
      Checks.notNull(source, "other appointment source");
      Checks.notNull(status, "other appointment status");
    }
  }

  /**
   * The working-hours rule of the local day the appointment starts on
   * ({@link ConflictKind#OUTSIDE_AVAILABILITY}).
   *
   * @param zone the clinician's zone the rule was evaluated in
   * @param date the local date the appointment starts on, in that zone
   * @param weeklyRanges the weekly ranges of that weekday (empty: not a working day)
   */
  record WorkingHours(ZoneId zone, LocalDate date, List<LocalTimeRange> weeklyRanges) implements Provenance {
    public WorkingHours {
      Checks.notNull(zone, "working hours zone");
      Checks.notNull(date, "working hours date");
      weeklyRanges = List.copyOf(Checks.notNull(weeklyRanges, "working hours ranges"));
    }
  }

  /**
   * A dated time-off exception ({@link ConflictKind#TIME_OFF}).
   *
   * @param exceptionId the exception's id
   * @param label its PHI-free label, possibly empty
   */
  record TimeOff(String exceptionId, String label) implements Provenance {
    public TimeOff {
      Checks.notBlank(exceptionId, "time off exception id");
      Checks.notNull(label, "time off label");
    }
  }

  /**
   * An external busy block ({@link ConflictKind#EXTERNAL_BUSY}; {@link ConflictKind#DUPLICATE} when
   * it is a marked copy of the checked appointment).
   *
   * @param source the block's source record
   * @param calendarId the source calendar it was seen in
   */
  record ExternalBusy(SourceRef source, String calendarId) implements Provenance {
    public ExternalBusy {
      Checks.notNull(source, "busy block source");
      Checks.notBlank(calendarId, "busy block calendar id");
    }
  }
}
