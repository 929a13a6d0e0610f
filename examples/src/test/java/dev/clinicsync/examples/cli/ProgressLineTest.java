package dev.clinicsync.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.access.AccessDeniedException;
import dev.clinicsync.core.access.Operation;
import dev.clinicsync.core.access.Principal;

import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.sync.PageProgress;
import dev.clinicsync.sync.SyncMode;
import dev.clinicsync.sync.SyncOutcome;
import dev.clinicsync.sync.SyncReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  private static final ConnectorId GOOGLE = ConnectorId.of("google-lee");

  private static SyncReport report(int created) {
    return new SyncReport(GOOGLE, SyncMode.FULL, SyncOutcome.APPLIED, created, 0, 0, 0, List.of(), 0, 0,
        Duration.ofSeconds(2), true, false, Optional.empty(), List.of());
  }

  private static String run(boolean terminal) {
    StringWriter text = new StringWriter();
    ProgressLine line = new ProgressLine(new PrintWriter(text), terminal);
    line.start(GOOGLE);
    line.page(new PageProgress(GOOGLE, 1, 100, 100, Duration.ofMillis(300)));
    line.page(new PageProgress(GOOGLE, 2, 200, 100, Duration.ofMillis(600)));
    line.page(new PageProgress(GOOGLE, 3, 250, 50, Duration.ofMillis(800)));
    line.finished(report(250));
    return text.toString();
  }

  @Test
  @DisplayName("on a terminal each page rewrites the connector's one line, and the end of the sync closes it")
  void rewritesOneLinePerPage() {
    String out = run(true);
    assertThat(out.split("\r", -1)).extracting(String::strip).containsExactly("", "syncing google-lee ...",
        "google-lee: page 1, 100 records", "google-lee: page 2, 200 records", "google-lee: page 3, 250 records",
        "google-lee: 250 records read, applied");
    assertThat(out).endsWith(System.lineSeparator());
    assertThat(out.chars().filter(ch -> ch == '\n').count()).as("one line, rewritten in place").isEqualTo(1);
  }

  @Test
  @DisplayName("a shorter text blanks what the longer one before it left on the line")
  void blanksLeftovers() {
    StringWriter text = new StringWriter();
    ProgressLine line = new ProgressLine(new PrintWriter(text), true);
    line.page(new PageProgress(GOOGLE, 120, 1_234_567, 100, Duration.ofMinutes(3)));
    line.finished(report(0));
    String longer = "google-lee: page 120, 1234567 records";
    String shorter = "google-lee: 0 records read, applied";
    assertThat(text.toString()).isEqualTo("\r" + longer + "\r" + shorter
        + " ".repeat(longer.length() - shorter.length()) + System.lineSeparator());
  }

  @Test
  @DisplayName("a sync refused before its first page ends the started line before the error line")
  void refusedSyncEndsTheLine() {
    StringWriter text = new StringWriter();
    PrintWriter err = new PrintWriter(text);
    ProgressLine line = new ProgressLine(err, true);
    AccessDeniedException refused = new AccessDeniedException(Principal.frontDesk("u-desk"), Operation.RUN_SYNC, null);
    assertThatThrownBy(() -> line.sync(GOOGLE, () -> {
      throw refused;
    })).isSameAs(refused);
    err.println("clinicsync: " + refused.getMessage()); // what the CLI's error handler prints next
    err.flush();
    assertThat(text.toString()).isEqualTo("\rsyncing google-lee ..." + System.lineSeparator()
        + "clinicsync: " + refused.getMessage() + System.lineSeparator());
  }

  @Test
  @DisplayName("a sync that throws after some pages ends the line once, and a later sync starts a fresh one")
  void throwAfterPagesEndsTheLineOnce() {
    StringWriter text = new StringWriter();
    ProgressLine line = new ProgressLine(new PrintWriter(text), true);
    assertThatThrownBy(() -> line.sync(GOOGLE, () -> {
      line.page(new PageProgress(GOOGLE, 1, 100, 100, Duration.ofMillis(300)));
      throw new ValidationException("no connector with id google-lee");
    })).isInstanceOf(ValidationException.class);
    SyncReport r = line.sync(GOOGLE, () -> {
      SyncReport done = report(1);
      line.finished(done);
      return done;
    });
    assertThat(r.created()).isEqualTo(1);
    line.abandon(); // nothing open after a report: no extra newline
    String nl = System.lineSeparator();
    assertThat(text.toString()).isEqualTo("\rsyncing google-lee ...\rgoogle-lee: page 1, 100 records" + nl
        + "\rsyncing google-lee ..." + "\rgoogle-lee: 1 records read, applied" + nl);
  }

  @Test
  @DisplayName("a refused sync prints nothing at all without a terminal")
  void refusedSyncSilentWhenPiped() {
    StringWriter text = new StringWriter();
    ProgressLine line = new ProgressLine(new PrintWriter(text), false);
    assertThatThrownBy(() -> line.sync(GOOGLE, () -> {
      throw new ValidationException("no connector with id google-lee");
    })).isInstanceOf(ValidationException.class);
    assertThat(text.toString()).isEmpty();
  }

  @Test
  @DisplayName("without a terminal nothing at all is printed")
  void silentWhenPiped() {
    assertThat(run(false)).isEmpty();
  }
}
