package dev.clinicsync.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.conflict.ConflictEngine;
import dev.clinicsync.conflict.ConflictReport;
import dev.clinicsync.conflict.ScanReport;
import dev.clinicsync.core.access.AccessPolicy;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditLog;
import dev.clinicsync.core.memory.InMemoryAppointmentStore;
import dev.clinicsync.core.memory.InMemoryAuditSink;
import dev.clinicsync.core.memory.InMemoryClinicianDirectory;
import dev.clinicsync.core.memory.InMemorySyncStateStore;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.OverrideReason;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import dev.clinicsync.core.phi.AesGcmPhiVault;
import dev.clinicsync.core.testkit.MutableClock;
import dev.clinicsync.sync.AppointmentView;
import dev.clinicsync.sync.BookingRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue #13 item 7: a booking runs its conflict check once. */
class SchedulingChecksTest {
  static final ClinicianId LEE = ClinicianId.of("dr-lee");
  static final Instant TUESDAY_9AM = Instant.parse("2026-03-03T14:00:00Z");

  /** The real engine, recording the id of every appointment checked. */
  static final class CountingEngine implements ConflictEngine {
    final ConflictEngine engine = ConflictEngine.builder().build();
    final List<AppointmentId> checked = new CopyOnWriteArrayList<>();

    long checksOf(AppointmentId id) {
      return checked.stream().filter(id::equals).count();
    }

    @Override
    public ConflictReport check(Appointment proposal) {
      checked.add(proposal.id());
      return engine.check(proposal);
    }

    @Override
    public ScanReport scan(TimeWindow window) {
      return engine.scan(window);
    }

    @Override
    public void upsert(Appointment appointment) {
      engine.upsert(appointment);
    }

    @Override
    public boolean remove(AppointmentId id) {
      return engine.remove(id);
    }

    @Override
    public void upsertBusyBlock(BusyBlock block) {
      engine.upsertBusyBlock(block);
    }

    @Override
    public boolean removeBusyBlock(SourceRef source) {
      return engine.removeBusyBlock(source);
    }

    @Override
    public void updateClinician(Clinician clinician) {
      engine.updateClinician(clinician);
    }

    @Override
    public boolean knowsClinician(ClinicianId id) {
      return engine.knowsClinician(id);
    }

    @Override
    public int size() {
      return engine.size();
    }
  }

  /** The host operations' collaborators, wired as the builder wires them but with a counting engine. */
  static Scheduling scheduling(CountingEngine engine) {
    MutableClock clock = MutableClock.at("2026-03-02T12:00:00Z");
    InMemoryClinicianDirectory directory = InMemoryClinicianDirectory.of(Clinician.of(LEE, "Dr Lee",
        ZoneId.of("America/New_York"), WeeklyAvailability.builder().weekdays(LocalTimeRange.of("08:00", "18:00")).build()));
    directory.all().forEach(engine::updateClinician);
    InMemoryAppointmentStore store = new InMemoryAppointmentStore();
    return new Scheduling(new Wiring(store, AesGcmPhiVault.withRandomKey(), engine, new BusyBlockIndex(),
        new ClinicianLocks(), new ConflictMaintainer(engine, store),
        new AuditLog(new InMemoryAuditSink(), dev.clinicsync.core.audit.AuditKeys.inProcess(), clock), clock,
        AccessPolicy.DEFAULT));
  }

  @Test
  @DisplayName("a booking, free or over a conflict, checks the new appointment once")
  void bookingChecksOnce() {
    CountingEngine engine = new CountingEngine();
    Scheduling scheduling = scheduling(engine);
    Principal admin = Principal.admin("u-admin");
    TimeWindow slot = TimeWindow.of(TUESDAY_9AM, Duration.ofHours(1));

    AppointmentView free = scheduling.book(admin, BookingRequest.builder(LEE, slot).build());
    AppointmentView over = scheduling.book(admin, BookingRequest.builder(LEE, slot)
        .overrideConflicts(OverrideReason.INTENDED_OVERLAP).build());

    assertThat(engine.checksOf(free.id())).as("the free booking").isEqualTo(1 + 1); // + once as the partner of the second
    assertThat(engine.checksOf(over.id())).as("the booking over a conflict").isEqualTo(1);
    assertThat(over.conflictIds()).containsExactly(free.id());
  }
}
