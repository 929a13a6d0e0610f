package dev.clinicsync.conflict.internal;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import org.jspecify.annotations.Nullable;

/**
 * Indexed appointments by id: open addressing with linear probing over one reference array
 * (4–11 bytes an entry instead of a HashMap node's ~40). Not thread-safe: one stripe lock guards
 * each table.
 */
final class IdTable {
  private @Nullable Appointment[] slots = new Appointment[16];
  private int size;

  static int hash(AppointmentId id) {
    int h = id.value().hashCode() * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  int size() {
    return size;
  }

  @Nullable Appointment get(AppointmentId id) {
    int mask = slots.length - 1;
    for (int i = hash(id) & mask; ; i = (i + 1) & mask) {
      Appointment a = slots[i];
      if (a == null) {
        return null;
      }
      if (a.id().equals(id)) {
        return a;
      }
    }
  }

  /** Stores the appointment, returning the one it replaced. */
  @Nullable Appointment put(Appointment appointment) {
    int mask = slots.length - 1;
    for (int i = hash(appointment.id()) & mask; ; i = (i + 1) & mask) {
      Appointment a = slots[i];
      if (a == null) {
        slots[i] = appointment;
        if (++size * 4 > slots.length * 3) {
          grow();
        }
        return null;
      }
      if (a.id().equals(appointment.id())) {
        slots[i] = appointment;
        return a;
      }
    }
  }

  @Nullable Appointment remove(AppointmentId id) {
    int mask = slots.length - 1;
    int i = hash(id) & mask;
    while (true) {
      Appointment a = slots[i];
      if (a == null) {
        return null;
      }
      if (a.id().equals(id)) {
        break;
      }
      i = (i + 1) & mask;
    }
    Appointment removed = slots[i];
    // backward-shift deletion keeps every probe chain unbroken
    int hole = i;
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      Appointment a = slots[j];
      if (a == null) {
        break;
      }
      int home = hash(a.id()) & mask;
      boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        slots[hole] = a;
        hole = j;
      }
    }
    slots[hole] = null;
    size--;
    return removed;
  }

  private void grow() {
    Appointment[] old = slots;
    slots = new Appointment[old.length * 2];
    int mask = slots.length - 1;
    for (Appointment a : old) {
      if (a != null) {
        int i = hash(a.id()) & mask;
        while (slots[i] != null) {
          i = (i + 1) & mask;
        }
        slots[i] = a;
      }
    }
  }
}
