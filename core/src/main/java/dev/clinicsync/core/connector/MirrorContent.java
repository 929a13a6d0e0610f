package dev.clinicsync.core.connector;

import dev.clinicsync.core.Checks;
import java.util.Optional;

/**
 * What a mirrored copy shows besides its times. The default is content-free: the target's
 * configured label ("Appointment") as the title and nothing else — no patient, no notes, no
 * telehealth link. Anything richer is chosen explicitly by the host's projection policy for the
 * target; this type only carries the choice, and never prints it.
 *
 * @param title the title; empty for the target's configured label
 * @param description the description; empty for none
 * @param location the location; empty for none
 */
public record MirrorContent(Optional<String> title, Optional<String> description, Optional<String> location) {
  private static final MirrorContent CONTENT_FREE = new MirrorContent(Optional.empty(), Optional.empty(), Optional.empty());

  public MirrorContent {
    Checks.notNull(title, "mirror title");
    Checks.notNull(description, "mirror description");
    Checks.notNull(location, "mirror location");
    title.ifPresent(t -> Checks.notBlank(t, "mirror title"));
  }

  /** The default: the configured label, nothing else. */
  public static MirrorContent contentFree() {
    return CONTENT_FREE;
  }

  /** Shows only which fields are set: the content may hold PHI the host chose to show. */
  @Override
  public String toString() {
    return "MirrorContent[title=" + (title.isPresent() ? "set" : "label") + ", description="
        + (description.isPresent() ? "set" : "none") + ", location=" + (location.isPresent() ? "set" : "none") + "]";
  }
}
