package dev.clinicsync.examples.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command takes. */
final class CommonOptions {
  @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "clinicsync.yaml",
      description = "The configuration file (default: ${DEFAULT-VALUE}).")
  Path config = Path.of("clinicsync.yaml");

  @Option(names = "--format", paramLabel = "table|json", defaultValue = "table",
      description = "Output as an aligned table (default) or one JSON document.")
  String format = "table";

  @Option(names = {"-v", "--verbose"}, description = "On an error, print its stack trace too.")
  boolean verbose;

  Format format() {
    return switch (format.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "table" -> Format.TABLE;
      case "json" -> Format.JSON;
      default -> throw new UsageException("--format: expected table or json");
    };
  }
}
