package dev.clinicsync.connectors.kit.reference;

import dev.clinicsync.connectors.tck.ConnectorTestContext;
import dev.clinicsync.connectors.tck.Output;
import dev.clinicsync.core.model.AppointmentStatus;
import dev.clinicsync.core.model.TimeWindow;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The reference connector built to yield busy blocks instead of appointment records passes the
 * connector TCK on its busy-block path, with the same fixtures. Subclasses plant one flaw each.
 */
class ReferenceBusyBlockContractTest extends ReferenceConnectorContractTest {

  @Override
  protected Set<Output> produces() {
    return Set.of(Output.BUSY_BLOCKS);
  }

  @Override
  protected Map<String, AppointmentStatus> stubDocumentedStatuses(ConnectorTestContext ctx, TimeWindow window) {
    return Map.of(); // busy blocks have no status: no mapping table
  }

  @Override
  protected Optional<String> stubUndocumentedValues(ConnectorTestContext ctx, TimeWindow window) {
    return Optional.empty();
  }
}
