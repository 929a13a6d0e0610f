package dev.clinicsync.connectors.kit.reference;

import org.junit.jupiter.api.extension.ExtendWith;

/** The reference connector copying the patient's name into metadata: the TCK must fail. */
@ExtendWith(OnlyInTckSelfTest.class)
class LeakyConnectorContract extends ReferenceConnectorContractTest {
  @Override
  Flaw flaw() {
    return Flaw.LEAKS_PATIENT_NAME;
  }
}
