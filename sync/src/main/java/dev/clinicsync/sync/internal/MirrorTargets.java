package dev.clinicsync.sync.internal;

import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ConnectorId;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.store.ClinicianDirectory;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Where each clinician's appointments are mirrored: the write-back connector configured for the
 * clinician, into the Google calendar the {@link ClinicianDirectory} names for them (their
 * {@link SourceSystem#GOOGLE} external id). A clinician without either is not mirrored.
 */
public final class MirrorTargets {
  private final ClinicianDirectory directory;
  private final Map<ClinicianId, ConnectorId> byClinician;

  public MirrorTargets(ClinicianDirectory directory, Map<ClinicianId, ConnectorId> byClinician) {
    this.directory = directory;
    this.byClinician = Map.copyOf(byClinician);
  }

  /**
   * Where one clinician's mirrors go.
   *
   * @param connector the write-back connector
   * @param calendar the calendar at the vendor
   */
  record Target(ConnectorId connector, String calendar) {}

  /** Whether any clinician is mirrored at all (then a clinician who cannot be is reported). */
  boolean enabled() {
    return !byClinician.isEmpty();
  }

  /** The connectors mirrors are written through. */
  Collection<ConnectorId> connectors() {
    return byClinician.values().stream().distinct().toList();
  }

  /** Whether the connector writes mirrors. */
  boolean isTarget(ConnectorId connector) {
    return byClinician.containsValue(connector);
  }

  /** Where the clinician's mirrors go; empty when they have no connector or no calendar. */
  Optional<Target> resolve(ClinicianId clinician) {
    ConnectorId connector = byClinician.get(clinician);
    if (connector == null) {
      return Optional.empty();
    }
    return directory.find(clinician).flatMap(c -> c.externalId(SourceSystem.GOOGLE))
        .map(calendar -> new Target(connector, calendar));
  }
}
