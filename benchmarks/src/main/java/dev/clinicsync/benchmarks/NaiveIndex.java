package dev.clinicsync.benchmarks;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.TimeWindow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/** Per clinician, a list of every appointment, scanned in full; a read-write lock for safety. */
final class NaiveIndex implements ConflictIndex {
  private final Map<ClinicianId, List<Appointment>> appointments = new HashMap<>();
  private final Map<ClinicianId, List<BusyBlock>> busy = new HashMap<>();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  static boolean blocking(AppointmentStatus s) {
    return s == AppointmentStatus.PENDING || s == AppointmentStatus.SCHEDULED || s == AppointmentStatus.CONFIRMED;
  }

  @Override
  public void load(Workload w) {
    for (Appointment a : w.appointments) {
      appointments.computeIfAbsent(a.clinicianId(), k -> new ArrayList<>()).add(a);
    }
    for (BusyBlock b : w.busyBlocks) {
      busy.computeIfAbsent(b.clinicianId(), k -> new ArrayList<>()).add(b);
    }
  }

  @Override
  public int check(Appointment p) {
    lock.readLock().lock();
    try {
      int n = 0;
      for (Appointment a : appointments.getOrDefault(p.clinicianId(), List.of())) {
        if (blocking(a.status()) && a.start().isBefore(p.end()) && p.start().isBefore(a.end()) && !a.id().equals(p.id())) {
          n++;
        }
      }
      for (BusyBlock b : busy.getOrDefault(p.clinicianId(), List.of())) {
        if (b.start().isBefore(p.end()) && p.start().isBefore(b.end())) {
          n++;
        }
      }
      return n;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public int scanPairs(TimeWindow window) {
    lock.readLock().lock();
    try {
      int pairs = 0;
      for (List<Appointment> list : appointments.values()) {
        for (int i = 0; i < list.size(); i++) {
          Appointment a = list.get(i);
          if (!blocking(a.status())) {
            continue;
          }
          for (int j = i + 1; j < list.size(); j++) {
            Appointment b = list.get(j);
            if (blocking(b.status()) && a.start().isBefore(b.end()) && b.start().isBefore(a.end())
                && (a.overlaps(window) || b.overlaps(window))) {
              pairs++;
            }
          }
        }
      }
      return pairs;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void move(Appointment previous, Appointment next) {
    lock.writeLock().lock();
    try {
      List<Appointment> list = Objects.requireNonNull(appointments.get(previous.clinicianId()),
          "a benchmark moves only a loaded appointment, whose clinician has a list");
      int at = list.indexOf(previous);
      list.set(at, next);
    } finally {
      lock.writeLock().unlock();
    }
  }
}
