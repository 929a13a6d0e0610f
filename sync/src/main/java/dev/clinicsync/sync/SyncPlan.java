package dev.clinicsync.sync;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.ConnectorId;
import java.time.Instant;
import java.util.List;

/**
 * A sync held by the mass-deletion guard: it would have deleted more than the configured share
 * of the source's live appointments in the window (a vendor outage returning an empty list looks
 * exactly like this). An admin inspects it and applies or discards it.
 *
 * @param id the plan id
 * @param connector the connector whose sync was held
 * @param mode how the connector was read
 * @param heldAt when it was held
 * @param liveAppointments the source's live appointments in the window before the sync
 * @param changes every change the sync would apply
 */
public record SyncPlan(
    String id, ConnectorId connector, SyncMode mode, Instant heldAt, int liveAppointments, List<PlannedChange> changes) {

  public SyncPlan {
    Checks.notBlank(id, "sync plan id");
    Checks.notNull(connector, "sync plan connector");
    Checks.notNull(mode, "sync plan mode");
    Checks.notNull(heldAt, "sync plan time");
    changes = List.copyOf(Checks.notNull(changes, "sync plan changes"));
  }

  /** How many appointments the plan would delete. */
  public long deletions() {
    return changes.stream().filter(c -> c.kind() == PlannedChange.Kind.DELETE).count();
  }
}
