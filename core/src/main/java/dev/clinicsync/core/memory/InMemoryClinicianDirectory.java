package dev.clinicsync.core.memory;

import dev.clinicsync.core.StorageConflictException;
import dev.clinicsync.core.Checks;
import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ExternalIdentity;
import dev.clinicsync.core.store.ClinicianDirectory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link ClinicianDirectory} in memory, typically filled from configuration. */
public final class InMemoryClinicianDirectory implements ClinicianDirectory {
  private final Map<ClinicianId, Clinician> clinicians = new HashMap<>();
  private final Map<ExternalIdentity, ClinicianId> byExternal = new HashMap<>();

  /** A directory holding the given clinicians. */
  public static InMemoryClinicianDirectory of(Clinician... clinicians) {
    InMemoryClinicianDirectory d = new InMemoryClinicianDirectory();
    for (Clinician c : clinicians) {
      d.save(c);
    }
    return d;
  }

  @Override
  public synchronized Optional<Clinician> find(ClinicianId id) {
    return Optional.ofNullable(clinicians.get(id));
  }

  @Override
  public synchronized Optional<Clinician> findByExternalId(ExternalIdentity identity) {
    return Optional.ofNullable(byExternal.get(identity)).map(clinicians::get);
  }

  @Override
  public synchronized List<Clinician> all() {
    List<Clinician> out = new ArrayList<>(clinicians.values());
    out.sort(Comparator.comparing(c -> c.id().value()));
    return List.copyOf(out);
  }

  @Override
  public synchronized void save(Clinician clinician) {
    Checks.notNull(clinician, "clinician");
    for (ExternalIdentity ext : clinician.externalIds()) {
      ClinicianId owner = byExternal.get(ext);
      if (owner != null && !owner.equals(clinician.id())) {
        throw new StorageConflictException(clinician.id().value(),
            "external id " + ext + " already belongs to clinician " + owner);
      }
    }
    Clinician previous = clinicians.put(clinician.id(), clinician);
    if (previous != null) {
      previous.externalIds().forEach(byExternal::remove);
    }
    clinician.externalIds().forEach(ext -> byExternal.put(ext, clinician.id()));
  }
}
