package dev.clinicsync.connectors.google;

import dev.clinicsync.core.Checks;
import java.util.Optional;

/**
 * What a mirrored event shows besides its times. The default is content-free: the configured
 * label ("Appointment") as the title, and no description, no location — no patient, no notes, no
 * telehealth link. Anything richer must be chosen explicitly by the host's projection policy
 * for the target calendar; this class only carries the choice.
 *
 * @param title the title; empty for the connector's configured label
 * @param description the description; empty for none
 * @param location the location; empty for none
 */
public record EventProjection(Optional<String> title, Optional<String> description, Optional<String> location) {

  private static final EventProjection CONTENT_FREE = new EventProjection(Optional.empty(), Optional.empty(), Optional.empty());

  public EventProjection {
    Checks.notNull(title, "projection title");
    Checks.notNull(description, "projection description");
    Checks.notNull(location, "projection location");
    title.ifPresent(t -> Checks.notBlank(t, "projection title"));
  }

  /** The default: the configured label, nothing else. */
  public static EventProjection contentFree() {
    return CONTENT_FREE;
  }

  /** Shows only whether fields are set: a projection may hold PHI the host chose to show. */
  @Override
  public String toString() {
    return "EventProjection[title=" + (title.isPresent() ? "set" : "label") + ", description="
        + (description.isPresent() ? "set" : "none") + ", location=" + (location.isPresent() ? "set" : "none") + "]";
  }
}
