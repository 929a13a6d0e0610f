package dev.clinicsync.examples.demo;

import java.time.Instant;
import java.util.Objects;

/**
 * A personal event in a clinician's Google calendar (it becomes a busy block; its title is
 * personal and never read).
 *
 * @param id Google's event id
 * @param clinician clinician id
 * @param start start
 * @param end end
 * @param title the personal title, served to the connector, never read by it
 */
public record DemoBusy(String id, String clinician, Instant start, Instant end, String title) {
  public DemoBusy {
    Objects.requireNonNull(id, "busy id");
    Objects.requireNonNull(clinician, "busy clinician");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("busy block: end must be after start");
    }
  }

  @Override
  public String toString() {
    return "DemoBusy[" + id + " " + clinician + " " + start + ".." + end + "]";
  }
}
