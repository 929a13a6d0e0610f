package dev.clinicsync.core.model;

import dev.clinicsync.core.Checks;

/**
 * A clinician's id in a source system: a Zocdoc provider id, an athenahealth practitioner id,
 * a Google calendar id.
 *
 * @param system the source system
 * @param id the vendor's id for the clinician or their calendar
 */
public record ExternalIdentity(SourceSystem system, String id) {

  public ExternalIdentity {
    Checks.notNull(system, "external identity system");
    Checks.notBlank(id, "external identity id");
  }

  public static ExternalIdentity of(SourceSystem system, String id) {
    return new ExternalIdentity(system, id);
  }

  @Override
  public String toString() {
    return system.id() + ":" + id;
  }
}
