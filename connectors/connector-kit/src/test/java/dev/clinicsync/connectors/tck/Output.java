package dev.clinicsync.connectors.tck;

/**
 * What a connector produces from the vendor's records, as it declares to the TCK through
 * {@link ConnectorContractTest#produces()}. The TCK checks each kind the connector declares with
 * that kind's rules, and checks that it yields no kind it does not declare.
 */
public enum Output {
  /**
   * Canonical appointments with their PHI part ({@code FetchPage.appointmentUpserts()}): practice-management
   * vendors such as Zocdoc, SimplePractice, Kareo and athenahealth.
   */
  APPOINTMENT_RECORDS,
  /**
   * A clinician's external busy intervals, without details ({@code FetchPage.busyBlockUpserts()}):
   * personal calendars such as Google Calendar. A connector producing them also declares the
   * {@code BUSY_BLOCKS} capability.
   */
  BUSY_BLOCKS
}
