package dev.clinicsync.examples;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** The artifacts a host can depend on, with their module directories: one list for the release checks. */
final class PublishedArtifacts {
  /** artifactId → module directory, relative to the repository root. */
  static final Map<String, String> DIRECTORIES = Map.ofEntries(
      Map.entry("clinicsync-core", "core"),
      Map.entry("clinicsync-conflict", "conflict"),
      Map.entry("clinicsync-sync", "sync"),
      Map.entry("clinicsync-jdbc", "jdbc"),
      Map.entry("clinicsync-json", "json"),
      Map.entry("clinicsync-micrometer", "metrics-micrometer"),
      Map.entry("clinicsync-connector-kit", "connectors/connector-kit"),
      Map.entry("clinicsync-google-calendar", "connectors/google-calendar"),
      Map.entry("clinicsync-simplepractice", "connectors/simplepractice"),
      Map.entry("clinicsync-ics-feed", "connectors/ics-feed"),
      Map.entry("clinicsync-athenahealth", "connectors/athenahealth"),
      Map.entry("clinicsync-zocdoc", "connectors/zocdoc"),
      Map.entry("clinicsync-kareo", "connectors/kareo"));

  static final Set<String> NAMES = DIRECTORIES.keySet();

  /** The repository root, seen from the examples module's working directory. */
  static Path root() {
    return Path.of("..").toAbsolutePath().normalize();
  }

  static Path directory(String artifact) {
    return root().resolve(DIRECTORIES.get(artifact));
  }

  private PublishedArtifacts() {}
}
