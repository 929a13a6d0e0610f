package dev.clinicsync.core.audit;

import java.util.OptionalLong;

/**
 * The outcome of checking an audit chain.
 *
 * @param eventsChecked how many events were read
 * @param firstBrokenSequence the sequence number where the chain first breaks, if it does
 * @param problem what is wrong there; empty when intact
 */
public record AuditVerification(long eventsChecked, OptionalLong firstBrokenSequence, String problem) {

  static AuditVerification intact(long checked) {
    return new AuditVerification(checked, OptionalLong.empty(), "");
  }

  static AuditVerification broken(long checked, long sequence, String problem) {
    return new AuditVerification(checked, OptionalLong.of(sequence), problem);
  }

  public boolean isIntact() {
    return firstBrokenSequence.isEmpty();
  }
}
