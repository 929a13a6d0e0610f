package dev.clinicsync.sync.internal;

import dev.clinicsync.conflict.FreeSlots;
import dev.clinicsync.core.StorageException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.Operation;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.ClinicianDirectory;
import dev.clinicsync.sync.AvailabilityQuery;
import dev.clinicsync.sync.AvailabilityView;
import dev.clinicsync.sync.ClinicianLocations;
import dev.clinicsync.sync.OfferedSlot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Availability search for hosts: the clinicians a query names (one, a list, everyone at a
 * location, or everyone the principal may see), each searched with the conflict engine's
 * {@code freeSlots} in their own zone, merged by slot. Access follows the calendar's rule, since
 * free time reveals busy time: principals who see every calendar search anyone; a therapist
 * searches only themselves — naming anyone else is refused and audited, and a location or an
 * unfiltered query is narrowed to them. Every search is audited as a calendar read, with counts
 * and the window only.
 */
public final class AvailabilityReader {
  private final Wiring w;
  private final ClinicianDirectory directory;
  private final ClinicianLocations locations;
  private final Map<AppointmentType, Duration> durations;

  public AvailabilityReader(Wiring wiring, ClinicianDirectory directory, ClinicianLocations locations,
      Map<AppointmentType, Duration> durations) {
    this.w = wiring;
    this.directory = directory;
    this.locations = locations;
    this.durations = Map.copyOf(durations);
  }

  public AvailabilityView read(Principal principal, AvailabilityQuery query) {
    Duration duration = query.duration().orElseGet(() -> {
      AppointmentType type = query.appointmentType().orElseThrow();
      Duration d = durations.get(type);
      if (d == null) {
        throw new ValidationException("no duration is configured for appointment type " + type.kind()
            + " (SyncCoordinatorBuilder.appointmentDuration)");
      }
      return d;
    });
    List<Clinician> clinicians = clinicians(principal, query);
    Instant earliest = w.clock().instant().plus(query.minimumNotice());
    TimeWindow window = query.window();
    Optional<TimeWindow> searched = !earliest.isBefore(window.end()) ? Optional.empty()
        : Optional.of(earliest.isAfter(window.start()) ? new TimeWindow(earliest, window.end()) : window);
    TreeMap<Long, List<ClinicianId>> bySlot = new TreeMap<>();
    List<ClinicianId> searchedIds = clinicians.stream().map(Clinician::id).toList();
    if (searched.isPresent()) {
      List<FreeSlots> answers = w.engine().freeSlots(searchedIds, searched.get(), duration, query.step());
      for (int c = 0; c < searchedIds.size(); c++) {
        FreeSlots free = answers.get(c);
        for (int i = 0; i < free.size(); i++) {
          bySlot.computeIfAbsent(free.startEpochSecond(i), k -> new ArrayList<>(2)).add(searchedIds.get(c));
        }
      }
    }
    List<OfferedSlot> slots = new ArrayList<>(bySlot.size());
    bySlot.forEach((start, ids) -> slots.add(new OfferedSlot(
        TimeWindow.of(Instant.ofEpochSecond(start), duration), ids)));
    audit(principal, Map.of(
        "availability", window.start() + "/" + window.end(),
        "clinicians", Integer.toString(searchedIds.size()),
        "slots", Integer.toString(slots.size())));
    return new AvailabilityView(searched, duration, searchedIds, slots);
  }

  /** The clinicians to search, ordered by id, after the access rule of the class comment. */
  private List<Clinician> clinicians(Principal principal, AvailabilityQuery query) {
    boolean all = w.policy().isAllowedForAll(principal, Operation.VIEW_CALENDAR);
    TreeSet<ClinicianId> ids = new TreeSet<>(Comparator.comparing(ClinicianId::value));
    if (!query.clinicians().isEmpty()) {
      ids.addAll(query.clinicians());
      // a therapist naming anyone but themselves: the calendar's audited refusal, for the first such id
      for (ClinicianId id : ids) {
        if (!w.policy().isAllowed(principal, Operation.VIEW_CALENDAR, id)) {
          w.authorize(principal, Operation.VIEW_CALENDAR, id);
        }
      }
    } else if (query.location().isPresent()) {
      for (ClinicianId id : locations.at(query.location().get())) {
        if (all || w.policy().isAllowed(principal, Operation.VIEW_CALENDAR, id)) {
          ids.add(id);
        }
      }
    } else if (all) {
      directory.all().forEach(c -> ids.add(c.id()));
    } else {
      Optional<ClinicianId> own = principal.clinicianId()
          .filter(id -> w.policy().isAllowed(principal, Operation.VIEW_CALENDAR, id));
      if (own.isEmpty()) {
        w.authorize(principal, Operation.VIEW_CALENDAR, null); // audits and throws
      }
      ids.add(own.orElseThrow());
    }
    List<Clinician> out = new ArrayList<>(ids.size());
    for (ClinicianId id : ids) {
      Optional<Clinician> c = directory.find(id);
      if (c.isPresent()) {
        if (!w.engine().knowsClinician(id)) {
          // saved to the directory after the coordinator was built: without its hours the engine
          // would call every minute free, so it learns them from the directory first
          w.engine().updateClinician(c.get());
        }
        out.add(c.get());
      } else if (!query.clinicians().isEmpty()) {
        // named explicitly (and visible to the principal): an unknown id is a mistake, not "free all day"
        throw new ValidationException("no clinician with id " + id + " in the directory");
      }
    }
    return out;
  }

  private void audit(Principal principal, Map<String, String> details) {
    try {
      w.audit().record(principal.userId(), AuditAction.VIEW_CALENDAR, "", details);
    } catch (RuntimeException e) {
      throw new StorageException("the audit trail could not record an availability search; nothing was returned", e);
    }
  }
}
