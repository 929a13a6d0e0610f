package dev.clinicsync.sync;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.audit.AuditEvent;
import dev.clinicsync.core.audit.AuditVerification;
import java.util.List;

/**
 * A page of the audit trail and the verification of the whole hash chain.
 *
 * @param events the requested events
 * @param verification whether the whole chain is intact
 */
public record AuditTrail(List<AuditEvent> events, AuditVerification verification) {
  public AuditTrail {
    events = List.copyOf(Checks.notNull(events, "audit trail events"));
    Checks.notNull(verification, "audit trail verification");
  }
}
