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
import dev.clinicsync.core.connector.Retention;
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
 * (two per page); an incremental fetch returns what changed since the cursor's revision (the
 * latest change of each key), with typed deletions. The test can expire the cursor, fail the next
 * fetch, or simulate an outage that looks like mass deletion: a full fetch answers an empty list,
 * an incremental one reports every live record and busy block deleted.
 */
class FakeConnector implements SourceConnector {
  private final ConnectorId id;
  private final SourceSystem system;
  private final Duration floor;
  private final Map<String, SourceRecord> live = new LinkedHashMap<>();
  private final Map<String, BusyBlock> busy = new LinkedHashMap<>();
  private final List<Object[]> changeLog = new ArrayList<>(); // {revision, key, record-or-null}
  private final List<RecordIssue> issues = new ArrayList<>();
  private final List<Retention> retentions = new ArrayList<>();
  private int revision;
  private boolean expireNextCursor;
  private boolean failNext;
  private boolean outage;
  private int pageSize = 2;
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

  /** A record or busy block gone at the source: an incremental fetch reports it as a deletion of its kind. */
  synchronized void remove(SourceRef ref) {
    live.remove(ref.key());
    boolean block = busy.remove(ref.key()) != null;
    changeLog.add(new Object[] {++revision, ref.key(), block ? new BusyDeletion(ref) : ref});
  }

  /** Reports an appointment deletion for the key, whatever it is (a connector that gets the kind wrong). */
  synchronized void removeAsAppointment(SourceRef ref) {
    changeLog.add(new Object[] {++revision, ref.key(), ref});
  }

  /** Reports a busy-block deletion for the key, whatever it is. */
  synchronized void removeAsBusyBlock(SourceRef ref) {
    changeLog.add(new Object[] {++revision, ref.key(), new BusyDeletion(ref)});
  }

  /** A busy block's tombstone in the change log. */
  private record BusyDeletion(SourceRef ref) {}

  synchronized void putBusy(BusyBlock b) {
    busy.put(b.source().key(), b);
    changeLog.add(new Object[] {++revision, b.source().key(), b});
  }

  synchronized void issue(RecordIssue i) {
    issues.add(i);
  }

  /** How many records a full fetch puts on one page (default 2). */
  synchronized void pageSize(int size) {
    pageSize = size;
  }

  /** Something the connector could not see this time, to keep: reported with every fetch from now on. */
  synchronized void retain(Retention r) {
    retentions.add(r);
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
      Map<String, Object> latest = new LinkedHashMap<>();
      if (outage) {
        live.values().forEach(r -> page.deleteAppointment(r.appointment().source()));
        busy.values().forEach(b -> page.deleteBusyBlock(b.source()));
        return page.build();
      }
      for (Object[] change : changeLog) {
        if ((int) change[0] > since) {
          Object what = change[2];
          if (what instanceof SourceRecord r) {
            latest.put(r.appointment().source().key(), r);
          } else if (what instanceof SourceRef ref) {
            latest.put(ref.key(), ref);
          } else if (what instanceof BusyDeletion d) {
            latest.put(d.ref().key(), d);
          } else if (what instanceof BusyBlock b) {
            latest.put(b.source().key(), b);
          }
        }
      }
      for (Object what : latest.values()) { // the latest change of each key, as a vendor's change feed reports it
        if (what instanceof SourceRecord r) {
          page.upsert(r);
        } else if (what instanceof SourceRef ref) {
          page.deleteAppointment(ref);
        } else if (what instanceof BusyDeletion d) {
          page.deleteBusyBlock(d.ref());
        } else if (what instanceof BusyBlock b) {
          page.busyBlock(b);
        }
      }
      issues.forEach(page::issue);
      retentions.forEach(page::retain);
      return page.build();
    }
    List<Object> all = new ArrayList<>();
    if (!outage) { // a full fetch returns what overlaps the window, as vendors filter a listing by time
      live.values().stream().filter(r -> r.appointment().overlaps(request.window())).forEach(all::add);
      busy.values().stream().filter(b -> request.window().overlaps(b.start(), b.end())).forEach(all::add);
    }
    int from = request.pageToken().map(Integer::parseInt).orElse(0);
    int to = Math.min(all.size(), from + pageSize);
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
      retentions.forEach(page::retain);
    }
    return page.build();
  }

  Optional<SourceRecord> liveRecord(SourceRef ref) {
    return Optional.ofNullable(live.get(ref.key()));
  }
}
