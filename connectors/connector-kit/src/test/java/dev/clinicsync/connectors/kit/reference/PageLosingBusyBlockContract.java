package dev.clinicsync.connectors.kit.reference;

import org.junit.jupiter.api.extension.ExtendWith;

/** The busy-block reference connector that stops after the first page: the TCK must fail. */
@ExtendWith(OnlyInTckSelfTest.class)
class PageLosingBusyBlockContract extends ReferenceBusyBlockContractTest {
  @Override
  Flaw flaw() {
    return Flaw.LOSES_A_PAGE;
  }
}
