package dev.clinicsync.connectors.kit.reference;

import org.junit.jupiter.api.extension.ExtendWith;

/** The busy-block reference connector naming the patient in its blocks' calendar id: the TCK must fail. */
@ExtendWith(OnlyInTckSelfTest.class)
class LeakyBusyBlockContract extends ReferenceBusyBlockContractTest {
  @Override
  Flaw flaw() {
    return Flaw.LEAKS_PATIENT_NAME;
  }
}
