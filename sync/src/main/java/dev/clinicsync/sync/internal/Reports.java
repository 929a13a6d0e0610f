package dev.clinicsync.sync.internal;

import dev.clinicsync.core.ClinicSyncException;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.sync.SyncMode;
import dev.clinicsync.sync.SyncOutcome;
import dev.clinicsync.sync.SyncReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Builds {@link SyncReport}s and their PHI-free audit summaries. */
final class Reports {
  private Reports() {}

  static SyncReport skipped(ConnectorId connector, Duration took) {
    return new SyncReport(connector, SyncMode.INCREMENTAL, SyncOutcome.SKIPPED_LEASE_HELD, 0, 0, 0, 0, List.of(), 0, 0,
        took, false, false, Optional.empty(), List.of(), Optional.empty());
  }

  static SyncReport held(ChangeSet c, String planId, Duration took) {
    return new SyncReport(c.connector(), c.mode(), SyncOutcome.HELD, 0, 0, 0, c.unchanged(), c.issues(), 0, 0, took,
        false, c.cursorReset(), Optional.of(planId), List.of(), Optional.empty());
  }

  static SyncReport applied(ChangeSet c, ChangeApplier.Progress p, Duration took, boolean cursorAdvanced,
      Optional<String> planId) {
    return new SyncReport(c.connector(), c.mode(), SyncOutcome.APPLIED, p.created, p.updated, p.deleted,
        c.unchanged() + p.unchanged, c.issues(), p.busyUpserted, p.busyRemoved, took, cursorAdvanced, c.cursorReset(),
        planId, List.of(), Optional.empty());
  }

  /** A failed sync: what was applied before the failure is counted (each change was audited). */
  static SyncReport failed(ConnectorId connector, SyncMode mode, @Nullable ChangeSet c, ChangeApplier.Progress p,
      Duration took, ClinicSyncException failure) {
    return new SyncReport(connector, mode, SyncOutcome.FAILED, p.created, p.updated, p.deleted,
        c == null ? 0 : c.unchanged() + p.unchanged, c == null ? List.of() : c.issues(), p.busyUpserted, p.busyRemoved,
        took, false, c != null && c.cursorReset(), Optional.empty(), List.of(Failures.describe(failure)),
        Optional.of(failure));
  }

  static Map<String, String> summary(SyncReport r) {
    return Map.of(
        "mode", r.mode().name(),
        "created", Integer.toString(r.created()),
        "updated", Integer.toString(r.updated()),
        "deleted", Integer.toString(r.deleted()),
        "unchanged", Integer.toString(r.unchanged()),
        "skipped", Integer.toString(r.skipped().size()),
        "cursor", r.cursorAdvanced() ? "advanced" : (r.cursorReset() ? "reset" : "kept"));
  }
}
