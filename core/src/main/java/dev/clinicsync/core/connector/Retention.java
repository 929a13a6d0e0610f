package dev.clinicsync.core.connector;

import dev.clinicsync.core.Checks;
import dev.clinicsync.core.ValidationException;
import dev.clinicsync.core.model.SourceRef;
import dev.clinicsync.core.model.SourceSystem;
import dev.clinicsync.core.model.TimeWindow;
import java.util.Optional;

/**
 * A connector's explicit "keep what you have": stored records this fetch could not see and that
 * must therefore not be inferred deleted. A full fetch removes every stored record of its connector
 * that it did not return, except those a retention covers. Explicit deletions are not affected.
 *
 * <p>Four kinds, each built by a factory: one {@link #key(SourceRef) record} (a record skipped this
 * time), every record whose vendor id {@link #idPrefix starts with} a prefix the connector chose (a
 * recurring series it could not expand: the connector, not the SDK, knows how its instance ids are
 * formed), a {@link #window(TimeWindow) window} the fetch could not read completely, and
 * {@link #everything()} (a suspiciously empty or truncated answer).
 *
 * @param kind what the retention covers
 * @param source for {@link Kind#KEY}, the record; for {@link Kind#ID_PREFIX}, the system and the prefix
 *     as its external id
 * @param window for {@link Kind#WINDOW}, the incomplete window
 */
public record Retention(Kind kind, Optional<SourceRef> source, Optional<TimeWindow> window) {

  /** What a retention covers. */
  public enum Kind {
    /** One record, by source key. */
    KEY,
    /** Every record of a system whose external id starts with a prefix. */
    ID_PREFIX,
    /** Every record overlapping a window. */
    WINDOW,
    /** Every record: nothing may be inferred deleted from this fetch. */
    EVERYTHING
  }

  private static final Retention EVERYTHING = new Retention(Kind.EVERYTHING, Optional.empty(), Optional.empty());

  public Retention {
    Checks.notNull(kind, "retention kind");
    Checks.notNull(source, "retention source");
    Checks.notNull(window, "retention window");
    boolean wantsSource = kind == Kind.KEY || kind == Kind.ID_PREFIX;
    if (wantsSource != source.isPresent() || (kind == Kind.WINDOW) != window.isPresent()) {
      throw new ValidationException("a " + kind + " retention needs "
          + (wantsSource ? "a source and no window" : kind == Kind.WINDOW ? "a window and no source" : "nothing else"));
    }
  }

  /** Keep one stored record (one skipped in this fetch), whatever its version. */
  public static Retention key(SourceRef source) {
    Checks.notNull(source, "retained source");
    return new Retention(Kind.KEY, Optional.of(SourceRef.of(source.system(), source.externalId())), Optional.empty());
  }

  /** Keep every stored record of {@code system} whose external id starts with {@code prefix}. */
  public static Retention idPrefix(SourceSystem system, String prefix) {
    return new Retention(Kind.ID_PREFIX, Optional.of(SourceRef.of(system, prefix)), Optional.empty());
  }

  /** Keep every stored record overlapping a window the fetch could not read whole. */
  public static Retention window(TimeWindow window) {
    return new Retention(Kind.WINDOW, Optional.empty(), Optional.of(Checks.notNull(window, "retained window")));
  }

  /** Keep everything: this fetch proves nothing about what is gone. */
  public static Retention everything() {
    return EVERYTHING;
  }

  /** Whether a stored record with this source key and interval is kept. */
  public boolean covers(SourceRef stored, TimeWindow storedWindow) {
    return switch (kind) {
      case KEY -> source.orElseThrow().sameKey(stored);
      case ID_PREFIX -> source.orElseThrow().system().equals(stored.system())
          && stored.externalId().startsWith(source.orElseThrow().externalId());
      case WINDOW -> window.orElseThrow().overlaps(storedWindow);
      case EVERYTHING -> true;
    };
  }

  @Override
  public String toString() {
    return "Retention[" + kind + source.map(s -> " " + s.key()).orElse("") + window.map(w -> " " + w).orElse("") + "]";
  }
}
