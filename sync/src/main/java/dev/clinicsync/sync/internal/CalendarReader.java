package dev.clinicsync.sync.internal;

import dev.clinicsync.conflict.Conflict;
import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.conflict.Provenance;
import dev.clinicsync.core.access.Operation;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.sync.CalendarEntry;
import dev.clinicsync.sync.CalendarView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The aggregated calendar: the appointments and busy blocks a principal may see, each
 * appointment with its live conflicts. What the principal may not see is left out, not blanked:
 * a therapist's calendar holds only their own appointments; front desk gets no source metadata.
 */
public final class CalendarReader {
  /** What principals without source metadata see instead of a calendar id. */
  static final String HIDDEN = "hidden";

  private final Wiring w;

  public CalendarReader(Wiring wiring) {
    this.w = wiring;
  }

  public CalendarView read(Principal principal, AppointmentQuery query) {
    TimeWindow window = query.window().orElseThrow(() -> new ValidationException(
        "the aggregated calendar needs a window: AppointmentQuery.builder().window(...)"));
    Set<ClinicianId> clinicians = visibleClinicians(principal, query);
    if (clinicians.isEmpty() && !w.policy().isAllowedForAll(principal, Operation.VIEW_CALENDAR)) {
      auditRead(principal, window, "none", 0);
      return new CalendarView(window, List.of(), List.of());
    }
    AppointmentQuery narrowed = new AppointmentQuery(query.window(), clinicians, query.sources(), query.statuses(),
        query.locations(), query.connectors());
    List<CalendarEntry> entries = new ArrayList<>();
    for (Appointment a : w.store().find(narrowed)) {
      if (!w.policy().isAllowed(principal, Operation.VIEW_CALENDAR, a.clinicianId())) {
        continue;
      }
      List<Conflict> found = w.engine().check(a).conflicts();
      List<Conflict> conflicts = found.isEmpty() ? List.of() : new ArrayList<>(found.size());
      Set<AppointmentId> duplicates = found.isEmpty() ? Set.of() : new HashSet<>();
      for (Conflict c : found) { // most appointments have none: nothing is allocated for them
        if (c.kind() == ConflictKind.DUPLICATE) {
          c.otherAppointment().ifPresent(duplicates::add);
        } else {
          conflicts.add(c);
        }
      }
      boolean metadata = w.policy().isAllowed(principal, Operation.VIEW_SOURCE_METADATA, a.clinicianId());
      Appointment shown = metadata ? a : a.toBuilder().sourceMetadata(Map.of()).vendorProviderId(null).build();
      entries.add(new CalendarEntry(shown, metadata ? conflicts : withoutCalendarIds(conflicts), duplicates));
    }
    List<BusyBlock> busy = new ArrayList<>();
    for (BusyBlock b : w.busyBlocks().in(window, clinicians)) {
      if (w.policy().isAllowed(principal, Operation.VIEW_CALENDAR, b.clinicianId())) {
        // a personal calendar's id is often its owner's email: source metadata, not for front desk
        busy.add(w.policy().isAllowed(principal, Operation.VIEW_SOURCE_METADATA, b.clinicianId()) ? b
            : new BusyBlock(b.source(), HIDDEN, b.clinicianId(), b.start(), b.end(), b.allDay()));
      }
    }
    auditRead(principal, window, clinicians.isEmpty() ? "all" : Integer.toString(clinicians.size()), entries.size());
    return new CalendarView(window, entries, busy);
  }

  private static List<Conflict> withoutCalendarIds(List<Conflict> conflicts) {
    if (conflicts.isEmpty()) {
      return conflicts;
    }
    List<Conflict> out = new ArrayList<>(conflicts.size());
    for (Conflict c : conflicts) {
      out.add(c.provenance() instanceof Provenance.ExternalBusy b
          ? new Conflict(c.kind(), c.window(), new Provenance.ExternalBusy(b.source(), HIDDEN)) : c);
    }
    return out;
  }

  private void auditRead(Principal principal, TimeWindow window, String clinicians, int shown) {
    w.audit().record(principal.userId(), AuditAction.VIEW_CALENDAR, "", Map.of(
        "window", window.toString(),
        "clinicians", clinicians,
        "appointments", Integer.toString(shown)));
  }

  /**
   * The clinicians to read: those asked for (empty: all) for principals who see every calendar;
   * otherwise the principal's own, if asked for (empty when they asked only for others).
   */
  private Set<ClinicianId> visibleClinicians(Principal principal, AppointmentQuery query) {
    if (w.policy().isAllowedForAll(principal, Operation.VIEW_CALENDAR)) {
      return query.clinicians();
    }
    Set<ClinicianId> own = new HashSet<>();
    principal.clinicianId().ifPresent(id -> {
      if ((query.clinicians().isEmpty() || query.clinicians().contains(id))
          && w.policy().isAllowed(principal, Operation.VIEW_CALENDAR, id)) {
        own.add(id);
      }
    });
    if (own.isEmpty() && query.clinicians().isEmpty()) {
      w.authorize(principal, Operation.VIEW_CALENDAR, principal.clinicianId().orElse(null)); // audits and throws
    }
    return own;
  }
}
