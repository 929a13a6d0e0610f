package dev.clinicsync.core.store;

import dev.clinicsync.core.model.Clinician;
import dev.clinicsync.core.model.ClinicianId;
import dev.clinicsync.core.model.ExternalIdentity;
import java.util.List;
import java.util.Optional;

/**
 * The host's clinicians, their working hours, and their ids in each source system.
 *
 * <p>Contract: an external identity maps to at most one clinician; {@link #save} refuses one that
 * already belongs to another clinician.
 */
public interface ClinicianDirectory {

  Optional<Clinician> find(ClinicianId id);

  /** The clinician a vendor id belongs to. */
  Optional<Clinician> findByExternalId(ExternalIdentity identity);

  /** Every clinician, ordered by id. */
  List<Clinician> all();

  /**
   * Adds or replaces a clinician.
   *
   * @throws dev.clinicsync.core.StorageConflictException when an external identity belongs to
   *     another clinician
   */
  void save(Clinician clinician);
}
