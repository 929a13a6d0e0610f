package dev.clinicsync.sync;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import java.util.Optional;

/**
 * A clinician's external busy block as a principal may see it: the source system, the clinician
 * and the time for everyone; the block itself (the vendor's event id and the calendar it was seen
 * in, often its owner's email) in {@link #full()} only for principals who may see source metadata
 * (admins; a therapist for their own).
 *
 * <p>{@link #toString()} never prints the vendor's ids.
 *
 * @param sourceSystem the system the block came from
 * @param clinicianId the clinician it blocks
 * @param window the blocked interval
 * @param allDay for all-day blocks, the local dates covered
 * @param full the block itself, for principals who may see source metadata
 * @param copyOf the practice system whose own calendar sync copied the block into its calendar
 *     ({@link BusyBlock#copyOf}); empty for an ordinary block
 */
public record BusyBlockView(
    SourceSystem sourceSystem,
    ClinicianId clinicianId,
    TimeWindow window,
    Optional<BusyBlock.DateSpan> allDay,
    Optional<BusyBlock> full,
    Optional<SourceSystem> copyOf) {

  public BusyBlockView {
    Checks.notNull(sourceSystem, "busy block view source system");
    Checks.notNull(clinicianId, "busy block view clinician");
    Checks.notNull(window, "busy block view window");
    Checks.notNull(allDay, "busy block view all-day dates");
    Checks.notNull(full, "busy block view block");
    Checks.notNull(copyOf, "busy block view copy-of system");
  }

  /** A view of an ordinary block, a copy of nothing. */
  public BusyBlockView(SourceSystem sourceSystem, ClinicianId clinicianId, TimeWindow window,
      Optional<BusyBlock.DateSpan> allDay, Optional<BusyBlock> full) {
    this(sourceSystem, clinicianId, window, allDay, full, Optional.empty());
  }

  /** The block with its vendor ids and calendar. */
  public static BusyBlockView full(BusyBlock b) {
    return of(b, Optional.of(b));
  }

  /** The block's source system, clinician and time only. */
  public static BusyBlockView sourceSystemOnly(BusyBlock b) {
    return of(b, Optional.empty());
  }

  private static BusyBlockView of(BusyBlock b, Optional<BusyBlock> full) {
    return new BusyBlockView(b.source().system(), b.clinicianId(), b.window(), b.allDay(), full, b.copyOf());
  }

  public java.time.Instant start() {
    return window.start();
  }

  public java.time.Instant end() {
    return window.end();
  }

  @Override
  public String toString() {
    return "BusyBlockView[" + sourceSystem + " clinician=" + clinicianId + " " + window + "]";
  }
}
