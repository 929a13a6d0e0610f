package dev.clinicsync.conflict;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.AvailabilityException;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The oracle: plain lists, linear scans, java.time conversions minute by minute. Obviously right
 * (for minute-aligned times) and slow. Not thread-safe except through {@code synchronized}.
 */
final class NaiveConflictEngine implements ConflictEngine {
  private final Set<AppointmentStatus> blocking;
  private final Duration buffer;
  private final Duration tolerance;
  private final List<Appointment> appointments = new ArrayList<>();
  private final List<BusyBlock> busy = new ArrayList<>();
  private final Map<ClinicianId, Clinician> clinicians = new HashMap<>();

  NaiveConflictEngine(Set<AppointmentStatus> blocking, Duration buffer, Duration tolerance) {
    this.blocking = Set.copyOf(blocking);
    this.buffer = buffer;
    this.tolerance = tolerance;
  }

  static NaiveConflictEngine defaults() {
    return new NaiveConflictEngine(
        Set.of(AppointmentStatus.PENDING, AppointmentStatus.SCHEDULED, AppointmentStatus.CONFIRMED),
        Duration.ZERO, Duration.ZERO);
  }

  @Override
  public synchronized ConflictReport check(Appointment p) {
    List<Conflict> out = new ArrayList<>();
    if (!blocking.contains(p.status())) {
      return new ConflictReport(p.id(), out);
    }
    for (Appointment a : appointments) {
      if (a.clinicianId().equals(p.clinicianId()) && !a.id().equals(p.id())) {
        ConflictKind kind = relation(p, a);
        if (kind != null) {
          out.add(new Conflict(kind, a.window(), new Provenance.OtherAppointment(a.id(), a.source(), a.status())));
        }
      }
    }
    Clinician c = clinicians.get(p.clinicianId());
    for (BusyBlock b : busy) {
      if (b.clinicianId().equals(p.clinicianId())) {
        TimeWindow w = c == null ? b.window() : b.windowIn(c.zone());
        if (w.overlaps(p.window())) {
          boolean copy = b.copyOf().isPresent() && b.copyOf().get().equals(p.source().system())
              && Duration.between(p.start(), w.start()).abs().compareTo(tolerance) <= 0
              && Duration.between(p.end(), w.end()).abs().compareTo(tolerance) <= 0;
          out.add(new Conflict(copy ? ConflictKind.DUPLICATE : ConflictKind.EXTERNAL_BUSY, w,
              new Provenance.ExternalBusy(b.source(), b.calendarId())));
        }
      }
    }
    if (c != null) {
      boolean outside = false;
      for (Instant t = p.start(); t.isBefore(p.end()); t = t.plusSeconds(60)) {
        if (!available(c, LocalDateTime.ofInstant(t, c.zone()))) {
          outside = true;
          break;
        }
      }
      if (outside) {
        LocalDate date = LocalDate.ofInstant(p.start(), c.zone());
        out.add(new Conflict(ConflictKind.OUTSIDE_AVAILABILITY, p.window(),
            new Provenance.WorkingHours(c.zone(), date, c.availability().rangesOn(date.getDayOfWeek()))));
      }
      for (AvailabilityException ex : c.availability().exceptions()) {
        if (ex.kind() != AvailabilityException.Kind.TIME_OFF) {
          continue;
        }
        for (Instant t = p.start(); t.isBefore(p.end()); t = t.plusSeconds(60)) {
          if (timeOff(ex, LocalDateTime.ofInstant(t, c.zone()))) {
            out.add(new Conflict(ConflictKind.TIME_OFF, p.window(), new Provenance.TimeOff(ex.id(), ex.label())));
            break;
          }
        }
      }
    }
    return new ConflictReport(p.id(), out);
  }

  private static boolean available(Clinician c, LocalDateTime at) {
    LocalDate date = at.toLocalDate();
    LocalTime time = at.toLocalTime();
    for (LocalTimeRange r : workingRanges(c, date)) {
      if (r.crossesMidnight() ? !time.isBefore(r.start()) : !time.isBefore(r.start()) && time.isBefore(r.end())) {
        return true;
      }
    }
    for (LocalTimeRange r : workingRanges(c, date.minusDays(1))) {
      if (r.crossesMidnight() && time.isBefore(r.end())) {
        return true;
      }
    }
    return false;
  }

  private static List<LocalTimeRange> workingRanges(Clinician c, LocalDate date) {
    List<LocalTimeRange> out = new ArrayList<>(c.availability().rangesOn(date.getDayOfWeek()));
    for (AvailabilityException ex : c.availability().exceptionsOn(date)) {
      if (ex.kind() == AvailabilityException.Kind.EXTRA_HOURS) {
        out.addAll(ex.ranges());
      }
    }
    return out;
  }

  private static boolean timeOff(AvailabilityException ex, LocalDateTime at) {
    LocalDate date = at.toLocalDate();
    LocalTime time = at.toLocalTime();
    if (ex.covers(date)) {
      if (ex.wholeDays()) {
        return true;
      }
      for (LocalTimeRange r : ex.ranges()) {
        if (r.crossesMidnight() ? !time.isBefore(r.start()) : !time.isBefore(r.start()) && time.isBefore(r.end())) {
          return true;
        }
      }
    }
    if (ex.covers(date.minusDays(1))) {
      for (LocalTimeRange r : ex.ranges()) {
        if (r.crossesMidnight() && time.isBefore(r.end())) {
          return true;
        }
      }
    }
    return false;
  }

  ConflictKind relation(Appointment a, Appointment b) {
    if (a.patient().isPresent() && a.patient().equals(b.patient())
        && !a.source().system().equals(b.source().system())
        && Duration.between(a.start(), b.start()).abs().compareTo(tolerance) <= 0
        && Duration.between(a.end(), b.end()).abs().compareTo(tolerance) <= 0) {
      return ConflictKind.DUPLICATE;
    }
    if (a.window().overlaps(b.window())) {
      return ConflictKind.OVERLAP;
    }
    if (!buffer.isZero()
        && Duration.between(a.end(), b.start()).compareTo(buffer) < 0
        && Duration.between(b.end(), a.start()).compareTo(buffer) < 0) {
      return ConflictKind.BUFFER;
    }
    return null;
  }

  @Override
  public synchronized ScanReport scan(TimeWindow window) {
    Map<ClinicianId, List<ConflictPair>> out = new HashMap<>();
    for (int i = 0; i < appointments.size(); i++) {
      for (int j = i + 1; j < appointments.size(); j++) {
        Appointment a = appointments.get(i);
        Appointment b = appointments.get(j);
        if (!a.clinicianId().equals(b.clinicianId()) || !(a.overlaps(window) || b.overlaps(window))) {
          continue;
        }
        ConflictKind kind = relation(a, b);
        if (kind != null) {
          out.computeIfAbsent(a.clinicianId(), k -> new ArrayList<>()).add(ConflictPair.of(kind, a, b));
        }
      }
    }
    return new ScanReport(window, out);
  }

  @Override
  public synchronized void upsert(Appointment a) {
    remove(a.id());
    if (blocking.contains(a.status())) {
      appointments.add(a);
    }
  }

  @Override
  public synchronized boolean remove(AppointmentId id) {
    return appointments.removeIf(a -> a.id().equals(id));
  }

  @Override
  public synchronized void upsertBusyBlock(BusyBlock block) {
    removeBusyBlock(block.source());
    busy.add(block);
  }

  @Override
  public synchronized boolean removeBusyBlock(SourceRef source) {
    return busy.removeIf(b -> b.source().sameKey(source));
  }

  @Override
  public synchronized void updateClinician(Clinician clinician) {
    clinicians.put(clinician.id(), clinician);
  }

  @Override
  public synchronized boolean knowsClinician(ClinicianId id) {
    return clinicians.containsKey(id);
  }

  @Override
  public synchronized int size() {
    return appointments.size();
  }

  /** The zone of a registered clinician. */
  synchronized java.util.Optional<java.time.ZoneId> zoneOf(ClinicianId id) {
    return java.util.Optional.ofNullable(clinicians.get(id)).map(Clinician::zone);
  }

  synchronized List<Appointment> appointments() {
    return List.copyOf(appointments);
  }
}
