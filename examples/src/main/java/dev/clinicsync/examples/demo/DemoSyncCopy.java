package dev.clinicsync.examples.demo;

import java.util.Objects;

/**
 * A SimplePractice session that SimplePractice's own Google Calendar sync copied into the
 * clinician's Google calendar: the same visit seen twice, once from SimplePractice's feed and once
 * from Google as an event at the same times. The demo's Google connector declares that calendar as
 * {@code receives-sync-from: simplepractice}, so the copy is linked to the session, not reported as
 * a conflict with it.
 *
 * @param clinician clinician id
 * @param seriesUid the recurring session's UID in the SimplePractice feed
 * @param event the copy in Google (also one of {@link DemoPractice#busy()})
 */
public record DemoSyncCopy(String clinician, String seriesUid, DemoBusy event) {
  public DemoSyncCopy {
    Objects.requireNonNull(clinician, "sync copy clinician");
    Objects.requireNonNull(seriesUid, "sync copy series");
    Objects.requireNonNull(event, "sync copy event");
  }
}
