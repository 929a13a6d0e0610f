package dev.clinicsync.connectors.zocdoc;

import dev.clinicsync.core.Checks;
import java.util.Optional;

/**
 * What {@link ZocdocWebhookHandler} did with a verified request (the host answers 200 to both).
 *
 * @param outcome whether a refresh ran
 * @param appointmentId the Zocdoc appointment refreshed, for {@link Outcome#REFRESHED}
 * @param updateType Zocdoc's {@code appointment_update_type} ({@code created}, {@code updated},
 *     {@code cancelled}) when it sent a documented one
 */
public record WebhookResult(Outcome outcome, Optional<String> appointmentId, Optional<String> updateType) {

  /** What happened. */
  public enum Outcome {
    /** An {@code appointment_updated} notice: the appointment was fetched and applied. */
    REFRESHED,
    /** A verified notice of another event type: nothing to do. */
    IGNORED
  }

  public WebhookResult {
    Checks.notNull(outcome, "webhook outcome");
    Checks.notNull(appointmentId, "webhook appointment id");
    Checks.notNull(updateType, "webhook update type");
  }
}
