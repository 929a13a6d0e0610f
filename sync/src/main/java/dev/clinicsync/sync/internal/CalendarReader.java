package dev.clinicsync.sync.internal;

import dev.clinicsync.conflict.Conflict;
import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.core.access.Operation;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.spi.AppointmentQuery;
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
  private final Wiring w;

  public CalendarReader(Wiring wiring) {
    this.w = wiring;
  }

  public CalendarView read(Principal principal, AppointmentQuery query) {
    TimeWindow window = query.window().orElseThrow(() -> new ValidationException(
        "the aggregated calendar needs a window: AppointmentQuery.builder().window(...)"));
    Set<ClinicianId> clinicians = visibleClinicians(principal, query);
    if (clinicians.isEmpty() && !w.policy().isAllowedForAll(principal, Operation.VIEW_CALENDAR)) {
      auditRead(principal, window, clinicians, 0);
      return new CalendarView(window, List.of(), List.of());
    }
    AppointmentQuery narrowed = new AppointmentQuery(query.window(), clinicians, query.sources(), query.statuses(),
        query.locations());
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
      Appointment shown = w.policy().isAllowed(principal, Operation.VIEW_SOURCE_METADATA, a.clinicianId())
          ? a : a.toBuilder().sourceMetadata(Map.of()).vendorProviderId(null).build();
      entries.add(new CalendarEntry(shown, conflicts, duplicates));
    }
    List<BusyBlock> busy = new ArrayList<>();
    for (BusyBlock b : w.busyBlocks().in(window, clinicians)) {
      if (w.policy().isAllowed(principal, Operation.VIEW_CALENDAR, b.clinicianId())) {
        busy.add(b);
      }
    }
    auditRead(principal, window, clinicians, entries.size());
    return new CalendarView(window, entries, busy);
  }

  private void auditRead(Principal principal, TimeWindow window, Set<ClinicianId> clinicians, int shown) {
    w.audit().record(principal.userId(), AuditAction.VIEW_CALENDAR, "", Map.of(
        "window", window.toString(),
        "clinicians", clinicians.isEmpty() ? "all" : Integer.toString(clinicians.size()),
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
