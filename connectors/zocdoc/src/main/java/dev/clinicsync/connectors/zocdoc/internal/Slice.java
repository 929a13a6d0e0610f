package dev.clinicsync.connectors.zocdoc.internal;

import dev.clinicsync.core.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One list query of the split window: appointments starting in {@code [start, end)}, optionally
 * narrowed to one provider and then one location. Slices of one fetch never overlap: time halves
 * share no instant (the vendor's bounds are re-checked on the client side), and a provider or
 * location split is a partition of what those filters return.
 *
 * @param start the first start instant the slice holds
 * @param end the first start instant it no longer holds
 * @param providerId the {@code pr_} filter, when the slice was split by provider
 * @param locationId the {@code lo_} filter, when the slice was split by location as well
 */
public record Slice(Instant start, Instant end, Optional<String> providerId, Optional<String> locationId) {
  public Slice {
    Checks.ordered(start, end, "slice");
    Checks.notNull(providerId, "slice provider");
    Checks.notNull(locationId, "slice location");
    if (locationId.isPresent() && providerId.isEmpty()) {
      throw new IllegalArgumentException("a slice is split by location only within one provider");
    }
  }

  public static Slice of(Instant start, Instant end) {
    return new Slice(start, end, Optional.empty(), Optional.empty());
  }

  public Duration length() {
    return Duration.between(start, end);
  }

  /** Whether an appointment starting at {@code at} belongs to this slice. */
  public boolean holdsStart(Instant at) {
    return !at.isBefore(start) && at.isBefore(end);
  }

  /** The two halves, split at a whole second. */
  public Slice[] halves() {
    long seconds = length().getSeconds() / 2;
    Instant mid = start.plusSeconds(Math.max(1, seconds));
    return new Slice[] {new Slice(start, mid, providerId, locationId), new Slice(mid, end, providerId, locationId)};
  }

  public Slice forProvider(String provider) {
    return new Slice(start, end, Optional.of(provider), Optional.empty());
  }

  public Slice forLocation(String location) {
    return new Slice(start, end, providerId, Optional.of(location));
  }

  @Override
  public String toString() {
    return "Slice[" + start + ".." + end + providerId.map(p -> " " + p).orElse("") + locationId.map(l -> " " + l).orElse("") + "]";
  }
}
