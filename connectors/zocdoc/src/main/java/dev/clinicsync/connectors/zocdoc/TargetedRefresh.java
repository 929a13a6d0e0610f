package dev.clinicsync.connectors.zocdoc;

import dev.clinicsync.core.model.ConnectorId;
import java.util.Set;

/**
 * Where {@link ZocdocWebhookHandler} sends the appointments a notice names: in a host, the
 * coordinator — {@code (connector, ids) -> coordinator.refresh(webhookPrincipal, connector, ids).outcome()}
 * is {@code APPLIED}, or {@code HELD} (the mass-deletion guard keeps it for an admin; redelivery
 * would not help) — so the fetch runs through the normal apply path, access-checked and audited. A
 * {@code FAILED} or {@code SKIPPED_LEASE_HELD} report is {@code false}: Zocdoc should redeliver.
 */
@FunctionalInterface
public interface TargetedRefresh {

  /**
   * Fetches and applies the named appointments of one connector.
   *
   * @return whether the refresh was applied; false when it could not run now (the sender should
   *     redeliver)
   */
  boolean refresh(ConnectorId connector, Set<String> appointmentIds);
}
