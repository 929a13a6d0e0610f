package dev.clinicsync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The README's embedding example is the compiled one, and it runs. */
class ReadmeExampleTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Path EXAMPLE = Path.of("src/main/java/dev/clinicsync/examples/EmbeddingExample.java");

  @Test
  @DisplayName("the README quotes EmbeddingExample verbatim")
  void readmeMatchesCompiledExample() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int section = readme.indexOf("## Embed");
    assertThat(section).as("README has an '## Embed' section").isNotNegative();
    int open = readme.indexOf("```java\n", section);
    int close = readme.indexOf("```", open + 8);
    String quoted = readme.substring(open + 8, close).strip();
    assertThat(quoted).isEqualTo(taggedRegion());
    assertThat(quoted.lines().count()).as("the embedding example stays short").isLessThanOrEqualTo(20);
  }

  @Test
  @DisplayName("the example syncs the feed, shows the overlapping sessions as conflicts, books, and prints no PHI")
  void runs() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    var booked = EmbeddingExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8),
        java.time.Clock.fixed(java.time.Instant.parse("2026-03-04T12:00:00Z"), java.time.ZoneOffset.UTC));
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(printed.lines().filter(l -> l.startsWith("AppointmentView[") && l.contains(" simplepractice ")))
        .hasSize(2).allSatisfy(l -> assertThat(l).endsWith("conflicts=1"));
    assertThat(printed).as("front desk sees the source system, never the vendor's ids").doesNotContain("simplepractice:");
    assertThat(printed).contains("booked ").doesNotContain("Demo Patient");
    assertThat(booked.start()).isEqualTo(java.time.Instant.parse("2026-03-09T19:00:00Z"));
  }

  private static String taggedRegion() throws IOException {
    List<String> lines = Files.readAllLines(EXAMPLE, StandardCharsets.UTF_8);
    int from = indexOf(lines, "// tag::embed[]") + 1;
    int to = indexOf(lines, "// end::embed[]");
    List<String> region = lines.subList(from, to);
    int indent = region.stream().filter(l -> !l.isBlank())
        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    return region.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n")).strip();
  }

  private static int indexOf(List<String> lines, String marker) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(marker)) {
        return i;
      }
    }
    throw new AssertionError("marker not found: " + marker);
  }
}
