package dev.clinicsync.sync.internal;

import dev.clinicsync.core.connector.FetchLimits;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchLoop;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.FetchResult;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.model.SyncCursor;
import dev.clinicsync.core.model.TimeWindow;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The reading step: every page of one fetch through core's {@link FetchLoop}, within the
 * configured {@link FetchLimits} (a page-token loop, an endless run of tokens, too many records or
 * too long a fetch ends in a typed {@link dev.clinicsync.core.FetchLimitExceededException}),
 * renewing the sync lease after each page. Reads nothing from the stores, writes nothing.
 */
public final class ConnectorReader {
  private final Clock clock;
  private final FetchLimits limits;

  public ConnectorReader(Clock clock, FetchLimits limits) {
    this.clock = clock;
    this.limits = limits;
  }

  /** A full fetch of the window without a cursor, an incremental one with it. */
  FetchResult read(SourceConnector connector, TimeWindow window, Optional<SyncCursor> cursor, LeaseKeeper lease) {
    return read(connector, window, cursor, lease, page -> { });
  }

  /** As {@link #read(SourceConnector, TimeWindow, Optional, LeaseKeeper)}, telling {@code eachPage} of every page read. */
  FetchResult read(SourceConnector connector, TimeWindow window, Optional<SyncCursor> cursor, LeaseKeeper lease,
      Consumer<FetchPage> eachPage) {
    FetchRequest first = cursor.map(c -> FetchRequest.incremental(window, c))
        .orElseGet(() -> FetchRequest.full(window)).withLimits(limits);
    return FetchLoop.readAll(connector, first, clock, page -> {
      lease.renew();
      eachPage.accept(page);
    });
  }
}
