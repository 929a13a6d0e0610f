package dev.clinicsync.benchmarks;

import dev.clinicsync.conflict.Conflict;
import dev.clinicsync.conflict.ConflictEngine;
import dev.clinicsync.conflict.ConflictKind;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.TimeWindow;
import java.util.List;

/**
 * ClinicSync's engine. Its {@code check} does more than the baselines: it also evaluates working
 * hours in the clinician's zone and builds a full report with provenance.
 */
final class ClinicSyncIndex implements ConflictIndex {
  final ConflictEngine engine = ConflictEngine.builder().build();

  @Override
  public void load(Workload w) {
    for (Clinician c : w.clinicians) {
      engine.updateClinician(c);
    }
    for (Appointment a : w.appointments) {
      engine.upsert(a);
    }
    for (BusyBlock b : w.busyBlocks) {
      engine.upsertBusyBlock(b);
    }
  }

  @Override
  public int check(Appointment proposal) {
    List<Conflict> conflicts = engine.check(proposal).conflicts();
    int n = 0;
    for (int i = 0; i < conflicts.size(); i++) {
      ConflictKind k = conflicts.get(i).kind();
      if (k == ConflictKind.OVERLAP || k == ConflictKind.DUPLICATE || k == ConflictKind.EXTERNAL_BUSY) {
        n++;
      }
    }
    return n;
  }

  @Override
  public int scanPairs(TimeWindow window) {
    return engine.scan(window).pairCount();
  }

  @Override
  public void move(Appointment previous, Appointment next) {
    engine.upsert(next);
  }
}
