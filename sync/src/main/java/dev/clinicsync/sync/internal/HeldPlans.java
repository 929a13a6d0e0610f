package dev.clinicsync.sync.internal;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.Principal;
import dev.clinicsync.core.audit.AuditAction;
import dev.clinicsync.core.audit.AuditLog;
import dev.clinicsync.core.model.AppointmentId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SyncCursor;
import dev.clinicsync.core.phi.AesGcmPhiVault;
import dev.clinicsync.core.phi.PhiVault;
import dev.clinicsync.sync.SyncPlan;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plans the mass-deletion guard held, waiting for an admin. While a plan waits its records'
 * PHI is sealed away from the heap (encrypted like the default vault, under a key of its own) and
 * the cursor stored when it was held is kept: a plan is applied only while that cursor is still
 * the stored one, i.e. while no newer sync of its connector has happened.
 */
public final class HeldPlans {
  private static final Logger LOG = LoggerFactory.getLogger(HeldPlans.class);

  private final Clock clock;
  private final AuditLog audit;
  private final Map<String, Held> held = new LinkedHashMap<>();
  private final PhiVault sealedPhi;

  /**
   * A held plan, its changes (PHI sealed), and the cursor stored when it was held.
   *
   * @param plan what an admin sees
   * @param changes the changes, without their PHI
   * @param cursorAtHold the connector's stored cursor when the plan was held
   */
  record Held(SyncPlan plan, ChangeSet changes, Optional<SyncCursor> cursorAtHold) {}

  public HeldPlans(Clock clock, AuditLog audit) {
    this(clock, audit, AesGcmPhiVault.withRandomKey());
  }

  /**
   * Held plans whose PHI is sealed in {@code sealed} (the default: an {@link AesGcmPhiVault} under
   * a random key of its own); tests give a store they can look into, to see it purged.
   */
  public HeldPlans(Clock clock, AuditLog audit, PhiVault sealed) {
    this.clock = clock;
    this.audit = audit;
    this.sealedPhi = sealed;
  }

  /** Holds a plan (superseding any older one of its connector) and audits it. */
  synchronized SyncPlan hold(ChangeSet changes, Optional<SyncCursor> cursorAtHold, String why) {
    discardAllOf(changes.connector()); // the newer read supersedes
    SyncPlan plan = new SyncPlan(UUID.randomUUID().toString(), changes.connector(), changes.mode(), clock.instant(),
        changes.liveInWindow(), changes.planned());
    Held h = new Held(plan, seal(plan.id(), changes), cursorAtHold);
    held.put(plan.id(), h);
    try {
      audit.record(Principal.SYSTEM.userId(), AuditAction.SYNC_PLAN_HELD, plan.id(), Map.of(
          "connector", changes.connector().value(),
          "deletions", Long.toString(plan.deletions()),
          "removals", Integer.toString(changes.removals()),
          "busy_removals", Integer.toString(changes.busyDeletions().size()),
          "live", Integer.toString(changes.liveInWindow()),
          "guard", why));
    } catch (RuntimeException e) {
      held.remove(plan.id()); // a plan nobody can see in the audit trail is not kept
      forget(h);
      throw e;
    }
    LOG.warn("connector {}: sync would remove {} of {} live appointments and {} of {} busy blocks ({}); held as plan {}",
        changes.connector(), changes.removals(), changes.liveInWindow(), changes.busyDeletions().size(),
        changes.ownedBusyBlocks(), why, plan.id());
    return plan;
  }

  /** The held plans, oldest first. */
  synchronized List<SyncPlan> list() {
    List<SyncPlan> out = new ArrayList<>();
    held.values().forEach(h -> out.add(h.plan()));
    return List.copyOf(out);
  }

  /** Takes a plan out to apply or discard it; {@link #restore} puts it back. */
  synchronized Held take(String planId) {
    dev.clinicsync.core.Checks.identifier(planId, "sync plan id"); // host input: never echoed unless it is an id
    Held plan = held.remove(planId);
    if (plan == null) {
      throw new ValidationException("no held sync plan with id " + planId);
    }
    return plan;
  }

  /** Puts back a plan taken out that could not be applied now. */
  synchronized void restore(Held plan) {
    held.putIfAbsent(plan.plan().id(), plan);
  }

  /** Drops every held plan of a connector: a newer sync read it again. */
  synchronized void discardAllOf(ConnectorId connector) {
    held.values().removeIf(h -> {
      boolean stale = h.plan().connector().equals(connector);
      if (stale) {
        forget(h);
      }
      return stale;
    });
  }

  /** The plan's changes with their PHI. */
  ChangeSet unseal(Held plan) {
    List<ChangeSet.Upsert> upserts = new ArrayList<>(plan.changes().upserts().size());
    for (ChangeSet.Upsert u : plan.changes().upserts()) {
      upserts.add(u.withPhi(sealedPhi.get(sealedKey(plan.plan().id(), u.appointment().id()))));
    }
    return plan.changes().withUpserts(upserts);
  }

  /** Deletes a plan's sealed PHI. */
  void forget(Held plan) {
    plan.changes().upserts().forEach(u -> sealedPhi.delete(sealedKey(plan.plan().id(), u.appointment().id())));
  }

  /** Moves a plan's PHI out of the heap into the sealed store until the plan is applied. */
  private ChangeSet seal(String planId, ChangeSet c) {
    List<ChangeSet.Upsert> upserts = new ArrayList<>(c.upserts().size());
    for (ChangeSet.Upsert u : c.upserts()) {
      u.phi().ifPresent(p -> sealedPhi.put(sealedKey(planId, u.appointment().id()), p));
      upserts.add(u.withPhi(Optional.empty()));
    }
    return c.withUpserts(upserts);
  }

  private static AppointmentId sealedKey(String planId, AppointmentId id) {
    return AppointmentId.of(planId + ":" + id.value());
  }
}
