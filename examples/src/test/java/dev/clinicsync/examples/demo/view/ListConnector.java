package dev.clinicsync.examples.demo.view;

import dev.clinicsync.core.connector.ConnectorCapabilities;
import dev.clinicsync.core.connector.ConnectorCapabilities.Capability;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.connector.SourceRecord;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SourceSystem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** An in-test vendor answering a full fetch with a fixed list of records and busy blocks, on one page. */
final class ListConnector implements SourceConnector {
  private final ConnectorId id;
  private final SourceSystem system;
  private final List<SourceRecord> records = new ArrayList<>();
  private final List<BusyBlock> busy = new ArrayList<>();

  ListConnector(String id, SourceSystem system) {
    this.id = ConnectorId.of(id);
    this.system = system;
  }

  ListConnector add(SourceRecord r) {
    records.add(r);
    return this;
  }

  ListConnector busy(BusyBlock b) {
    busy.add(b);
    return this;
  }

  @Override
  public ConnectorId id() {
    return id;
  }

  @Override
  public SourceSystem system() {
    return system;
  }

  @Override
  public ConnectorCapabilities capabilities() {
    return ConnectorCapabilities.of(Duration.ZERO, Capability.FULL_FETCH, Capability.BUSY_BLOCKS);
  }

  @Override
  public FetchPage fetch(FetchRequest request) {
    FetchPage.Builder page = FetchPage.builder();
    records.stream().filter(r -> r.appointment().overlaps(request.window())).forEach(page::upsert);
    busy.stream().filter(b -> request.window().overlaps(b.start(), b.end())).forEach(page::busyBlock);
    return page.build();
  }
}
