package dev.clinicsync.examples.cli;

import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A validated {@code clinicsync.yaml}: where the data lives, where secrets come from, the
 * clinicians and the connectors. Read with {@link ConfigLoader#load(Path)}.
 *
 * @param file the file it was read from
 * @param database the H2 database file (without H2's {@code .mv.db} suffix), resolved against the
 *     configuration file's directory
 * @param secretsFile a properties file of secrets, resolved likewise; secrets not found there are
 *     read from {@code CLINICSYNC_*} environment variables
 * @param user the user id the CLI acts as (an administrator), recorded in the audit trail
 * @param clinicians the clinicians, in file order
 * @param locations location id to the clinicians working there
 * @param connectors the connectors, in file order
 * @param intervals sync intervals set per connector
 * @param mirrors clinician to the Google connector their appointments are mirrored into
 */
public record CliConfig(
    Path file,
    Path database,
    Optional<Path> secretsFile,
    String user,
    List<Clinician> clinicians,
    Map<String, Set<ClinicianId>> locations,
    List<ConnectorConfig> connectors,
    Map<ConnectorId, Duration> intervals,
    Map<ClinicianId, ConnectorId> mirrors) {

  public CliConfig {
    clinicians = List.copyOf(clinicians);
    locations = Map.copyOf(locations);
    connectors = List.copyOf(connectors);
    intervals = Map.copyOf(intervals);
    mirrors = Map.copyOf(mirrors);
  }
}
