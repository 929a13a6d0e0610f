package dev.clinicsync.examples.demo.view;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A week of every clinician's calendar, ready to render with {@link WeekViewPage}. Build it from a
 * coordinator with {@link WeekViews#of}, or by hand.
 *
 * @param title the page title (not PHI)
 * @param weekStart the Monday the week starts on, in each lane's own zone
 * @param displayZone the zone the page's header is in; each lane's times are in the lane's zone
 * @param lanes one row per clinician; item ids are unique across lanes
 * @param legend each source shown and its colour
 */
public record WeekView(String title, LocalDate weekStart, ZoneId displayZone, List<Lane> lanes, List<Legend> legend) {
  public WeekView {
    Checks.notBlank(title, "week view title");
    Checks.notNull(weekStart, "week view week start");
    if (weekStart.getDayOfWeek() != DayOfWeek.MONDAY) {
      throw new ValidationException("week view week start must be a Monday, not a " + weekStart.getDayOfWeek());
    }
    Checks.notNull(displayZone, "week view display zone");
    lanes = List.copyOf(Checks.notNull(lanes, "week view lanes"));
    legend = List.copyOf(Checks.notNull(legend, "week view legend"));
    Set<String> ids = new HashSet<>();
    Set<String> clinicians = new HashSet<>();
    for (Lane lane : lanes) {
      if (!clinicians.add(lane.clinician().value())) {
        throw new ValidationException("week view lists clinician " + lane.clinician().value() + " twice");
      }
      for (Item item : lane.items()) {
        if (!ids.add(item.id())) {
          throw new ValidationException("week view lane " + lane.clinician().value() + " repeats an item id");
        }
      }
    }
    Set<String> sources = new HashSet<>();
    for (Legend l : legend) {
      if (!sources.add(l.source())) {
        throw new ValidationException("week view legend lists a source twice");
      }
    }
  }

  /** The colour of a source, from the legend. */
  public Optional<String> colourOf(String source) {
    return legend.stream().filter(l -> l.source().equals(source)).map(Legend::colour).findFirst();
  }

  /** The last day of the week (a Sunday). */
  public LocalDate weekEnd() {
    return weekStart.plusDays(6);
  }
}
