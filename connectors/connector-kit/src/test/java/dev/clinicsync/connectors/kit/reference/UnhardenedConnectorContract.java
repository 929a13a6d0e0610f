package dev.clinicsync.connectors.kit.reference;

import org.junit.jupiter.api.extension.ExtendWith;

/** The reference connector with every limit relaxed: the TCK's hostile-vendor checks must fail. */
@ExtendWith(OnlyInTckSelfTest.class)
class UnhardenedConnectorContract extends ReferenceConnectorContractTest {
  @Override
  Flaw flaw() {
    return Flaw.UNHARDENED;
  }
}
