package dev.clinicsync.sync.internal;

import dev.clinicsync.conflict.Conflict;
import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.conflict.ConflictReport;
import dev.clinicsync.conflict.Provenance;
import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.Operation;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.sync.AppointmentView;
import dev.clinicsync.sync.BusyBlockView;
import dev.clinicsync.sync.CalendarEntry;
import dev.clinicsync.sync.CalendarView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The aggregated calendar: the appointments and busy blocks a principal may see, each appointment
 * with its live conflicts, its conflict ids and conflicts read from one source
 * ({@link ConflictState}). A therapist sees their own calendar, and asking for anyone else's —
 * another clinician's or a clinician id that does not exist — is refused and audited alike; front
 * desk sees every calendar but only the source system of each record, never the vendor's ids.
 * Every read is audited; a read whose audit event cannot be written returns nothing.
 */
public final class CalendarReader {
  private final Wiring w;
  private final HostAccess access;

  public CalendarReader(Wiring wiring) {
    this.w = wiring;
    this.access = new HostAccess(wiring);
  }

  public CalendarView read(Principal principal, AppointmentQuery query) {
    TimeWindow window = query.window().orElseThrow(() -> new ValidationException(
        "the aggregated calendar needs a window: AppointmentQuery.builder().window(...)"));
    Set<ClinicianId> clinicians = visibleClinicians(principal, query);
    AppointmentQuery narrowed = clinicians.equals(query.clinicians()) ? query
        : new AppointmentQuery(query.window(), clinicians, query.sources(), query.statuses(), query.locations(),
            query.connectors());
    List<CalendarEntry> entries = new ArrayList<>();
    for (Appointment a : w.store().find(narrowed)) {
      if (w.policy().isAllowed(principal, Operation.VIEW_CALENDAR, a.clinicianId())) {
        entries.add(entry(principal, a));
      }
    }
    List<BusyBlockView> busy = new ArrayList<>();
    for (BusyBlock b : w.busyBlocks().in(window, clinicians)) {
      if (w.policy().isAllowed(principal, Operation.VIEW_CALENDAR, b.clinicianId())) {
        busy.add(HostAccess.busyBlock(access.seesSource(principal, b.clinicianId()), b));
      }
    }
    auditRead(principal, "", Map.of(
        "window", window.start() + "/" + window.end(),
        "clinicians", clinicians.isEmpty() ? "all" : Integer.toString(clinicians.size()),
        "appointments", Integer.toString(entries.size())));
    return new CalendarView(window, entries, busy);
  }

  /**
   * One appointment of the calendar, by id: empty when there is none and the principal sees every
   * calendar; refused (audited) when it is another clinician's, or missing, for anyone else.
   */
  public Optional<CalendarEntry> entry(Principal principal, AppointmentId id) {
    Optional<Appointment> found = access.find(principal, Operation.VIEW_CALENDAR, id);
    Optional<CalendarEntry> entry = found.map(a -> entry(principal, a));
    auditRead(principal, id.value(), Map.of("appointments", found.isPresent() ? "1" : "0"));
    return entry;
  }

  /**
   * What a booking of {@code slot} would conflict with, as the principal may see it, without
   * booking: duplicates left out. Access is the calendar's; audited as a calendar read.
   */
  public List<dev.clinicsync.sync.ConflictView> check(Principal principal, ClinicianId clinician, TimeWindow slot) {
    w.authorize(principal, Operation.VIEW_CALENDAR, clinician);
    if (w.engine().clinicianZone(clinician).isEmpty()) {
      throw new ValidationException("no clinician " + clinician.value() + " in the directory");
    }
    AppointmentId id = AppointmentId.random();
    Appointment draft = Appointment.builder().id(id)
        .source(dev.clinicsync.core.model.SourceRef.of(dev.clinicsync.core.model.SourceSystem.INTERNAL, id.value()))
        .clinicianId(clinician).window(slot).build();
    List<Conflict> conflicts = new ArrayList<>();
    for (Conflict c : ConflictState.of(w.engine(), draft).conflicts()) {
      if (c.kind() != ConflictKind.DUPLICATE) {
        conflicts.add(c);
      }
    }
    auditRead(principal, "", Map.of(
        "window", slot.start() + "/" + slot.end(),
        "clinicians", "1",
        "appointments", "0"));
    return HostAccess.conflicts(access.seesSource(principal, clinician), conflicts);
  }

  private CalendarEntry entry(Principal principal, Appointment a) {
    ConflictReport report = ConflictState.of(w.engine(), a);
    List<Conflict> found = report.conflicts();
    List<Conflict> conflicts = found.isEmpty() ? List.of() : new ArrayList<>(found.size());
    Set<AppointmentId> duplicates = found.isEmpty() ? Set.of() : new HashSet<>();
    List<Conflict> copies = List.of();
    for (Conflict c : found) { // most appointments have none: nothing is allocated for them
      if (c.kind() == ConflictKind.DUPLICATE) {
        c.otherAppointment().ifPresent(duplicates::add);
        if (c.provenance() instanceof Provenance.ExternalBusy) { // a busy-block copy of this appointment
          copies = copies.isEmpty() ? new ArrayList<>() : copies;
          copies.add(c);
        }
      } else {
        conflicts.add(c);
      }
    }
    boolean seesSource = access.seesSource(principal, a.clinicianId());
    AppointmentView view = AppointmentView.of(a, ConflictState.ids(report), seesSource);
    return new CalendarEntry(view, HostAccess.conflicts(seesSource, conflicts), duplicates,
        copies.isEmpty() ? List.of() : HostAccess.conflicts(seesSource, copies));
  }

  /**
   * The PHI part of one appointment, from the host's vault: access-checked as
   * {@link Operation#VIEW_PHI} for the appointment's clinician, and audited as
   * {@link AuditAction#VIEW_PHI} with the appointment id and PHI-free details (the clinician, and
   * whether a record was found). A read whose audit event cannot be written returns nothing.
   *
   * @return the record; empty when the appointment has none, or when there is no such appointment
   *     and the principal may read PHI for every clinician
   * @throws dev.clinicsync.core.access.AccessDeniedException (audited) when the appointment is a
   *     clinician's the principal may not read PHI for, or does not exist and the principal may not
   *     read PHI for every clinician — the same exception either way
   */
  public Optional<PhiRecord> patientDetails(Principal principal, AppointmentId id) {
    Optional<Appointment> found = access.find(principal, Operation.VIEW_PHI, id);
    Optional<PhiRecord> phi = found.isPresent() ? w.phiVault().get(id) : Optional.empty();
    Map<String, String> details = new LinkedHashMap<>();
    found.ifPresent(a -> details.put("clinician", a.clinicianId().value()));
    details.put("records", phi.isPresent() ? "1" : "0");
    try {
      w.audit().record(principal.userId(), AuditAction.VIEW_PHI, id.value(), details);
    } catch (RuntimeException e) {
      throw new StorageException("the audit trail could not record a PHI read; nothing was returned", e);
    }
    return phi;
  }

  private void auditRead(Principal principal, String subject, Map<String, String> details) {
    try {
      w.audit().record(principal.userId(), AuditAction.VIEW_CALENDAR, subject, details);
    } catch (RuntimeException e) {
      throw new StorageException("the audit trail could not record a calendar read; nothing was returned", e);
    }
  }

  /**
   * The clinicians to read: those asked for (empty: all) for principals who see every calendar;
   * otherwise their own, and only their own — an unfiltered query is narrowed to it, and a query
   * naming anyone else is refused.
   */
  private Set<ClinicianId> visibleClinicians(Principal principal, AppointmentQuery query) {
    if (w.policy().isAllowedForAll(principal, Operation.VIEW_CALENDAR)) {
      return query.clinicians();
    }
    Optional<ClinicianId> own = principal.clinicianId()
        .filter(id -> w.policy().isAllowed(principal, Operation.VIEW_CALENDAR, id));
    if (own.isEmpty()) {
      w.authorize(principal, Operation.VIEW_CALENDAR, null); // audits and throws
    }
    Optional<ClinicianId> other = query.clinicians().stream().filter(c -> !c.equals(own.orElseThrow()))
        .min(Comparator.comparing(ClinicianId::value));
    // another clinician's calendar, or a clinician who does not exist: the same audited refusal
    other.ifPresent(c -> w.authorize(principal, Operation.VIEW_CALENDAR, c));
    return Set.of(own.orElseThrow());
  }
}
