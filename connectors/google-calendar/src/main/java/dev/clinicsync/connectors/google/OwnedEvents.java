package dev.clinicsync.connectors.google;

/**
 * How ClinicSync marks the events it writes: two private extended properties, visible only on
 * the therapist's own copy of the event. A fetch reports an event carrying both (with this
 * installation's provenance tag) as a {@link dev.clinicsync.core.connector.WriteEcho}, never as a busy
 * block, so mirrored appointments cannot come back as conflicts or loop.
 */
public final class OwnedEvents {

  /** Private extended property holding the canonical appointment id. */
  public static final String APPOINTMENT_ID_PROPERTY = "clinicsyncId";

  /** Private extended property holding the writer's provenance tag. */
  public static final String PROVENANCE_PROPERTY = "clinicsyncProvenance";

  /** The provenance tag used unless configured otherwise. */
  public static final String DEFAULT_PROVENANCE = "clinicsync";

  private OwnedEvents() {}
}
