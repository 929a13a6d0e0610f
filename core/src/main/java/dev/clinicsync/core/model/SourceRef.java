package dev.clinicsync.core.model;

import dev.clinicsync.core.Checks;
import java.util.Optional;

/**
 * Where a record lives at its source: the system, the vendor's id for it, and the vendor's
 * version or ETag when it has one. {@code (system, externalId)} is the source key that syncs
 * upsert by.
 *
 * @param system the source system
 * @param externalId the vendor's id for the record
 * @param version the vendor's version or ETag, when it has one
 */
public record SourceRef(SourceSystem system, String externalId, Optional<String> version) {

  public SourceRef {
    Checks.notNull(system, "source system");
    Checks.notBlank(externalId, "source external id");
    Checks.notNull(version, "source version");
    version.ifPresent(v -> Checks.notBlank(v, "source version"));
  }

  /** A reference without a vendor version. */
  public static SourceRef of(SourceSystem system, String externalId) {
    return new SourceRef(system, externalId, Optional.empty());
  }

  /** A reference with a vendor version or ETag. */
  public static SourceRef of(SourceSystem system, String externalId, String version) {
    return new SourceRef(system, externalId, Optional.of(version));
  }

  /** The same record at another vendor version. */
  public SourceRef withVersion(String newVersion) {
    return new SourceRef(system, externalId, Optional.of(newVersion));
  }

  /** Whether both refer to the same vendor record, whatever the versions. */
  public boolean sameKey(SourceRef other) {
    return system.equals(other.system) && externalId.equals(other.externalId);
  }

  /** {@code system:externalId}, the form used in ids, logs and audit details. */
  public String key() {
    return system.id() + ":" + externalId;
  }

  @Override
  public String toString() {
    return key() + version.map(v -> "@" + v).orElse("");
  }
}
