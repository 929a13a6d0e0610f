package dev.clinicsync.sync.internal;

import dev.clinicsync.conflict.ConflictEngine;
import dev.clinicsync.conflict.ConflictIds;
import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.store.AppointmentQuery;
import dev.clinicsync.core.store.AppointmentStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps every stored appointment's {@code conflictIds} a bounded, current answer: the ids of at
 * most {@link #MAX_IDS} of the other appointments it overlaps or sits too close to (cross-source
 * duplicates are linked, never listed). An appointment with fewer conflicts lists all of them; one
 * with more lists exactly {@code MAX_IDS}, which therefore means "this many or more" (the
 * aggregated calendar shows every conflict, live from the engine).
 *
 * <p>Memory and time stay linear in the input however many appointments overlap: each list is
 * computed with the engine's bounded {@link ConflictEngine#conflictIds} (work in proportion to the
 * bound), and a change rewrites only the lists it must: the changed appointments', their partners'
 * that have room for one more id, and those that listed a changed id. A full list that lists only
 * unchanged partners stays as it is ("sticky"), so adding the ten-thousandth overlapping
 * appointment rewrites nothing but itself. Who may hold a changed id is known from the changed
 * appointment's own list (by the invariant, a list with room holds every partner); only past the
 * bound does the maintainer read the stored appointments around the change, once per merged span.
 */
public final class ConflictMaintainer {
  /** The most conflict ids stored per appointment. */
  public static final int MAX_IDS = 32;

  private static final int MAX_SAVE_ATTEMPTS = 5;
  /** The engine's buffer is at most a day: partners may sit that far from a changed appointment. */
  private static final Duration REACH = Duration.ofDays(1).plusSeconds(1);

  private final ConflictEngine engine;
  private final AppointmentStore store;
  private final EventHub events;
  private final Clock clock;

  public ConflictMaintainer(ConflictEngine engine, AppointmentStore store) {
    this(engine, store, EventHub.none(), Clock.systemUTC());
  }

  /**
   * A maintainer that also publishes {@link dev.clinicsync.sync.events.ConflictDetected} or
   * {@link dev.clinicsync.sync.events.ConflictResolved} when a list it rewrites goes from empty to
   * not, or back (stamped by {@code clock}).
   */
  public ConflictMaintainer(ConflictEngine engine, AppointmentStore store, EventHub events, Clock clock) {
    this.engine = engine;
    this.store = store;
    this.events = events;
    this.clock = clock;
  }

  /**
   * One appointment's change, as the store saw it.
   *
   * @param before what was stored before; empty for a new appointment
   * @param after what is stored now; empty for a deleted one
   */
  public record Change(Optional<Appointment> before, Optional<Appointment> after) {}

  /**
   * The bounded conflict ids of an appointment as the engine's index stands: all of them when there
   * are at most {@link #MAX_IDS}; otherwise {@code MAX_IDS} of them, keeping those it already
   * {@code held} that are still partners (certainly so when neither side is among {@code changed}).
   *
   * @param subject the appointment, as it is (or is about to be) stored
   * @param held the ids it lists now
   * @param changed ids of the appointments whose change is being applied, the subject's included if it changed
   */
  public Set<AppointmentId> idsFor(Appointment subject, Set<AppointmentId> held, Set<AppointmentId> changed) {
    ConflictIds found = engine.conflictIds(subject, MAX_IDS);
    if (found.complete()) {
      return found.ids().isEmpty() ? Set.of() : Set.copyOf(found.ids());
    }
    Set<AppointmentId> fresh = new HashSet<>(found.ids());
    boolean subjectChanged = changed.contains(subject.id());
    Set<AppointmentId> out = new LinkedHashSet<>();
    for (AppointmentId q : held) {
      if (out.size() == MAX_IDS) {
        break;
      }
      if (fresh.contains(q) || (!subjectChanged && !changed.contains(q) && !q.equals(subject.id()))) {
        out.add(q);
      }
    }
    for (AppointmentId q : found.ids()) {
      if (out.size() == MAX_IDS) {
        break;
      }
      out.add(q);
    }
    return Set.copyOf(out);
  }

  /**
   * Brings the lists around a batch of applied changes up to date, once the engine indexes every
   * change: the partners of the changed appointments, and the changed ones themselves unless
   * {@code current} says their stored list was computed in this batch already.
   *
   * @param changes the applied changes
   * @param current ids whose stored list is already current (written with the change)
   */
  public void refresh(Collection<Change> changes, Set<AppointmentId> current) {
    Set<AppointmentId> changed = new HashSet<>(Math.max(16, changes.size() * 8 / 3 + 1));
    for (Change c : changes) {
      c.before().ifPresent(a -> changed.add(a.id()));
      c.after().ifPresent(a -> changed.add(a.id()));
    }
    Set<AppointmentId> candidates = new LinkedHashSet<>();
    Map<ClinicianId, List<TimeWindow>> dense = new LinkedHashMap<>();
    for (Change c : changes) {
      if (c.after().isPresent()) {
        Appointment after = c.after().get();
        ConflictIds partners = engine.conflictIds(after, MAX_IDS);
        if (partners.complete()) {
          candidates.addAll(partners.ids()); // every partner: those with room may gain the id
        } else {
          around(dense, after); // past the bound: partners with room are found by reading around it
        }
        if (!current.contains(after.id())) {
          candidates.add(after.id());
        }
      }
      if (c.before().isPresent()) {
        Appointment before = c.before().get();
        if (before.conflictIds().size() < MAX_IDS) {
          candidates.addAll(before.conflictIds()); // a list with room names every partner: all who may hold it
        } else {
          around(dense, before);
        }
      }
    }
    refreshAll(candidates, dense, changed, current);
  }

  /**
   * Recomputes the conflict ids around appointments changed through the store one by one (the
   * booking side): the given appointments, and every appointment they conflict or conflicted with.
   *
   * @param changed appointments created, updated or deleted (as they are stored now)
   * @param previousPartners ids the changed appointments conflicted with before the change
   */
  public void refresh(Collection<AppointmentId> changed, Collection<AppointmentId> previousPartners) {
    List<Change> changes = new ArrayList<>();
    for (AppointmentId id : changed) {
      changes.add(new Change(Optional.empty(), store.findById(id)));
    }
    Set<AppointmentId> changedIds = new HashSet<>(changed);
    Set<AppointmentId> candidates = new LinkedHashSet<>(changed);
    candidates.addAll(previousPartners);
    Map<ClinicianId, List<TimeWindow>> dense = new LinkedHashMap<>();
    for (Change c : changes) {
      c.after().ifPresent(after -> {
        ConflictIds partners = engine.conflictIds(after, MAX_IDS);
        if (partners.complete()) {
          candidates.addAll(partners.ids());
        } else {
          around(dense, after);
        }
        if (previousPartners.size() >= MAX_IDS) {
          around(dense, after); // the old slot is not known here: the new one is the best place to look
        }
      });
    }
    refreshAll(candidates, dense, changedIds, Set.of());
  }

  private static void around(Map<ClinicianId, List<TimeWindow>> dense, Appointment a) {
    dense.computeIfAbsent(a.clinicianId(), k -> new ArrayList<>())
        .add(new TimeWindow(a.start().minus(REACH), a.end().plus(REACH)));
  }

  private void refreshAll(Set<AppointmentId> candidates, Map<ClinicianId, List<TimeWindow>> dense,
      Set<AppointmentId> changed, Set<AppointmentId> current) {
    Set<AppointmentId> done = new HashSet<>();
    for (AppointmentId id : candidates) {
      if (!current.contains(id) && done.add(id)) {
        store.findById(id).ifPresent(a -> update(a, changed));
      }
    }
    for (Map.Entry<ClinicianId, List<TimeWindow>> e : dense.entrySet()) {
      for (TimeWindow span : merged(e.getValue())) {
        for (Appointment a : store.find(AppointmentQuery.builder().window(span).clinician(e.getKey()).build())) {
          if (!current.contains(a.id()) && mayChange(a, changed) && done.add(a.id())) {
            update(a, changed);
          }
        }
      }
    }
  }

  /** Whether a list can change: it has room for a new partner, names a changed one, or is a changed one's. */
  private static boolean mayChange(Appointment a, Set<AppointmentId> changed) {
    if (a.conflictIds().size() < MAX_IDS || changed.contains(a.id())) {
      return true;
    }
    for (AppointmentId q : a.conflictIds()) {
      if (changed.contains(q)) {
        return true;
      }
    }
    return false;
  }

  private static List<TimeWindow> merged(List<TimeWindow> spans) {
    List<TimeWindow> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparing(TimeWindow::start));
    List<TimeWindow> out = new ArrayList<>();
    TimeWindow open = null;
    for (TimeWindow w : sorted) {
      if (open != null && !w.start().isAfter(open.end())) {
        open = w.end().isAfter(open.end()) ? new TimeWindow(open.start(), w.end()) : open;
      } else {
        if (open != null) {
          out.add(open);
        }
        open = w;
      }
    }
    if (open != null) {
      out.add(open);
    }
    return out;
  }

  /** Saves the appointment's list when it changed, retrying on a concurrent write. */
  private void update(Appointment a, Set<AppointmentId> changed) {
    Appointment current = a;
    for (int attempt = 0; attempt < MAX_SAVE_ATTEMPTS; attempt++) {
      Set<AppointmentId> ids = idsFor(current, current.conflictIds(), changed);
      if (ids.equals(current.conflictIds())) {
        return;
      }
      try {
        Appointment saved = store.save(current.withConflictIds(ids));
        ChangeEvents.conflictTransition(Optional.of(current), saved, clock.instant()).ifPresent(events::publish);
        return;
      } catch (StorageConflictException e) {
        // changed under us (another node, or a concurrent booking): recompute on the fresh copy
        Optional<Appointment> fresh = store.findById(a.id());
        if (fresh.isEmpty()) {
          return;
        }
        current = fresh.get();
      }
    }
    throw new StorageConflictException(a.id().value(), "could not update the conflict ids of appointment " + a.id()
        + " after " + MAX_SAVE_ATTEMPTS + " attempts");
  }
}
