package dev.clinicsync.sync;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.TimeWindow;
import java.util.List;

/**
 * The aggregated calendar of a window: every appointment the principal may see from every
 * source, with its conflicts, and the clinicians' external busy blocks. What the principal may
 * not see is absent: other clinicians' calendars for a therapist, the vendor's side of each record
 * (source refs, calendar ids, metadata) for front desk.
 *
 * @param window the window shown
 * @param entries appointments ordered by start, then id
 * @param busyBlocks busy blocks ordered by start
 */
public record CalendarView(TimeWindow window, List<CalendarEntry> entries, List<BusyBlockView> busyBlocks) {
  public CalendarView {
    Checks.notNull(window, "calendar view window");
    entries = List.copyOf(Checks.notNull(entries, "calendar view entries"));
    busyBlocks = List.copyOf(Checks.notNull(busyBlocks, "calendar view busy blocks"));
  }
}
