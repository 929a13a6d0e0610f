package dev.clinicsync.json;

/**
 * A document written in a schema version this library cannot read: newer than {@link
 * CanonicalJson#SCHEMA_VERSION} (written by a later ClinicSync; upgrade to read it) or older than
 * {@link CanonicalJson#OLDEST_READABLE_VERSION}. Names the field ({@value #FIELD}) and the version,
 * which is never PHI.
 */
public final class UnsupportedSchemaVersionException extends CanonicalJsonException {
  private static final long serialVersionUID = 1L;
  /** The field that carries a document's schema version. */
  public static final String FIELD = "schemaVersion";

  private final int version;

  UnsupportedSchemaVersionException(int version) {
    super("$." + FIELD, "schema version " + version + " is not supported (this library reads "
        + CanonicalJson.OLDEST_READABLE_VERSION + " to " + CanonicalJson.SCHEMA_VERSION + ")");
    this.version = version;
  }

  /** The field that was refused: always {@value #FIELD}. */
  public String field() {
    return FIELD;
  }

  /** The version the document declared. */
  public int version() {
    return version;
  }
}
