package dev.clinicsync.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged {@code clinicsync.jar}, run as a user runs it: {@code java -jar}, in its own process. */
class ClinicSyncJarIT {
  private static final Path JAR = Path.of(System.getProperty("clinicsync.cli.jar", "target/clinicsync.jar"));

  private record Result(int exit, String out, String err) {}

  private static Result java(Path dir, java.util.Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", JAR.toAbsolutePath().toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().putAll(env);
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(devNull()));
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("clinicsync " + String.join(" ", args) + " did not finish in 120 s");
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  private static java.io.File devNull() throws IOException {
    return new java.io.File("/dev/null");
  }

  @Test
  @DisplayName("java -jar clinicsync.jar syncs a feed into an H2 file and answers from it on the next run, piped output carries no progress")
  void runsAsAJar(@TempDir Path dir) throws Exception {
    assertThat(JAR).as("built by mvn package").exists();
    java.time.LocalDate monday = CliFixture.mondayAfter(java.time.Clock.systemUTC()); // the jar runs on the real clock
    try (CliFixture fx = new CliFixture(dir, monday)) {
      Result sync = java(dir, fx.environment, "sync", "--config", fx.config.toString());
      assertThat(sync.exit()).as(sync.err()).isZero();
      assertThat(sync.out()).containsPattern("sp-lee\\s+full\\s+applied\\s+2");
      assertThat(sync.err()).as("piped: no progress lines").isEmpty();

      Result calendar = java(dir, fx.environment, "calendar", "--config", fx.config.toString(),
          "--from", monday.toString(), "--to", monday.plusDays(1).toString(),
          "--zone", "America/New_York", "--format", "json");
      assertThat(calendar.exit()).as(calendar.err()).isZero();
      assertThat(calendar.out()).contains("\"command\" : \"calendar\"").contains("\"kind\" : \"OVERLAP\"");
    }
  }

  @Test
  @DisplayName("a bad configuration is one line naming the file, line and field, exit code 2, no stack trace")
  void badConfig(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("clinicsync.yaml");
    Files.writeString(config, "clinicians:\n  - id: dr-lee\n    name: Dr. Lee\n    zone: Mars/Olympus\n");
    Result r = java(dir, java.util.Map.of(), "sync", "--config", config.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo(
        "clinicsync: clinicsync.yaml:4: clinicians[0].zone: expected an IANA time zone such as America/New_York");
  }

  @Test
  @DisplayName("--help lists every command")
  void help(@TempDir Path dir) throws Exception {
    Result r = java(dir, java.util.Map.of(), "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("sync", "calendar", "conflicts", "availability", "check", "audit", "queue",
        "connect-google");
  }
}
