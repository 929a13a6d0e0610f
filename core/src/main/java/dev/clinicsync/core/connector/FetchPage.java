package dev.clinicsync.core.connector;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SyncCursor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One page of a connector's answer, as typed changes: appointment upserts (each with its PHI part)
 * and deletions, busy-block upserts and deletions, echoes of the SDK's own writes, record issues,
 * explicit {@link Retention retentions} ("keep what you have": what this fetch could not see), and
 * either the next page token or — on the last page only — the next cursor.
 *
 * <p>A connector returns a page only when the whole page was read; a failure mid-page is thrown,
 * never reported as a short page. A source key appears at most once per page, across all four
 * change lists: {@link Builder} turns a repeated key into a {@link RecordIssue} and a retention of
 * the stored copy (never a silent overwrite), and the canonical constructor refuses one.
 *
 * @param appointmentUpserts changed or new appointments, each with its PHI part
 * @param appointmentDeletions source keys of appointments that are gone at the source
 * @param busyBlockUpserts changed or new external busy blocks (connectors with {@code BUSY_BLOCKS})
 * @param busyBlockDeletions source keys of busy blocks that are gone at the source
 * @param echoes copies the SDK itself wrote to this vendor, seen again (connectors with
 *     {@code WRITE_BACK}); never also reported as appointments or busy blocks
 * @param issues records skipped or mapped with a fallback
 * @param retentions stored records this fetch could not see, which a full fetch must not delete
 * @param nextPageToken the token of the next page; empty on the last page
 * @param nextCursor the cursor for the next incremental fetch; only on the last page
 * @param replayOf when the page repeats the vendor's answer read at this instant instead of asking
 *     the vendor again (the fetch came sooner than the connector's
 *     {@link ConnectorCapabilities#pollingFloor() polling floor}); empty for a fresh read
 */
public record FetchPage(
    List<SourceRecord> appointmentUpserts,
    List<SourceRef> appointmentDeletions,
    List<BusyBlock> busyBlockUpserts,
    List<SourceRef> busyBlockDeletions,
    List<WriteEcho> echoes,
    List<RecordIssue> issues,
    List<Retention> retentions,
    Optional<String> nextPageToken,
    Optional<SyncCursor> nextCursor,
    Optional<java.time.Instant> replayOf) {

  public FetchPage {
    appointmentUpserts = List.copyOf(Checks.notNull(appointmentUpserts, "page appointment upserts"));
    appointmentDeletions = List.copyOf(Checks.notNull(appointmentDeletions, "page appointment deletions"));
    busyBlockUpserts = List.copyOf(Checks.notNull(busyBlockUpserts, "page busy-block upserts"));
    busyBlockDeletions = List.copyOf(Checks.notNull(busyBlockDeletions, "page busy-block deletions"));
    echoes = List.copyOf(Checks.notNull(echoes, "page echoes"));
    issues = List.copyOf(Checks.notNull(issues, "page issues"));
    retentions = List.copyOf(Checks.notNull(retentions, "page retentions"));
    Checks.notNull(nextPageToken, "page next page token");
    Checks.notNull(nextCursor, "page next cursor");
    Checks.notNull(replayOf, "page replay instant");
    nextPageToken.ifPresent(t -> Checks.notBlank(t, "page next page token"));
    if (nextPageToken.isPresent() && nextCursor.isPresent()) {
      throw new ValidationException("only the last page may carry the next cursor");
    }
    Set<String> keys = new HashSet<>();
    appointmentUpserts.forEach(r -> unique(keys, r.appointment().source()));
    appointmentDeletions.forEach(r -> unique(keys, r));
    busyBlockUpserts.forEach(b -> unique(keys, b.source()));
    busyBlockDeletions.forEach(r -> unique(keys, r));
  }

  /** A fresh page (the form before {@link #replayOf()} existed). */
  public FetchPage(List<SourceRecord> appointmentUpserts, List<SourceRef> appointmentDeletions,
      List<BusyBlock> busyBlockUpserts, List<SourceRef> busyBlockDeletions, List<WriteEcho> echoes,
      List<RecordIssue> issues, List<Retention> retentions, Optional<String> nextPageToken,
      Optional<SyncCursor> nextCursor) {
    this(appointmentUpserts, appointmentDeletions, busyBlockUpserts, busyBlockDeletions, echoes, issues, retentions,
        nextPageToken, nextCursor, Optional.empty());
  }

  /** Whether the page repeats an earlier vendor answer instead of a fresh read. */
  public boolean isReplay() {
    return replayOf.isPresent();
  }

  private static void unique(Set<String> keys, SourceRef ref) {
    if (!keys.add(ref.key())) {
      throw new ValidationException("source key " + ref.key() + " appears more than once in one page;"
          + " FetchPage.Builder reports a repeated key as a record issue");
    }
  }

  /** An empty last page. */
  public static FetchPage empty() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether this is the last page of the fetch. */
  public boolean isLastPage() {
    return nextPageToken.isEmpty();
  }

  /** How many changes, echoes and issues the page holds (what a fetch's record cap counts). */
  public int size() {
    return appointmentUpserts.size() + appointmentDeletions.size() + busyBlockUpserts.size()
        + busyBlockDeletions.size() + echoes.size() + issues.size();
  }

  /**
   * Builds a {@link FetchPage}. A source key reported twice (in any two of the four change lists)
   * is not overwritten: both copies are dropped, a {@link RecordIssue} names the key, and a
   * {@link Retention#key retention} keeps whatever the store holds for it.
   */
  public static final class Builder {
    /** Changes by source key, in arrival order; a repeated key maps to {@link #REPEATED}. */
    private final Map<String, Object> changes = new LinkedHashMap<>();
    private final List<WriteEcho> echoes = new ArrayList<>();
    private final List<RecordIssue> issues = new ArrayList<>();
    private final List<Retention> retentions = new ArrayList<>();
    private @Nullable String nextPageToken;
    private @Nullable SyncCursor nextCursor;
    private java.time.@Nullable Instant replayOf;

    private static final Object REPEATED = new Object();

    /** An appointment deletion or a busy-block deletion, told apart in {@link #changes}. */
    private record Deletion(SourceRef ref, boolean busyBlock) {}

    private Builder() {}

    /** A new or changed appointment, with its PHI part. */
    public Builder upsert(SourceRecord record) {
      return add(record.appointment().source(), record);
    }

    /** An appointment gone at the source. */
    public Builder deleteAppointment(SourceRef ref) {
      return add(ref, new Deletion(ref, false));
    }

    /** A new or changed busy block. */
    public Builder busyBlock(BusyBlock block) {
      return add(block.source(), block);
    }

    /** A busy block gone at the source. */
    public Builder deleteBusyBlock(SourceRef ref) {
      return add(ref, new Deletion(ref, true));
    }

    public Builder echo(WriteEcho echo) {
      echoes.add(Checks.notNull(echo, "page echo"));
      return this;
    }

    public Builder issue(RecordIssue issue) {
      issues.add(Checks.notNull(issue, "page issue"));
      return this;
    }

    public Builder retain(Retention retention) {
      retentions.add(Checks.notNull(retention, "page retention"));
      return this;
    }

    public Builder nextPageToken(@Nullable String token) {
      this.nextPageToken = token;
      return this;
    }

    public Builder nextCursor(@Nullable SyncCursor cursor) {
      this.nextCursor = cursor;
      return this;
    }

    /**
     * Marks the page as a repeat of the vendor's answer read at {@code readAt} (asked sooner than
     * the polling floor), not a fresh read.
     */
    public Builder replayOf(java.time.@Nullable Instant readAt) {
      this.replayOf = readAt;
      return this;
    }

    private Builder add(SourceRef ref, Object change) {
      Checks.notNull(ref, "page source key");
      String key = ref.key();
      Object before = changes.putIfAbsent(key, change);
      if (before != null) {
        changes.put(key, REPEATED);
        if (before != REPEATED) {
          issues.add(RecordIssue.skipped(ref.externalId(), "id", "the same record appears more than once in one fetch"));
          retentions.add(Retention.key(ref));
        }
      }
      return this;
    }

    public FetchPage build() {
      List<SourceRecord> upserts = new ArrayList<>();
      List<SourceRef> deletions = new ArrayList<>();
      List<BusyBlock> blocks = new ArrayList<>();
      List<SourceRef> blockDeletions = new ArrayList<>();
      for (Object c : changes.values()) {
        if (c instanceof SourceRecord r) {
          upserts.add(r);
        } else if (c instanceof BusyBlock b) {
          blocks.add(b);
        } else if (c instanceof Deletion d) {
          (d.busyBlock() ? blockDeletions : deletions).add(d.ref());
        }
      }
      return new FetchPage(upserts, deletions, blocks, blockDeletions, echoes, issues, retentions,
          Optional.ofNullable(nextPageToken), Optional.ofNullable(nextCursor), Optional.ofNullable(replayOf));
    }
  }
}
