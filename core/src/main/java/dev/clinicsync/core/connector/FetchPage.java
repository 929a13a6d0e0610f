package dev.clinicsync.core.connector;

import dev.clinicsync.core.model.SyncCursor;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.BusyBlock;
import dev.clinicsync.core.model.SourceRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One page of a connector's answer: changed records, deletions (by source key, for appointments
 * and busy blocks alike), busy blocks, per-record issues, and either the next page token or — on
 * the last page only — the next cursor.
 *
 * <p>A connector returns a page only when the whole page was read; a failure mid-page is thrown,
 * never reported as a short page.
 *
 * @param records changed or new appointments, each with its PHI part
 * @param deletions source keys of records that are gone at the source
 * @param busyBlocks external busy blocks (connectors with {@code BUSY_BLOCKS})
 * @param issues records skipped or mapped with a fallback
 * @param nextPageToken the token of the next page; empty on the last page
 * @param nextCursor the cursor for the next incremental fetch; only on the last page
 * @param echoes copies the SDK itself wrote to this vendor, seen again (connectors with
 *     {@code WRITE_BACK}); never records or busy blocks
 */
public record FetchPage(
    List<SourceRecord> records,
    List<SourceRef> deletions,
    List<BusyBlock> busyBlocks,
    List<RecordIssue> issues,
    Optional<String> nextPageToken,
    Optional<SyncCursor> nextCursor,
    List<WriteEcho> echoes) {

  public FetchPage {
    records = List.copyOf(Checks.notNull(records, "page records"));
    deletions = List.copyOf(Checks.notNull(deletions, "page deletions"));
    busyBlocks = List.copyOf(Checks.notNull(busyBlocks, "page busy blocks"));
    issues = List.copyOf(Checks.notNull(issues, "page issues"));
    Checks.notNull(nextPageToken, "page next page token");
    Checks.notNull(nextCursor, "page next cursor");
    nextPageToken.ifPresent(t -> Checks.notBlank(t, "page next page token"));
    if (nextPageToken.isPresent() && nextCursor.isPresent()) {
      throw new ValidationException("only the last page may carry the next cursor");
    }
    echoes = List.copyOf(Checks.notNull(echoes, "page echoes"));
  }

  /** A page without echoes (the form before write-back connectors existed). */
  public FetchPage(
      List<SourceRecord> records,
      List<SourceRef> deletions,
      List<BusyBlock> busyBlocks,
      List<RecordIssue> issues,
      Optional<String> nextPageToken,
      Optional<SyncCursor> nextCursor) {
    this(records, deletions, busyBlocks, issues, nextPageToken, nextCursor, List.of());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether this is the last page of the fetch. */
  public boolean isLastPage() {
    return nextPageToken.isEmpty();
  }

  /** Builds a {@link FetchPage}. */
  public static final class Builder {
    private final List<SourceRecord> records = new ArrayList<>();
    private final List<SourceRef> deletions = new ArrayList<>();
    private final List<BusyBlock> busyBlocks = new ArrayList<>();
    private final List<RecordIssue> issues = new ArrayList<>();
    private final List<WriteEcho> echoes = new ArrayList<>();
    private @Nullable String nextPageToken;
    private @Nullable SyncCursor nextCursor;

    private Builder() {}

    public Builder record(SourceRecord record) {
      records.add(record);
      return this;
    }

    public Builder deletion(SourceRef ref) {
      deletions.add(ref);
      return this;
    }

    public Builder busyBlock(BusyBlock block) {
      busyBlocks.add(block);
      return this;
    }

    public Builder issue(RecordIssue issue) {
      issues.add(issue);
      return this;
    }

    public Builder echo(WriteEcho echo) {
      echoes.add(echo);
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

    public FetchPage build() {
      return new FetchPage(records, deletions, busyBlocks, issues,
          Optional.ofNullable(nextPageToken), Optional.ofNullable(nextCursor), echoes);
    }
  }
}
