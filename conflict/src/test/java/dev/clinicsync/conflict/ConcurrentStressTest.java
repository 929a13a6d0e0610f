package dev.clinicsync.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.LocalTimeRange;
import dev.clinicsync.core.model.PatientRef;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import dev.clinicsync.core.model.WeeklyAvailability;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Writers and readers at once, then a comparison with the oracle. Readers also assert that every
 * check sees one consistent state of a clinician: an appointment that a writer keeps moving is
 * always seen exactly once, never twice and never not at all.
 */
class ConcurrentStressTest {
  static final Instant DAY = Instant.parse("2026-03-02T00:00:00Z");
  static final int WRITERS = 3;
  static final int OPS_PER_WRITER = 20_000;
  static final int IDS_PER_WRITER = 300;
  static final List<ClinicianId> CLINICIANS = List.of(ClinicianId.of("c0"), ClinicianId.of("c1"), ClinicianId.of("c2"));
  static final ClinicianId PINNED = ClinicianId.of("pinned");

  @Test
  @DisplayName("loses no update and shows each clinician consistently under concurrent readers and writers")
  void stress() throws Exception {
    ConflictEngine engine = ConflictEngine.builder().bufferMinutes(5).build();
    for (ClinicianId c : CLINICIANS) {
      engine.updateClinician(Clinician.of(c, "Clinician " + c, ZoneId.of("America/Chicago"),
          WeeklyAvailability.builder().weekdays(LocalTimeRange.of("08:00", "18:00")).build()));
    }
    Appointment mover = Appointment.builder().id(AppointmentId.of("mover")).source(SourceRef.of(SourceSystem.KAREO, "mover"))
        .clinicianId(PINNED).start(DAY.plusSeconds(9 * 3600)).end(DAY.plusSeconds(10 * 3600)).build();
    engine.upsert(mover);

    List<Map<AppointmentId, Optional<Appointment>>> finals = new ArrayList<>();
    List<Map<String, Optional<BusyBlock>>> finalBusy = new ArrayList<>();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      Map<AppointmentId, Optional<Appointment>> last = new HashMap<>();
      Map<String, Optional<BusyBlock>> lastBusy = new HashMap<>();
      finals.add(last);
      finalBusy.add(lastBusy);
      int writer = w;
      writers.add(new Thread(() -> {
        try {
          start.await();
          write(engine, writer, last, lastBusy);
        } catch (Throwable t) {
          failures.add(t);
        }
      }, "writer-" + w));
    }
    Thread moverThread = new Thread(() -> {
      try {
        start.await();
        for (int i = 0; i < OPS_PER_WRITER; i++) {
          long hour = i % 2 == 0 ? 11 : 9;
          engine.upsert(mover.toBuilder().start(DAY.plusSeconds(hour * 3600)).end(DAY.plusSeconds((hour + 1) * 3600)).build());
        }
      } catch (Throwable t) {
        failures.add(t);
      }
    }, "mover");
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      int seed = r;
      readers.add(new Thread(() -> {
        try {
          start.await();
          read(engine, seed, writing);
        } catch (Throwable t) {
          failures.add(t);
        }
      }, "reader-" + r));
    }
    writers.forEach(Thread::start);
    moverThread.start();
    readers.forEach(Thread::start);
    start.countDown();
    for (Thread t : writers) {
      t.join(TimeUnit.MINUTES.toMillis(2));
    }
    moverThread.join(TimeUnit.MINUTES.toMillis(2));
    writing.set(false);
    for (Thread t : readers) {
      t.join(TimeUnit.MINUTES.toMillis(2));
    }
    assertThat(failures).isEmpty();

    NaiveConflictEngine oracle = new NaiveConflictEngine(
        java.util.Set.of(AppointmentStatus.PENDING, AppointmentStatus.SCHEDULED, AppointmentStatus.CONFIRMED),
        Duration.ofMinutes(5), Duration.ZERO);
    for (ClinicianId c : CLINICIANS) {
      oracle.updateClinician(Clinician.of(c, "Clinician " + c, ZoneId.of("America/Chicago"),
          WeeklyAvailability.builder().weekdays(LocalTimeRange.of("08:00", "18:00")).build()));
    }
    oracle.upsert(mover.toBuilder().start(DAY.plusSeconds(9 * 3600)).end(DAY.plusSeconds(10 * 3600)).build());
    finals.forEach(m -> m.values().forEach(o -> o.ifPresent(oracle::upsert)));
    finalBusy.forEach(m -> m.values().forEach(o -> o.ifPresent(oracle::upsertBusyBlock)));

    assertThat(engine.size()).isEqualTo(oracle.size());
    for (Appointment a : oracle.appointments()) {
      assertThat(engine.check(a)).isEqualTo(oracle.check(a));
    }
    TimeWindow all = TimeWindow.of(DAY.minus(Duration.ofDays(1)), Duration.ofDays(4));
    OracleAgreementTest.assertSameScan(engine.scan(all), oracle.scan(all));
  }

  private static void write(ConflictEngine engine, int writer, Map<AppointmentId, Optional<Appointment>> last,
      Map<String, Optional<BusyBlock>> lastBusy) {
    SplittableRandom rnd = new SplittableRandom(writer * 7919L);
    for (int i = 0; i < OPS_PER_WRITER; i++) {
      int k = rnd.nextInt(IDS_PER_WRITER);
      AppointmentId id = AppointmentId.of("w" + writer + "-" + k);
      int dice = rnd.nextInt(10);
      if (dice < 7) {
        Instant s = DAY.plus(Duration.ofMinutes(15L * rnd.nextInt(2 * 96)));
        Appointment a = Appointment.builder().id(id).source(SourceRef.of(SourceSystem.ZOCDOC, id.value()))
            .clinicianId(CLINICIANS.get(rnd.nextInt(CLINICIANS.size())))
            .patient(PatientRef.of("patient-token-" + (1000 + rnd.nextInt(20))))
            .start(s).end(s.plus(Duration.ofMinutes(15L * (1 + rnd.nextInt(6)))))
            .status(rnd.nextInt(10) == 0 ? AppointmentStatus.CANCELLED : AppointmentStatus.SCHEDULED)
            .build();
        engine.upsert(a);
        last.put(id, a.status() == AppointmentStatus.CANCELLED ? Optional.empty() : Optional.of(a));
      } else if (dice < 9) {
        engine.remove(id);
        last.put(id, Optional.empty());
      } else {
        String key = "b" + writer + "-" + rnd.nextInt(20);
        if (rnd.nextBoolean()) {
          Instant s = DAY.plus(Duration.ofMinutes(30L * rnd.nextInt(96)));
          BusyBlock b = BusyBlock.timed(SourceRef.of(SourceSystem.GOOGLE, key), "cal", CLINICIANS.get(rnd.nextInt(3)),
              s, s.plus(Duration.ofMinutes(30)));
          engine.upsertBusyBlock(b);
          lastBusy.put(key, Optional.of(b));
        } else {
          engine.removeBusyBlock(SourceRef.of(SourceSystem.GOOGLE, key));
          lastBusy.put(key, Optional.empty());
        }
      }
    }
  }

  private static void read(ConflictEngine engine, int seed, AtomicBoolean writing) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Appointment wide = Appointment.builder().source(SourceRef.of(SourceSystem.INTERNAL, "probe-" + seed))
        .clinicianId(PINNED).start(DAY.plusSeconds(8 * 3600)).end(DAY.plusSeconds(13 * 3600)).build();
    int rounds = 0;
    while (writing.get() || rounds < 100) {
      rounds++;
      ConflictReport pinned = engine.check(wide);
      assertThat(pinned.conflicts()).as("the mover is seen exactly once").hasSize(1);
      Instant s = DAY.plus(Duration.ofMinutes(15L * rnd.nextInt(2 * 96)));
      Appointment probe = Appointment.builder().source(SourceRef.of(SourceSystem.INTERNAL, "p" + seed))
          .clinicianId(CLINICIANS.get(rnd.nextInt(3))).start(s).end(s.plus(Duration.ofMinutes(45))).build();
      for (Conflict c : engine.check(probe).conflicts()) {
        if (c.kind() == ConflictKind.OVERLAP || c.kind() == ConflictKind.EXTERNAL_BUSY) {
          assertThat(c.window().overlaps(probe.window())).isTrue();
        }
      }
      if (rounds % 200 == 0) {
        engine.scan(TimeWindow.of(DAY, Duration.ofDays(1)));
      }
    }
  }
}
