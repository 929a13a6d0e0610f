package dev.clinicsync.examples.demo.view;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.sync.BusyBlockView;
import dev.clinicsync.sync.CalendarEntry;
import dev.clinicsync.sync.CalendarView;
import dev.clinicsync.sync.ConflictView;
import dev.clinicsync.sync.SyncCoordinator;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds a {@link WeekView} from a coordinator's aggregated calendar: one lane per clinician, the
 * lane's week running from Monday 00:00 to the next Monday 00:00 in the clinician's own zone (so a
 * week with a DST change is 167 or 169 hours long), lanes grouped by location in the order the
 * locations first appear. Appointments become {@link Item.Kind#APPOINTMENT} items with their
 * conflicts and linked duplicates; busy blocks become {@link Item.Kind#BUSY} items. Only
 * PHI-free fields are read: ids, source systems, visit types, statuses and times.
 */
public final class WeekViews {
  /** The built-in sources in their usual order and colours; white text stays readable on each. */
  private static final List<Legend> KNOWN = List.of(
      new Legend("simplepractice", "#2e7d32"),
      new Legend("google", "#1a73e8"),
      new Legend("zocdoc", "#7b1fa2"),
      new Legend("kareo", "#c65100"),
      new Legend("athenahealth", "#00838f"),
      new Legend("internal", "#455a64"));
  /** Colours for any other source, in the order the sources sort. */
  private static final List<String> SPARE = List.of("#5d4037", "#3949ab", "#558b2f", "#ad1457", "#4e342e", "#00695c");

  private WeekViews() {}

  /**
   * Reads the week through {@code coordinator.aggregatedCalendar(principal, ...)} for the given
   * clinicians (one read covering every lane's week) and builds the view.
   *
   * @param locationOf each clinician's location; a clinician without one is grouped under
   *     "unassigned"
   * @param weekStart the Monday of the week
   * @param displayZone the zone of the page header
   * @throws ValidationException when the week does not start on a Monday or a clinician is listed twice
   * @throws dev.clinicsync.core.access.AccessDeniedException when the principal may not read one of
   *     the calendars (a therapist asking for another clinician's)
   */
  public static WeekView of(SyncCoordinator coordinator, Principal principal, List<Clinician> clinicians,
      Map<ClinicianId, String> locationOf, LocalDate weekStart, ZoneId displayZone, String title) {
    Checks.notNull(coordinator, "week view coordinator");
    Checks.notNull(principal, "week view principal");
    Checks.notNull(clinicians, "week view clinicians");
    Checks.notNull(locationOf, "week view locations");
    Checks.notNull(weekStart, "week view week start");
    if (weekStart.getDayOfWeek() != DayOfWeek.MONDAY) {
      throw new ValidationException("week view week start must be a Monday, not a " + weekStart.getDayOfWeek());
    }
    Map<ClinicianId, Clinician> byId = new LinkedHashMap<>();
    for (Clinician c : clinicians) {
      if (byId.put(Checks.notNull(c, "week view clinician").id(), c) != null) {
        throw new ValidationException("week view lists clinician " + c.id().value() + " twice");
      }
    }
    if (byId.isEmpty()) {
      return new WeekView(title, weekStart, displayZone, List.of(), List.of());
    }
    Instant from = Instant.MAX;
    Instant to = Instant.MIN;
    for (Clinician c : byId.values()) {
      TimeWindow w = laneWindow(c.zone(), weekStart);
      from = w.start().isBefore(from) ? w.start() : from;
      to = w.end().isAfter(to) ? w.end() : to;
    }
    CalendarView calendar = coordinator.aggregatedCalendar(principal,
        AppointmentQuery.builder().window(TimeWindow.of(from, to)).clinicians(byId.keySet()).build());

    Map<ClinicianId, List<Item>> items = new HashMap<>();
    // busy blocks that copy an appointment (a practice system's own calendar sync), by clinician and
    // times: the appointments they copy, and the page id of the copy, to link both ways
    Map<String, List<String>> copied = new HashMap<>();
    for (CalendarEntry e : calendar.entries()) {
      for (ConflictView v : e.duplicateBusyBlocks()) {
        copied.computeIfAbsent(copyKey(e.appointment().clinicianId(), v.window()), k -> new ArrayList<>())
            .add(e.appointment().id().value());
      }
    }
    Map<String, String> copyIds = new HashMap<>();
    Map<String, Integer> busyIds = new HashMap<>();
    for (BusyBlockView b : calendar.busyBlocks()) {
      Clinician c = byId.get(b.clinicianId());
      if (c != null && laneWindow(c.zone(), weekStart).overlaps(b.window())) {
        String base = "busy-" + c.id().value() + "-" + b.start().getEpochSecond() + "-" + b.end().getEpochSecond();
        int n = busyIds.merge(base, 1, Integer::sum);
        String id = n == 1 ? base : base + "-" + n;
        String key = copyKey(c.id(), b.window());
        List<String> copies = b.copyOf().isPresent() ? copied.getOrDefault(key, List.of()) : List.of();
        if (!copies.isEmpty()) {
          copyIds.putIfAbsent(key, id);
        }
        items.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(copies.isEmpty()
            ? Item.busy(id, b.sourceSystem().id(), b.start(), b.end())
            : Item.linkedCopy(id, b.sourceSystem().id(), b.start(), b.end(), copies.stream().sorted().toList()));
      }
    }
    for (CalendarEntry e : calendar.entries()) {
      Clinician c = byId.get(e.appointment().clinicianId());
      if (c != null && laneWindow(c.zone(), weekStart).overlaps(e.appointment().window())) {
        List<String> copyItems = new ArrayList<>();
        for (ConflictView v : e.duplicateBusyBlocks()) {
          String id = copyIds.get(copyKey(c.id(), v.window()));
          if (id != null) {
            copyItems.add(id);
          }
        }
        items.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(appointment(e, copyItems));
      }
    }

    List<String> locations = new ArrayList<>(new LinkedHashSet<>(byId.keySet().stream().map(id -> location(locationOf, id)).toList()));
    List<Lane> lanes = new ArrayList<>();
    Set<String> sources = new TreeSet<>();
    for (String location : locations) {
      for (Clinician c : byId.values()) {
        if (location.equals(location(locationOf, c.id()))) {
          List<Item> own = new ArrayList<>(items.getOrDefault(c.id(), List.of()));
          own.sort(Comparator.comparing(Item::start).thenComparing(Item::kind).thenComparing(Item::id));
          own.forEach(i -> sources.add(i.source()));
          lanes.add(new Lane(c.id(), c.displayName(), location, c.zone(), own));
        }
      }
    }
    return new WeekView(title, weekStart, displayZone, lanes, legend(sources));
  }

  /** A lane's week: Monday 00:00 to the next Monday 00:00 in the clinician's zone. */
  static TimeWindow laneWindow(ZoneId zone, LocalDate weekStart) {
    return TimeWindow.ofLocalDays(weekStart, weekStart.plusDays(7), zone);
  }

  private static String location(Map<ClinicianId, String> locationOf, ClinicianId id) {
    String l = locationOf.get(id);
    return l == null || l.isBlank() ? "unassigned" : l;
  }

  private static String copyKey(ClinicianId clinician, TimeWindow w) {
    return clinician.value() + "|" + w.start() + "|" + w.end();
  }

  private static Item appointment(CalendarEntry e, List<String> copyItems) {
    List<String> with = new ArrayList<>(new TreeSet<>(e.conflicts().stream()
        .flatMap(c -> c.otherAppointment().stream()).map(AppointmentId::value).toList()));
    List<String> duplicates = new ArrayList<>(e.duplicates().stream().map(AppointmentId::value).sorted().toList());
    duplicates.addAll(copyItems.stream().sorted().toList());
    List<Item.ConflictNote> notes = new ArrayList<>();
    for (ConflictView c : e.conflicts()) {
      notes.add(new Item.ConflictNote(c.kind().name(), c.otherSource().map(s -> s.id()),
          c.otherAppointment().map(AppointmentId::value), c.window().start(), c.window().end()));
    }
    return new Item(e.appointment().id().value(), Item.Kind.APPOINTMENT, e.appointment().sourceSystem().id(),
        e.appointment().start(), e.appointment().end(), label(e.appointment().type()), e.appointment().status(),
        e.hasConflicts(), with, duplicates, notes);
  }

  /** The canonical kind only: a vendor's own type code may be free text. */
  private static String label(AppointmentType type) {
    return type.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The built-in sources in their usual order, then any other in alphabetical order. */
  static List<Legend> legend(Set<String> sources) {
    List<Legend> legend = new ArrayList<>();
    Set<String> known = new HashSet<>();
    for (Legend l : KNOWN) {
      known.add(l.source());
      if (sources.contains(l.source())) {
        legend.add(l);
      }
    }
    int spare = 0;
    for (String s : new TreeSet<>(sources)) {
      if (!known.contains(s)) {
        legend.add(new Legend(s, SPARE.get(spare++ % SPARE.size())));
      }
    }
    return legend;
  }
}
