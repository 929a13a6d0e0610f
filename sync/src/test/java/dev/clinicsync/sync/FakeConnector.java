package dev.clinicsync.sync;

import dev.clinicsync.core.CursorExpiredException;
import dev.clinicsync.core.RetryableConnectorException;
import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.phi.PhiRecord;
import dev.clinicsync.core.connector.ConnectorCapabilities;
import dev.clinicsync.core.connector.ConnectorCapabilities.Capability;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.connector.SourceRecord;
import dev.clinicsync.core.model.SyncCursor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-test vendor with a mutable record set. A full fetch pages through every live record
 * (two per page); an incremental fetch returns what changed since the cursor's revision, with
 * deletions. The test can expire the cursor, fail the next fetch, or return an empty list (an
 * outage that looks like mass deletion).
 */
class FakeConnector implements SourceConnector {
  private final ConnectorId id;
  private final SourceSystem system;
  private final Duration floor;
  private final Map<String, SourceRecord> live = new LinkedHashMap<>();
  private final Map<String, BusyBlock> busy = new LinkedHashMap<>();
  private final List<Object[]> changeLog = new ArrayList<>(); // {revision, key, record-or-null}
  private final List<RecordIssue> issues = new ArrayList<>();
  private int revision;
  private boolean expireNextCursor;
  private boolean failNext;
  private boolean outage;
  int fetches;

  FakeConnector(String id, SourceSystem system) {
    this(id, system, Duration.ZERO);
  }

  FakeConnector(String id, SourceSystem system, Duration floor) {
    this.id = ConnectorId.of(id);
    this.system = system;
    this.floor = floor;
  }

  synchronized void put(Appointment a) {
    put(a, PhiRecord.empty());
  }

  synchronized void put(Appointment a, PhiRecord phi) {
    SourceRecord r = SourceRecord.of(a, phi);
    live.put(a.source().key(), r);
    changeLog.add(new Object[] {++revision, a.source().key(), r});
  }

  synchronized void remove(SourceRef ref) {
    live.remove(ref.key());
    boolean wasBusy = busy.remove(ref.key()) != null;
    changeLog.add(new Object[] {++revision, ref.key(), wasBusy ? new BusyRemoval(ref) : ref});
  }

  /** A busy block gone at the source (typed apart from an appointment deletion). */
  private record BusyRemoval(SourceRef ref) {}

  synchronized void putBusy(BusyBlock b) {
    busy.put(b.source().key(), b);
    changeLog.add(new Object[] {++revision, b.source().key(), b});
  }

  synchronized void issue(RecordIssue i) {
    issues.add(i);
  }

  synchronized void expireNextCursor() {
    expireNextCursor = true;
  }

  synchronized void failNext() {
    failNext = true;
  }

  synchronized void outage(boolean on) {
    outage = on;
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
    return ConnectorCapabilities.of(floor, Capability.FULL_FETCH, Capability.INCREMENTAL_FETCH, Capability.BUSY_BLOCKS);
  }

  @Override
  public synchronized FetchPage fetch(FetchRequest request) {
    fetches++;
    if (failNext) {
      failNext = false;
      throw new RetryableConnectorException(id.value(), "service unavailable", 503, "req-1", null, null);
    }
    if (request.cursor().isPresent() && expireNextCursor) {
      expireNextCursor = false;
      throw new CursorExpiredException(id.value(), 410, "req-2", null);
    }
    if (request.cursor().isPresent()) {
      int since = Integer.parseInt(request.cursor().get().value());
      FetchPage.Builder page = FetchPage.builder().nextCursor(SyncCursor.of(Integer.toString(revision)));
      Map<String, Object> latest = new LinkedHashMap<>(); // the vendor reports each record's latest state once
      for (Object[] change : changeLog) {
        if ((int) change[0] > since) {
          latest.remove((String) change[1]);
          latest.put((String) change[1], change[2]);
        }
      }
      for (Object what : latest.values()) {
        if (what instanceof SourceRecord r) {
          page.upsert(r);
        } else if (what instanceof SourceRef ref) {
          page.deleteAppointment(ref);
        } else if (what instanceof BusyRemoval b) {
          page.deleteBusyBlock(b.ref());
        } else if (what instanceof BusyBlock b) {
          page.busyBlock(b);
        }
      }
      issues.forEach(page::issue);
      return page.build();
    }
    List<Object> all = new ArrayList<>(outage ? List.of() : live.values());
    if (!outage) {
      all.addAll(busy.values());
    }
    int from = request.pageToken().map(Integer::parseInt).orElse(0);
    int to = Math.min(all.size(), from + 2);
    FetchPage.Builder page = FetchPage.builder();
    for (Object o : all.subList(from, to)) {
      if (o instanceof SourceRecord r) {
        page.upsert(r);
      } else {
        page.busyBlock((BusyBlock) o);
      }
    }
    if (to < all.size()) {
      page.nextPageToken(Integer.toString(to));
    } else {
      page.nextCursor(SyncCursor.of(Integer.toString(revision)));
      issues.forEach(page::issue);
    }
    return page.build();
  }

  Optional<SourceRecord> liveRecord(SourceRef ref) {
    return Optional.ofNullable(live.get(ref.key()));
  }
}
