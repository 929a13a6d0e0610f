package dev.clinicsync.connectors.tck;

import dev.clinicsync.core.model.Appointment;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.connector.SourceRecord;
import dev.clinicsync.core.model.SyncCursor;
import dev.clinicsync.core.connector.WriteEcho;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every page of one fetch, in order, with views across them.
 *
 * @param pages the pages as the connector returned them
 */
public record FetchResult(List<FetchPage> pages) {
  public FetchResult {
    pages = List.copyOf(pages);
  }

  public List<SourceRecord> records() {
    return pages.stream().flatMap(p -> p.appointmentUpserts().stream()).collect(Collectors.toList());
  }

  public List<Appointment> appointments() {
    return records().stream().map(SourceRecord::appointment).collect(Collectors.toList());
  }

  /** The external ids of the records, in order, duplicates kept. */
  public List<String> externalIds() {
    return appointments().stream().map(a -> a.source().externalId()).collect(Collectors.toList());
  }

  public List<BusyBlock> busyBlocks() {
    return pages.stream().flatMap(p -> p.busyBlockUpserts().stream()).collect(Collectors.toList());
  }

  /** The external ids of the busy blocks, in order, duplicates kept. */
  public List<String> busyBlockIds() {
    return busyBlocks().stream().map(b -> b.source().externalId()).collect(Collectors.toList());
  }

  /**
   * The external ids of every output of the given kinds — appointment records first, then busy
   * blocks — in order, duplicates kept: what "every vendor record exactly once" counts.
   */
  public List<String> outputIds(Set<Output> kinds) {
    List<String> ids = new ArrayList<>();
    if (kinds.contains(Output.APPOINTMENT_RECORDS)) {
      ids.addAll(externalIds());
    }
    if (kinds.contains(Output.BUSY_BLOCKS)) {
      ids.addAll(busyBlockIds());
    }
    return ids;
  }

  /** The copies the SDK wrote itself, seen again. */
  public List<WriteEcho> echoes() {
    return pages.stream().flatMap(p -> p.echoes().stream()).collect(Collectors.toList());
  }

  /** Every deletion, of appointments and of busy blocks. */
  public List<SourceRef> deletions() {
    List<SourceRef> all = new ArrayList<>(appointmentDeletions());
    all.addAll(busyBlockDeletions());
    return all;
  }

  public List<SourceRef> appointmentDeletions() {
    return pages.stream().flatMap(p -> p.appointmentDeletions().stream()).collect(Collectors.toList());
  }

  public List<SourceRef> busyBlockDeletions() {
    return pages.stream().flatMap(p -> p.busyBlockDeletions().stream()).collect(Collectors.toList());
  }

  public List<RecordIssue> issues() {
    return pages.stream().flatMap(p -> p.issues().stream()).collect(Collectors.toList());
  }

  /** The issues naming a vendor record. */
  public List<RecordIssue> issuesOf(String vendorRecordId) {
    return issues().stream().filter(i -> i.vendorRecordId().equals(vendorRecordId)).collect(Collectors.toList());
  }

  /** The cursor of the last page. */
  public Optional<SyncCursor> cursor() {
    return pages.isEmpty() ? Optional.empty() : pages.get(pages.size() - 1).nextCursor();
  }
}
