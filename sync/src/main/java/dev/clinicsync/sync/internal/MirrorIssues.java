package dev.clinicsync.sync.internal;

import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.sync.writes.MirrorIssue;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The open {@link MirrorIssue}s, one per kind, clinician and appointment (the first sighting
 * kept), at most {@value #MAX} (the oldest dropped first, with a warning in the log).
 */
public final class MirrorIssues {
  static final int MAX = 10_000;

  private final Clock clock;
  private final Map<String, MirrorIssue> open = new LinkedHashMap<>();

  public MirrorIssues(Clock clock) {
    this.clock = clock;
  }

  /** Records an issue; returns whether it is new. */
  synchronized boolean raise(MirrorIssue.Kind kind, ClinicianId clinician, Optional<AppointmentId> appointment,
      Optional<ConnectorId> target) {
    String key = kind + "/" + clinician.value() + "/" + appointment.map(AppointmentId::value).orElse("");
    if (open.containsKey(key)) {
      return false;
    }
    if (open.size() >= MAX) {
      String oldest = open.keySet().iterator().next();
      open.remove(oldest);
    }
    open.put(key, new MirrorIssue(kind, clinician, appointment, target, clock.instant()));
    return true;
  }

  /** Closes the issues of an appointment of one kind (settled). */
  synchronized void settle(MirrorIssue.Kind kind, AppointmentId appointment) {
    open.values().removeIf(i -> i.kind() == kind && i.appointment().map(appointment::equals).orElse(false));
  }

  /** Whether an issue of the kind is open for the appointment. */
  synchronized boolean isOpen(MirrorIssue.Kind kind, AppointmentId appointment) {
    return open.values().stream().anyMatch(i -> i.kind() == kind
        && Objects.equals(i.appointment().orElse(null), appointment));
  }

  public synchronized List<MirrorIssue> all() {
    return List.copyOf(new ArrayList<>(open.values()));
  }
}
