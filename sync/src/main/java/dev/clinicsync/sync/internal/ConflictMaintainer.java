package dev.clinicsync.sync.internal;

import dev.clinicsync.conflict.Conflict;
import dev.clinicsync.conflict.ConflictEngine;
import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.store.AppointmentStore;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps every stored appointment's {@code conflictIds} equal to what the conflict engine says:
 * the ids of the other appointments it overlaps or sits too close to. Cross-source duplicates
 * are linked, not conflicts, so they never appear there.
 */
public final class ConflictMaintainer {
  private static final int MAX_SAVE_ATTEMPTS = 5;

  private final ConflictEngine engine;
  private final AppointmentStore store;

  public ConflictMaintainer(ConflictEngine engine, AppointmentStore store) {
    this.engine = engine;
    this.store = store;
  }

  /** The ids an appointment conflicts with now. */
  public Set<AppointmentId> currentConflictIds(Appointment a) {
    List<Conflict> conflicts = engine.check(a).conflicts();
    if (conflicts.isEmpty()) {
      return Set.of();
    }
    Set<AppointmentId> ids = new LinkedHashSet<>();
    for (Conflict c : conflicts) {
      if (c.kind() == ConflictKind.OVERLAP || c.kind() == ConflictKind.BUFFER) {
        c.otherAppointment().ifPresent(ids::add);
      }
    }
    ids.remove(a.id());
    return ids;
  }

  /**
   * Recomputes the conflict ids of the given appointments and of every appointment they conflict
   * or conflicted with, saving those that changed.
   *
   * @param changed appointments created, updated or deleted
   * @param previousPartners ids the changed appointments conflicted with before the change
   */
  public void refresh(Collection<AppointmentId> changed, Collection<AppointmentId> previousPartners) {
    Deque<AppointmentId> todo = new ArrayDeque<>(changed);
    todo.addAll(previousPartners);
    Set<AppointmentId> seen = new HashSet<>();
    Set<AppointmentId> first = new HashSet<>(changed);
    while (!todo.isEmpty()) {
      AppointmentId id = todo.poll();
      if (!seen.add(id)) {
        continue;
      }
      Optional<Appointment> now = store.findById(id);
      if (now.isEmpty()) {
        continue;
      }
      Set<AppointmentId> ids = update(id);
      if (first.contains(id)) {
        todo.addAll(ids); // its new partners now conflict with it too
      }
    }
  }

  private Set<AppointmentId> update(AppointmentId id) {
    for (int attempt = 0; attempt < MAX_SAVE_ATTEMPTS; attempt++) {
      Optional<Appointment> current = store.findById(id);
      if (current.isEmpty()) {
        return Set.of();
      }
      Appointment a = current.get();
      Set<AppointmentId> ids = currentConflictIds(a);
      if (ids.equals(a.conflictIds())) {
        return ids;
      }
      try {
        store.save(a.withConflictIds(ids));
        return ids;
      } catch (StorageConflictException e) {
        // changed under us (another node, or a concurrent sync): recompute on the fresh copy
      }
    }
    throw new StorageConflictException(id.value(), "could not update the conflict ids of appointment " + id
        + " after " + MAX_SAVE_ATTEMPTS + " attempts");
  }
}
