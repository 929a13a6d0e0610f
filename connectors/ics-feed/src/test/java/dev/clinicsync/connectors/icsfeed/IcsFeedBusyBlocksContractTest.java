package dev.clinicsync.connectors.icsfeed;

import dev.clinicsync.connectors.tck.Output;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;

/**
 * The connector TCK against the generic feed connector reading one clinician's personal calendar
 * as busy blocks: the same feeds as the appointment run, which must now yield busy blocks only,
 * with every planted PHI string dropped.
 */
@DisplayName("iCalendar feed connector, busy blocks: the connector TCK")
class IcsFeedBusyBlocksContractTest extends IcsFeedAppointmentsContractTest {

  @Override
  protected Map<String, String> modeProperties() {
    return Map.of("mode", "busy-blocks");
  }

  @Override
  protected void expectAllDay(dev.clinicsync.connectors.tck.ConnectorTestContext ctx, String uid,
      dev.clinicsync.core.model.BusyBlock.DateSpan days) {
    ctx.expectAllDayBlock(uid, days);
  }

  @Override
  protected Set<Output> produces() {
    return Set.of(Output.BUSY_BLOCKS);
  }

  @Override
  protected Map<String, dev.clinicsync.core.model.AppointmentStatus> stubDocumentedStatuses(
      dev.clinicsync.connectors.tck.ConnectorTestContext ctx, dev.clinicsync.core.model.TimeWindow window) {
    return Map.of(); // busy blocks carry no status: there is no mapping table
  }

  @Override
  protected java.util.Optional<String> stubUndocumentedValues(dev.clinicsync.connectors.tck.ConnectorTestContext ctx,
      dev.clinicsync.core.model.TimeWindow window) {
    return java.util.Optional.empty();
  }
}
