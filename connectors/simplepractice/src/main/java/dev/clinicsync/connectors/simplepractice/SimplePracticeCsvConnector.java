package dev.clinicsync.connectors.simplepractice;

import dev.clinicsync.core.PermanentConnectorException;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.connector.ConnectorCapabilities;
import dev.clinicsync.core.connector.ConnectorContext;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.connector.FetchPage;
import dev.clinicsync.core.connector.FetchRequest;
import dev.clinicsync.core.connector.RecordIssue;
import dev.clinicsync.core.connector.Retention;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.connector.SourceConnector;
import dev.clinicsync.core.connector.SourceRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Objects;

/**
 * A SimplePractice appointments export, read from a file the host keeps current (type
 * {@value SimplePracticeCsvConfig#TYPE}), through {@link SimplePracticeCsvImporter}. Full fetch
 * only: every fetch reads the whole file and returns the rows overlapping the window in one page,
 * and the coordinator reconciles (a row gone from the export is a deletion). Bad rows become
 * {@code SKIPPED} issues naming the row (and its appointment id, when the export has one).
 *
 * <p>A file that breaks off (an unclosed quote) or lacks a required column is refused whole with a
 * {@link PermanentConnectorException}: reconciling a partial export would delete the rows after
 * the break. So is a file over {@code max-file-bytes} or {@code max-rows}; the exception names the
 * limit and its cause is the importer's {@link CsvLimitExceededException}.
 */
public final class SimplePracticeCsvConnector implements SourceConnector {
  private static final ConnectorCapabilities CAPABILITIES =
      ConnectorCapabilities.of(Duration.ofMinutes(5), ConnectorCapabilities.Capability.FULL_FETCH);

  private final ConnectorId id;
  private final SimplePracticeCsvConfig config;
  private final SimplePracticeCsvImporter importer;

  public SimplePracticeCsvConnector(ConnectorId id, SimplePracticeCsvConfig config, ConnectorContext context) {
    this.id = id;
    this.config = config;
    this.importer = new SimplePracticeCsvImporter(config.settings(), context.patients(), context.clinicians());
  }

  @Override
  public ConnectorId id() {
    return id;
  }

  @Override
  public SourceSystem system() {
    return SourceSystem.SIMPLEPRACTICE;
  }

  @Override
  public ConnectorCapabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public FetchPage fetch(FetchRequest request) {
    if (request.pageToken().isPresent() || request.cursor().isPresent()) {
      throw new PermanentConnectorException(id.value(), "the CSV connector only does full fetches in one page",
          0, null, null);
    }
    CsvImportResult result;
    try {
      if (Files.size(config.path()) > config.maxFileBytes()) {
        throw new PermanentConnectorException(id.value(), "the CSV export is larger than max-file-bytes ("
            + config.maxFileBytes() + ")", 0, null, null);
      }
      try (InputStream in = Files.newInputStream(config.path())) {
        result = importer.importCsv(in);
      }
    } catch (IOException e) {
      throw new PermanentConnectorException(id.value(), "the CSV export file could not be read ("
          + e.getClass().getSimpleName() + ")", 0, null, null);
    } catch (CsvLimitExceededException e) {
      String key = e.limit().equals(CsvLimitExceededException.MAX_ROWS) ? "max-rows" : "max-file-bytes";
      throw new PermanentConnectorException(id.value(), "the CSV export is larger than " + key + " ("
          + e.limitValue() + "); nothing was applied", 0, null, e);
    } catch (ValidationException e) {
      throw new PermanentConnectorException(id.value(),
          Objects.requireNonNull(e.getMessage(), "a ValidationException always has a message"), 0, null, null);
    }
    if (!result.complete()) {
      throw new PermanentConnectorException(id.value(), "the CSV export breaks off before its end ("
          + result.rowErrors().get(result.rowErrors().size() - 1) + "); nothing was applied", 0, null, null);
    }
    FetchPage.Builder page = FetchPage.builder();
    for (SourceRecord r : result.records()) {
      if (r.appointment().overlaps(request.window())) {
        page.upsert(r);
      }
    }
    result.issues().forEach(page::issue);
    for (CsvRowError e : result.rowErrors()) {
      page.issue(RecordIssue.skipped(e.appointmentId().orElse("row-" + e.row()), e.column(), "row " + e.row() + ": " + e.reason()));
      // a row that could not be read is not gone: keep its stored copy, or everything when the row named no id
      page.retain(e.appointmentId().map(id -> Retention.key(SourceRef.of(SourceSystem.SIMPLEPRACTICE, id)))
          .orElseGet(Retention::everything));
    }
    return page.build();
  }

  @Override
  public String toString() {
    return "SimplePracticeCsvConnector[" + id + "]";
  }
}
