package dev.clinicsync.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar clinicsync.jar demo}, as README command 1 runs it: its own process, the real clock. */
class DemoJarIT {
  private static final Path JAR = Path.of(System.getProperty("clinicsync.cli.jar", "target/clinicsync.jar"));

  private record Result(int exit, String out, String err, long millis) {}

  private static Result demo(Path work, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", JAR.toAbsolutePath().toString(), "demo"));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(work, "stdout", ".txt");
    Path err = Files.createTempFile(work, "stderr", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    long t0 = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("clinicsync demo did not finish in 300 s");
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8),
        millis);
  }

  @Test
  @DisplayName("java -jar clinicsync.jar demo prints the summary, conflicts, the week and the mirrors, then runs incrementally")
  void demoAsAJar(@TempDir Path work) throws Exception {
    assertThat(JAR).as("built by mvn package").exists();
    Result first = demo(work);
    System.out.println("clinicsync demo, first run: " + first.millis() + " ms"); // reported, never asserted
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).contains("First run: a full sync of every connector.", "athena-main", "kareo-midtown",
        "zocdoc-practice", "sp-dr-gallagher", "google-dr-abara", "double-bookings across sources", "Mirrors into Google",
        "This week for dr-abara", "Duplicates linked (the same visit from two systems, not a conflict): 1",
        "(copied there by simplepractice's own calendar sync)");
    assertThat(first.err()).as("piped: no progress, no warnings").isEmpty();
    assertThat(work.resolve("clinicsync-demo").resolve("clinicsync.yaml")).exists();

    Result second = demo(work);
    System.out.println("clinicsync demo, second run: " + second.millis() + " ms");
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(second.out()).contains("incremental (cursor from the previous run)",
        "The vendors changed since the last run");
  }
}
