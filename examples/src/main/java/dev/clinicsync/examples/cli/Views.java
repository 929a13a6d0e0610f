package dev.clinicsync.examples.cli;

import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.sync.AppointmentView;
import dev.clinicsync.sync.BusyBlockView;
import dev.clinicsync.sync.CalendarEntry;
import dev.clinicsync.sync.ConflictView;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The JSON shapes of the coordinator's views (see the examples README), PHI-free. */
final class Views {
  private Views() {}

  static Map<String, Object> window(TimeWindow w) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("start", w.start().toString());
    m.put("end", w.end().toString());
    return m;
  }

  static Map<String, Object> appointment(AppointmentView a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id().value());
    m.put("clinician", a.clinicianId().value());
    m.put("source", a.sourceSystem().id());
    m.put("status", a.status().name());
    m.put("type", a.type().kind().name());
    m.put("start", a.start().toString());
    m.put("end", a.end().toString());
    m.put("location", a.locationId().orElse(null));
    return m;
  }

  static Map<String, Object> entry(CalendarEntry e) {
    Map<String, Object> m = appointment(e.appointment());
    m.put("conflicts", conflicts(e.conflicts()));
    m.put("duplicates", e.duplicates().stream().map(AppointmentId::value).sorted().toList());
    m.put("duplicateBusyBlocks", duplicateBusyBlocks(e));
    return m;
  }

  /** The busy-block copies of an entry's appointment (a practice system's own calendar sync), linked as the same visit. */
  static List<Map<String, Object>> duplicateBusyBlocks(CalendarEntry e) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ConflictView c : e.duplicateBusyBlocks()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("source", c.otherSource().map(s -> s.id()).orElse(null));
      m.put("start", c.window().start().toString());
      m.put("end", c.window().end().toString());
      out.add(m);
    }
    return out;
  }

  /** The linked duplicates of an entry in a table cell: {@code (duplicate linked)}, or nothing. */
  static String duplicateCell(CalendarEntry e) {
    return e.hasDuplicates() ? " (duplicate linked)" : "";
  }

  static List<Map<String, Object>> conflicts(List<ConflictView> conflicts) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ConflictView c : conflicts) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", c.kind().name());
      m.put("start", c.window().start().toString());
      m.put("end", c.window().end().toString());
      m.put("otherAppointment", c.otherAppointment().map(AppointmentId::value).orElse(null));
      m.put("otherSource", c.otherSource().map(s -> s.id()).orElse(null));
      out.add(m);
    }
    return out;
  }

  static Map<String, Object> busyBlock(BusyBlockView b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("clinician", b.clinicianId().value());
    m.put("source", b.sourceSystem().id());
    m.put("start", b.start().toString());
    m.put("end", b.end().toString());
    m.put("allDay", b.allDay().isPresent());
    m.put("copyOf", b.copyOf().map(s -> s.id()).orElse(null));
    return m;
  }

  /** A conflict in a table cell: its kind and the other side, {@code OVERLAP with google 10:30-11:20}. */
  static String conflictCell(ConflictView c, ZoneId zone) {
    return c.kind().name() + c.otherSource().map(s -> " with " + s.id()).orElse("") + " "
        + Times.TIME.format(c.window().start().atZone(zone)) + "-" + Times.TIME.format(c.window().end().atZone(zone));
  }

  static String conflictCells(List<ConflictView> conflicts, ZoneId zone) {
    return conflicts.isEmpty() ? "-" : conflicts.stream().map(c -> conflictCell(c, zone)).collect(Collectors.joining("; "));
  }
}
